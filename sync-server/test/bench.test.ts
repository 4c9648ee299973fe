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

describe('pnpm bench: the capacity scenario and the floor', () => {
  it('climbs in steps for both shapes, and the bare relay delivers every update', async () => {
    const { outcomes, out } = await bench([
      ...['--clients', '6', '--docs', '2', '--meeting-clients', '4', '--rate', '2'],
      ...['--seconds', '1', '--warmup', '1', '--steps', '2', '--step-seconds', '1'],
      ...['--step-warmup', '1', '--workers', '1', '--only', 'branchbook,floor', '--no-pin'],
    ]);
    for (const name of ['branchbook', 'floor']) {
      const row = measured(outcomes[name]);
      // At the default rate every update reached every other client of its document.
      expect(row.delivered, name).toBe(1);
      expect(row.docsLoaded, name).toBe(2);
      expect(row.docsLeftLoaded, name).toBe(0);
      expect(row.cpuMsPerThousandReceipts, name).toBeGreaterThan(0);
      const { spread, meeting } = row.capacity ?? {};
      if (!spread || !meeting) throw new Error(`${name}: no capacity for both shapes`);
      for (const [shape, capacity] of [
        ['spread', spread],
        ['meeting', meeting],
      ] as const) {
        const steps = capacity.steps;
        expect(steps.length, `${name} ${shape}`).toBeGreaterThanOrEqual(1);
        expect(steps.length, `${name} ${shape}`).toBeLessThanOrEqual(2);
        // The first step is the default rate; the next doubles it (or retries it once).
        expect(steps[0]?.rate).toBe(2);
        if (steps[1]) expect([2, 4]).toContain(steps[1].rate);
        // 2 updates/s × 6 clients × 2 others; 2 × 4 clients × 3 others.
        expect(steps[0]?.offeredReceiptsPerSec).toBe(24);
        expect(steps[0]?.delivered, `${name} ${shape}`).toBe(1);
        const kept = steps.filter((step) => step.keptUp);
        const best = kept.length ? Math.max(...kept.map((step) => step.receiptsPerSec)) : null;
        expect(capacity.capacityReceiptsPerSec).toBe(best);
        expect(['server', 'load', 'machine', 'steps']).toContain(capacity.limitedBy);
      }
      expect(row.capacityReceiptsPerSec).toBe(spread.capacityReceiptsPerSec);
      expect(row.meetingCapacityReceiptsPerSec).toBe(meeting.capacityReceiptsPerSec);
    }
    expect(out).toContain('Capacity: the per-client rate doubled');
    expect(out).toContain('none (relay)');
    // The ratio row ours ÷ floor, with at least the CPU ratio known.
    expect(out).toMatch(/^branchbook +floor +.*\d×/m);
  }, 120_000);
});
