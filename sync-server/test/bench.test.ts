import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Outcome, RowResult } from '../bench/report.ts';
import { DATABASE_URL, REDIS_URL, servicesMissing } from './services.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** `pnpm bench` with the given flags; its last stdout line is every row's outcome as JSON. */
async function bench(flags: string[]): Promise<{ outcomes: Record<string, Outcome>; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...flags], {
    cwd: packageDir,
    env: { ...process.env, DATABASE_URL, REDIS_URL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code, err).toBe(0);
  const last = out.trim().split('\n').at(-1) ?? '{}';
  return { outcomes: JSON.parse(last) as Record<string, Outcome>, out };
}

function measured(outcome: Outcome | undefined): RowResult {
  if (!outcome || 'error' in outcome || 'skipped' in outcome)
    throw new Error(`row not measured: ${JSON.stringify(outcome)}`);
  return outcome;
}

describe.skipIf(servicesMissing)('pnpm bench: the scale-out scenario', () => {
  it('runs the same load over one and two processes, with every update delivered', async () => {
    const { outcomes, out } = await bench([
      ...['--clients', '12', '--docs', '4', '--rate', '2', '--seconds', '2', '--warmup', '1'],
      ...['--only', 'scale-out-1,scale-out-2', '--no-pin'],
    ]);
    const one = measured(outcomes['scale-out-1']);
    const two = measured(outcomes['scale-out-2']);
    expect(one.processes).toBe(1);
    expect(two.processes).toBe(2);
    // Every receipt arrived, so updates crossed between the two processes through Redis.
    expect(one.delivered).toBe(1);
    expect(two.delivered).toBe(1);
    expect(two.updatesPerSec).toBeGreaterThan(0);
    // Each document's three clients were spread over both processes: each holds every document.
    expect(one.docsLoaded).toBe(4);
    expect(two.docsLoaded).toBe(8);
    // Nothing left behind once the clients went away.
    expect(two.docsLeftLoaded).toBe(0);
    expect(out).toContain('Scale-out: the same load over 1 and 2 processes');
    expect(out).toMatch(/updates\/s\s+[\d.]+\s+[\d.]+\s+[\d.]+×/);
  }, 120_000);
});
