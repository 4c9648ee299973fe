import { afterEach, describe, expect, it, vi } from 'vitest';
import { isValidId } from '@branchbook/model';
import { newId } from './ids.ts';

describe('newId', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is 32 hex characters and a valid model id', () => {
    const id = newId();
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(isValidId(id)).toBe(true);
    expect(newId()).not.toBe(id);
  });

  it('works without crypto.randomUUID (insecure contexts)', () => {
    vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) });
    const id = newId();
    expect(id).toMatch(/^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
  });
});
