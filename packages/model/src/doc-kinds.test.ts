import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DOC_KIND_SPECS, REGISTERED_KINDS, docOptionsFor, isRegisteredKind } from './doc-kinds.ts';
import { DOC_KINDS } from './doc-name.ts';
import { saveVersion } from './lesson-draft.ts';
import { SCHEMA_VERSION } from './meta.ts';

describe('DOC_KIND_SPECS', () => {
  it('has a row for every document kind', () => {
    expect(Object.keys(DOC_KIND_SPECS).sort()).toEqual([...DOC_KINDS].sort());
    for (const kind of DOC_KINDS) {
      expect(DOC_KIND_SPECS[kind].schemaVersion).toBe(SCHEMA_VERSION[kind]);
    }
  });

  it('names the kinds the server registers before it syncs them', () => {
    expect([...REGISTERED_KINDS].sort()).toEqual(['lesson', 'meeting', 'plan']);
    expect(isRegisteredKind('plan')).toBe(true);
    expect(isRegisteredKind('study')).toBe(false);
    expect(isRegisteredKind('notes')).toBe(false);
  });

  it('keeps history for lessons only, so named versions can be saved on a doc built from it', () => {
    expect(docOptionsFor('lesson:L1')).toEqual({ gc: false });
    expect(docOptionsFor('plan:p1')).toEqual({ gc: true });
    expect(docOptionsFor('study:u1')).toEqual({ gc: true });
    expect(docOptionsFor('nonsense')).toEqual({ gc: true });
    const lesson = new Y.Doc(docOptionsFor('lesson:L1'));
    expect(saveVersion(lesson, { id: 'v1', name: '初稿', at: 1, by: 'u1' }).ok).toBe(true);
    const plan = new Y.Doc(docOptionsFor('plan:p1'));
    expect(saveVersion(plan, { id: 'v1', name: '初稿', at: 1, by: 'u1' })).toEqual({
      ok: false,
      error: { code: 'gc-enabled' },
    });
  });
});
