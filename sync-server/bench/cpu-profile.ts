import { readFileSync } from 'node:fs';
import { round, table } from './stats.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions with the most self time in a V8 `.cpuprofile`, as a printable table. */
export function topSelfTime(file: string, limit = 20): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const node = byId.get(id);
    if (!node) return;
    totalUs += delta;
    const key = describe(node);
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
  });
  // The share of the time the main thread was not idle: where the server's own time goes.
  const busyUs = totalUs - (selfUs.get('(idle)') ?? 0);
  const rows = [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, us]) => [
      key,
      '',
      `${round(us / 1000, 0)}`,
      `${round((100 * us) / totalUs, 1)}%`,
      key === '(idle)' ? '' : `${round((100 * us) / busyUs, 1)}%`,
    ]);
  return (
    `${table(['function (where)', '', 'self ms', 'share', 'of busy'], rows)}\n` +
    `(total ${round(totalUs / 1e6, 1)} s sampled, ${round(busyUs / 1e6, 1)} s not idle)`
  );
}

function describe(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  // V8's pseudo-frames are already in parentheses: (idle), (garbage collector), (program)…
  if (!url) return functionName.startsWith('(') ? functionName : `${functionName || '?'} (native)`;
  // Keep what names the package or the repo file, not the store path.
  const short = url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/.*\/sync-server\//, '');
  return `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
}
