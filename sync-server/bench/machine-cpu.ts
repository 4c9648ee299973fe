/**
 * CPU use of the whole machine and of the services a clustered server leans on (PostgreSQL and
 * Redis, when they run on this machine), from Linux's /proc. Elsewhere every figure is NaN.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const SERVICES = { postgres: /^postgres/, redis: /^redis-server/ } as const;
type Service = keyof typeof SERVICES;

export interface MachineSample {
  at: number;
  /** Jiffies all CPUs spent busy / in total since boot. */
  busy: number;
  total: number;
  /** Jiffies each service's processes have used (user + system). */
  services: Record<Service, number>;
}

export interface MachineUse {
  /** Busy share of all CPUs, %. */
  busyPct: number;
  /** Each service's CPU, % of one core. */
  servicesPct: Record<Service, number>;
}

const ticksPerSecond = (() => {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const value = Number(out.stdout?.trim());
  return Number.isFinite(value) && value > 0 ? value : 100;
})();

export function sampleMachine(): MachineSample {
  const services: Record<Service, number> = { postgres: NaN, redis: NaN };
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/) ?? [];
    // cpu user nice system idle iowait irq softirq steal …
    const fields = cpu.slice(1, 9).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    for (const name of Object.keys(SERVICES) as Service[]) services[name] = 0;
    for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
      const stat = readQuietly(`/proc/${pid}/stat`);
      if (!stat) continue;
      // pid (comm) state … ; comm may hold spaces, so split after the last ')'.
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const service = (Object.keys(SERVICES) as Service[]).find((s) => SERVICES[s].test(comm));
      if (!service) continue;
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // Fields 14 and 15 (utime, stime) are at 11 and 12 after the comm.
      services[service] += Number(rest[11]) + Number(rest[12]);
    }
    return { at: performance.now(), busy: total - idle, total, services };
  } catch {
    return { at: performance.now(), busy: NaN, total: NaN, services };
  }
}

export function machineUse(from: MachineSample, to: MachineSample): MachineUse {
  const seconds = (to.at - from.at) / 1000;
  const pct = (ticks: number) => (100 * ticks) / ticksPerSecond / seconds;
  return {
    busyPct: (100 * (to.busy - from.busy)) / (to.total - from.total),
    servicesPct: {
      postgres: pct(to.services.postgres - from.services.postgres),
      redis: pct(to.services.redis - from.services.redis),
    },
  };
}

function readQuietly(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    // The process exited between listing and reading.
    return null;
  }
}
