import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

interface Summary {
  killCycles: number;
  restartFailed: boolean;
  serverSelfExits: Record<string, number>;
  updatesSent: number;
  acknowledged: number;
  lost: number;
  lostAtKills: number;
  readBackItems: number;
  malformedSent: number;
  malformedClosed: Record<string, number>;
  malformedUnexpected: number;
  malformedInterruptedByKill: number;
  slowReaderConnections: number;
  sigtermExit: string;
}

/** `pnpm soak` with the given flags; its last stdout line is the summary as JSON. */
async function soak(
  flags: string[],
): Promise<{ code: number | null; summary: Summary; err: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/soak.ts', ...flags], {
    cwd: packageDir,
    // SQLite: the soak's PostgreSQL mode is for `pnpm soak --postgres`.
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const last = out.trim().split('\n').at(-1) ?? '';
  expect(last.startsWith('{'), `${out}\n${err}`).toBe(true);
  return { code, summary: JSON.parse(last) as Summary, err };
}

describe('pnpm soak (small)', () => {
  it('survives 5 SIGKILL cycles under malformed senders and slow readers, losing nothing acknowledged', async () => {
    const { code, summary, err } = await soak([
      ...['--cycles', '5', '--minutes', '3', '--clients', '4', '--docs', '2'],
      ...['--kill-every-ms', '1000', '--slow-readers', '1', '--big-doc-kb', '512'],
    ]);
    expect(code, err).toBe(0);
    expect(summary.restartFailed).toBe(false);
    // No process died but by the soak's own SIGKILLs (an unhandled error would end it).
    expect(summary.serverSelfExits).toEqual({});
    expect(summary.killCycles).toBeGreaterThanOrEqual(5);
    // The writers' items went through and were confirmed stored, across the kills.
    expect(summary.acknowledged).toBeGreaterThan(0);
    expect(summary.lost).toBe(0);
    expect(summary.lostAtKills).toBe(0);
    expect(summary.readBackItems).toBeGreaterThanOrEqual(summary.acknowledged);
    // Every malformed sender the server answered was closed with the code its frame deserves.
    expect(summary.malformedUnexpected).toBe(0);
    const closed = Object.values(summary.malformedClosed).reduce((n, k) => n + k, 0);
    expect(closed + summary.malformedInterruptedByKill).toBe(summary.malformedSent);
    expect(summary.malformedClosed['garbage 4400']).toBeGreaterThan(0);
    expect(summary.malformedClosed['oversized 1009']).toBeGreaterThan(0);
    expect(summary.slowReaderConnections).toBeGreaterThanOrEqual(6);
    expect(summary.sigtermExit).toBe('0');
  }, 120_000);
});
