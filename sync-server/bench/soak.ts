/**
 * `pnpm soak`: faults and attacks against real server processes for a while, then proof that
 * nothing acknowledged was lost.
 *
 * While it runs: writers append uniquely named items to a few documents at a steady rate and count
 * what the server acknowledged (`?saved=1`, MESSAGE_SAVED); every --kill-every-ms after a server is
 * healthy it is SIGKILLed and restarted on the same port and data (a cycle counts once /healthz
 * says 200); each server life also gets senders of malformed frames (which must be closed with
 * 4400 or 1009) and readers of a ~1 MB document that stop reading and keep asking for all of it
 * (reported: whether the server closed them, with which code). At the end the load stops, the
 * server is killed and restarted once more, and a fresh client reads every document back: an
 * acknowledged item that is missing is lost. After every kill, before the restart, storage is also
 * read directly: everything acknowledged before the kill must already be there.
 *
 * Flags: --minutes (10), --cycles (stop after this many kill cycles, if sooner), --kill-every-ms
 * (1500), --clients (8), --docs (4), --rate items/s per writer (5), --malformed senders per server
 * life (5, one of each kind), --slow-readers per server life (2), --big-doc-kb (1024),
 * --postgres (DATABASE_URL + REDIS_URL, two server processes, killed in turn).
 * Progress goes to stderr; stdout is the summary table and last a single JSON line. Exits 1 when
 * anything acknowledged was lost, a server exited by itself or did not come back, or a malformed sender was not closed
 * as it must be.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DEFAULT_LIMITS } from '../src/config.ts';
import { openStorage, type StorageConfig } from '../src/storage/open-storage.ts';
import { createAccounts } from './accounts.ts';
import { freePort, rssBytes, ServerRun } from './soak-server.ts';
import {
  MALFORMED_KINDS,
  SlowReader,
  Tally,
  Writer,
  bigDocUpdate,
  itemsOf,
  readBack,
  sendMalformed,
  type MalformedKind,
} from './soak-clients.ts';
import { percentile, round, table } from './stats.ts';

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    cycles: { type: 'string' },
    'kill-every-ms': { type: 'string', default: '1500' },
    clients: { type: 'string', default: '8' },
    docs: { type: 'string', default: '4' },
    rate: { type: 'string', default: '5' },
    malformed: { type: 'string', default: '5' },
    'slow-readers': { type: 'string', default: '2' },
    'big-doc-kb': { type: 'string', default: '1024' },
    postgres: { type: 'boolean', default: false },
  },
});

function positive(name: string, raw: string | undefined, { whole = true, zero = false } = {}) {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (!zero && value === 0) || (whole && value % 1))
    throw new Error(`--${name} must be a ${whole ? 'whole ' : ''}number > ${zero ? -1 : 0}`);
  return value;
}

const options = {
  minutes: positive('minutes', flags.minutes, { whole: false }),
  cycles: flags.cycles === undefined ? Infinity : positive('cycles', flags.cycles),
  killEveryMs: positive('kill-every-ms', flags['kill-every-ms']),
  clients: positive('clients', flags.clients),
  docs: positive('docs', flags.docs),
  rate: positive('rate', flags.rate, { whole: false }),
  malformed: positive('malformed', flags.malformed, { zero: true }),
  slowReaders: positive('slow-readers', flags['slow-readers'], { zero: true }),
  bigDocBytes: positive('big-doc-kb', flags['big-doc-kb']) * 1024,
  postgres: flags.postgres,
};
if (options.docs > options.clients) throw new Error('need at least one writer per document');
const DATABASE_URL = process.env.DATABASE_URL ?? '';
const REDIS_URL = process.env.REDIS_URL ?? '';
if (options.postgres && (!DATABASE_URL || !REDIS_URL))
  throw new Error('--postgres needs DATABASE_URL and REDIS_URL');

const PROCESSES = options.postgres ? 2 : 1;
const HEALTHY_TIMEOUT_MS = 60_000;
const MAX_MESSAGE_BYTES = DEFAULT_LIMITS.maxMessageBytes;
const MB = 1024 * 1024;
const BIG_DOC = 'branch:soakbig';
const docNames = Array.from({ length: options.docs }, (_, d) => `branch:soak${d}`);
const writersPerDoc = docNames.map(
  (_, d) =>
    Math.floor(options.clients / options.docs) + (d < options.clients % options.docs ? 1 : 0),
);
const kinds = Object.keys(MALFORMED_KINDS) as MalformedKind[];
const startedAt = performance.now();
const log = (message: string) =>
  console.error(`soak [${Math.round((performance.now() - startedAt) / 1000)} s]: ${message}`);

/** Attackers started against one server life; settled when that life ends. */
interface Life {
  malformed: { kind: MalformedKind; settled: boolean; interrupted: boolean }[];
  slow: SlowReader[];
}

class Soak {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'branchbook-soak-'));
  readonly storage: StorageConfig = {
    dataDir: this.dataDir,
    databaseUrl: options.postgres ? DATABASE_URL : null,
    databaseSchema: options.postgres ? `soak_${randomBytes(5).toString('hex')}` : 'public',
  };
  servers: ServerRun[] = [];
  readonly lives: Life[] = [];
  writers: Writer[] = [];
  tokens: string[][] = [];
  env: Record<string, string> = {};

  cycles = 0;
  restartFailure: string | null = null;
  readonly restartMs: number[] = [];
  lostAtKills = 0;
  readonly malformedCloses = new Tally();
  malformedUnexpected = 0;
  malformedInterrupted = 0;
  malformedSent = 0;
  readonly slowClientCloses = new Tally();
  slowConnections = 0;
  slowRequests = 0;
  readonly serverCloses = new Tally();
  metricsMissed = 0;
  /** Server processes that exited before the soak killed them, by exit code or signal. */
  readonly selfExits = new Tally();
  selfExitOutput = '';
  peakRss = 0;
  readonly lifePeaks: number[] = [];
  readonly #lifePeak: number[] = [];

  async prepare(): Promise<void> {
    const storage = await openStorage(this.storage);
    try {
      // Per writers' document: its writers, a reader for the end, one for the malformed senders.
      this.tokens = await createAccounts(
        storage.auth,
        [...docNames, BIG_DOC],
        [...writersPerDoc.map((n) => n + 2), Math.max(1, options.slowReaders)],
      );
      await storage.docs.append(BIG_DOC, bigDocUpdate(options.bigDocBytes));
    } finally {
      await storage.close();
    }
    this.env = {
      DATA_DIR: this.dataDir,
      DATABASE_URL: this.storage.databaseUrl ?? '',
      DATABASE_SCHEMA: this.storage.databaseSchema,
      REDIS_URL: options.postgres ? REDIS_URL : '',
      LOG_LEVEL: 'warn',
      // Every writer reconnects after every kill: that is not the flood the per-IP limit is for.
      MAX_CONNECTIONS_PER_MINUTE_PER_IP: '1000000',
    };
  }

  token(d: number, k: number): string {
    return this.tokens[d]?.[k] ?? '';
  }

  async start(): Promise<void> {
    const ports = await Promise.all(Array.from({ length: PROCESSES }, () => freePort()));
    this.servers = ports.map((port) => new ServerRun(port, this.env));
    await Promise.all(this.servers.map((server) => server.healthy(HEALTHY_TIMEOUT_MS)));
    for (const slot of this.servers.keys()) {
      this.#lifePeak[slot] = 0;
      this.lives[slot] = this.#attack(slot);
    }
  }

  sampleRss(): void {
    for (const [slot, server] of this.servers.entries()) {
      if (server.pid === undefined || !server.running) continue;
      const rss = rssBytes(server.pid);
      if (rss === null) continue;
      this.peakRss = Math.max(this.peakRss, rss);
      this.#lifePeak[slot] = Math.max(this.#lifePeak[slot] ?? 0, rss);
    }
  }

  startWriters(): void {
    this.writers = Array.from({ length: options.clients }, (_, i) => {
      const d = i % options.docs;
      const server = this.servers[i % PROCESSES] as ServerRun;
      return new Writer(
        `w${i}`,
        server.baseUrl,
        docNames[d] ?? '',
        this.token(d, Math.floor(i / options.docs)),
      );
    });
    for (const writer of this.writers) writer.start(options.rate);
  }

  /** Malformed senders and slow readers against one fresh server life. */
  #attack(slot: number): Life {
    const server = this.servers[slot] as ServerRun;
    const life: Life = { malformed: [], slow: [] };
    for (let m = 0; m < options.malformed; m++) {
      const kind = kinds[m % kinds.length] as MalformedKind;
      const d = m % options.docs;
      const entry = { kind, settled: false, interrupted: false };
      life.malformed.push(entry);
      this.malformedSent++;
      const { closed } = sendMalformed(
        server.baseUrl,
        docNames[d] ?? '',
        this.token(d, (writersPerDoc[d] ?? 0) + 1),
        kind,
        MAX_MESSAGE_BYTES,
      );
      void closed.then((code) => {
        entry.settled = true;
        if (entry.interrupted && code === 1006) {
          this.malformedInterrupted++;
          return;
        }
        this.malformedCloses.add(`${kind} ${code}`);
        if (code !== MALFORMED_KINDS[kind]) this.malformedUnexpected++;
      });
    }
    for (let r = 0; r < options.slowReaders; r++) {
      this.slowConnections++;
      life.slow.push(
        new SlowReader(server.baseUrl, BIG_DOC, this.token(options.docs, r), {
          // Under the sync-request limit (a burst of 30, then 2/s).
          burst: 25,
          burstIntervalMs: 50,
          steadyIntervalMs: 600,
        }),
      );
    }
    return life;
  }

  /** Ends a life: reads the server's close counts, SIGKILLs it, settles its attackers. */
  async #kill(slot: number): Promise<void> {
    const server = this.servers[slot] as ServerRun;
    try {
      this.serverCloses.addAll(await server.closesByCode());
    } catch {
      this.metricsMissed++;
    }
    const life = this.lives[slot] as Life;
    for (const entry of life.malformed) if (!entry.settled) entry.interrupted = true;
    if (!server.running) {
      // Not our doing: the process exited by itself during its life.
      const exit = await server.exited;
      this.selfExits.add(String(exit.code ?? exit.signal));
      this.selfExitOutput = server.output().slice(-4000);
      log(`server exited by itself (${exit.code ?? exit.signal}):\n${this.selfExitOutput}`);
    }
    await server.kill('SIGKILL');
    this.lifePeaks.push(this.#lifePeak[slot] ?? 0);
    this.#lifePeak[slot] = 0;
    const ends = await Promise.all(life.slow.map((reader) => reader.finish(10_000)));
    for (const [r, end] of ends.entries()) {
      this.slowClientCloses.add(end);
      this.slowRequests += life.slow[r]?.requests ?? 0;
    }
  }

  async #restart(slot: number, attack = true): Promise<boolean> {
    const began = performance.now();
    const port = (this.servers[slot] as ServerRun).port;
    const next = new ServerRun(port, this.env);
    this.servers[slot] = next;
    try {
      await next.healthy(HEALTHY_TIMEOUT_MS);
    } catch (error) {
      this.restartFailure = (error as Error).message;
      return false;
    }
    this.restartMs.push(performance.now() - began);
    if (attack) this.lives[slot] = this.#attack(slot);
    else this.lives[slot] = { malformed: [], slow: [] };
    return true;
  }

  /** Acknowledged items (as of `acked`, per writer) that storage does not hold. */
  async missingFromStorage(acked: number[]): Promise<number> {
    const storage = await openStorage(this.storage);
    try {
      let missing = 0;
      for (const [d, name] of docNames.entries()) {
        const stored = new Set(itemsOf((await storage.docs.load(name)).updates));
        for (const [i, writer] of this.writers.entries())
          if (i % options.docs === d)
            for (const item of writer.ackedNames(acked[i])) if (!stored.has(item)) missing++;
      }
      return missing;
    } finally {
      await storage.close();
    }
  }

  /** One kill cycle of `slot`; false when the server did not come back. */
  async cycle(slot: number): Promise<boolean> {
    const acked = this.writers.map((writer) => writer.acked);
    await this.#kill(slot);
    const missing = await this.missingFromStorage(acked);
    if (missing > 0) log(`cycle ${this.cycles + 1}: ${missing} acknowledged items not in storage`);
    this.lostAtKills += missing;
    if (!(await this.#restart(slot))) return false;
    this.cycles++;
    return true;
  }

  /** Stops the load, kills every server once more, restarts them and reads everything back. */
  async finish(): Promise<{ lost: number; unacked: number; readBackItems: number }> {
    for (const writer of this.writers) writer.stop();
    // The last items are acknowledged once stored; give them the time a loaded machine needs.
    const allAcked = await Promise.all(this.writers.map((writer) => writer.whenAllAcked(30_000)));
    log(
      `load stopped; ${allAcked.filter(Boolean).length} of ${allAcked.length} writers fully acknowledged`,
    );
    const acked = this.writers.map((writer) => writer.acked);
    for (const writer of this.writers) writer.destroy();
    for (const slot of this.servers.keys()) await this.#kill(slot);
    this.lostAtKills += await this.missingFromStorage(acked);
    log('killed once more; restarting and reading every document back');
    for (const slot of this.servers.keys()) {
      // No attackers this time: the read-back is the measurement.
      if (!(await this.#restart(slot, false)))
        throw new Error(this.restartFailure ?? 'restart failed');
    }
    let lost = 0;
    let readBackItems = 0;
    for (const [d, name] of docNames.entries()) {
      const server = this.servers[d % PROCESSES] as ServerRun;
      const present = new Set(
        await readBack(server.baseUrl, name, this.token(d, writersPerDoc[d] ?? 0), 60_000),
      );
      readBackItems += present.size;
      for (const [i, writer] of this.writers.entries())
        if (i % options.docs === d)
          for (const item of writer.ackedNames(acked[i])) if (!present.has(item)) lost++;
    }
    const unacked = this.writers.reduce((n, w) => n + w.sent - w.acked, 0);
    return { lost, unacked, readBackItems };
  }

  /** SIGTERM: the servers must store what is pending and exit 0. */
  async shutDown(): Promise<string> {
    // The last lives' attackers are over: count what the servers closed.
    for (const server of this.servers) {
      try {
        this.serverCloses.addAll(await server.closesByCode());
      } catch {
        this.metricsMissed++;
      }
    }
    const exits = await Promise.all(this.servers.map((server) => server.kill('SIGTERM')));
    for (const life of this.lives) for (const reader of life.slow) reader.socket.terminate();
    return exits.map((exit) => String(exit.code ?? exit.signal)).join(', ');
  }

  async cleanUp(): Promise<void> {
    for (const server of this.servers) if (server.running) await server.kill('SIGKILL');
    for (const writer of this.writers) writer.destroy();
    for (const life of this.lives) for (const reader of life.slow) reader.socket.terminate();
    rmSync(this.dataDir, { recursive: true, force: true });
    if (options.postgres) {
      const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
      try {
        await pool.query(`DROP SCHEMA IF EXISTS "${this.storage.databaseSchema}" CASCADE`);
      } finally {
        await pool.end();
      }
    }
  }
}

function nextKillDue(ms: number, stop: Promise<void>): Promise<void> {
  // The pacing of the faults, not a wait for an event.
  return Promise.race([new Promise<void>((resolve) => setTimeout(resolve, ms)), stop]);
}

async function main(): Promise<number> {
  const soak = new Soak();
  const began = performance.now();
  let failed: boolean;
  try {
    log(
      `${options.clients} writers over ${options.docs} docs at ${options.rate} items/s each, ` +
        `SIGKILL every ${options.killEveryMs} ms of uptime, ${options.malformed} malformed senders ` +
        `and ${options.slowReaders} slow readers of a ${round(options.bigDocBytes / MB, 1)} MB ` +
        `document per server life, ${options.postgres ? 'PostgreSQL + Redis, 2 processes' : 'SQLite, 1 process'}`,
    );
    await soak.prepare();
    await soak.start();
    log(`accounts and the big document stored; server${PROCESSES > 1 ? 's' : ''} healthy`);
    const sampler = setInterval(() => soak.sampleRss(), 250);
    soak.startWriters();
    const loadBegan = performance.now();
    const deadline = loadBegan + options.minutes * 60_000;
    let stopEarly = () => {};
    const stopped = new Promise<void>((resolve) => (stopEarly = resolve));
    const deadlineTimer = setTimeout(stopEarly, options.minutes * 60_000);
    process.once('SIGINT', stopEarly);
    let slot = 0;
    let lastReport = performance.now();
    while (performance.now() < deadline && soak.cycles < options.cycles) {
      await nextKillDue(options.killEveryMs, stopped);
      if (performance.now() >= deadline) break;
      if (!(await soak.cycle(slot))) break;
      slot = (slot + 1) % PROCESSES;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const sent = soak.writers.reduce((n, w) => n + w.sent, 0);
        const acked = soak.writers.reduce((n, w) => n + w.acked, 0);
        log(
          `${round((lastReport - loadBegan) / 60_000, 1)} min: ${soak.cycles} cycles, ${sent} sent, ${acked} acknowledged, ` +
            `peak RSS ${round(soak.peakRss / MB, 1)} MB`,
        );
      }
    }
    clearTimeout(deadlineTimer);
    process.off('SIGINT', stopEarly);
    const loadMinutes = (performance.now() - loadBegan) / 60_000;
    const end = soak.restartFailure
      ? { lost: NaN, unacked: NaN, readBackItems: NaN }
      : await soak.finish();
    const shutdown = soak.restartFailure ? 'not reached' : await soak.shutDown();
    clearInterval(sampler);

    const sent = soak.writers.reduce((n, w) => n + w.sent, 0);
    const acked = soak.writers.reduce((n, w) => n + w.acked, 0);
    const writerCloses = new Tally();
    for (const writer of soak.writers) writerCloses.addAll(writer.closes.counts);
    const reconnections = soak.writers.reduce((n, w) => n + w.connections - 1, 0);
    const restarts = Float64Array.from(soak.restartMs).sort();
    const lifePeaks = Float64Array.from(soak.lifePeaks).sort();
    failed =
      soak.restartFailure !== null ||
      !(end.lost === 0) ||
      soak.lostAtKills > 0 ||
      soak.selfExits.total() > 0 ||
      soak.malformedUnexpected > 0;
    const summary = {
      storage: options.postgres ? 'postgres+redis, 2 processes' : 'sqlite, 1 process',
      minutes: round(loadMinutes, 2),
      killCycles: soak.cycles,
      restartFailed: soak.restartFailure !== null,
      restartMsP50: round(percentile(restarts, 50), 0),
      restartMsMax: round(restarts.at(-1) ?? NaN, 0),
      writers: options.clients,
      docs: options.docs,
      updatesSent: sent,
      acknowledged: acked,
      unacknowledgedAtEnd: end.unacked,
      lost: end.lost,
      lostAtKills: soak.lostAtKills,
      readBackItems: end.readBackItems,
      writerReconnections: reconnections,
      writerCloses: writerCloses.toJSON(),
      malformedSent: soak.malformedSent,
      malformedClosed: soak.malformedCloses.toJSON(),
      malformedUnexpected: soak.malformedUnexpected,
      malformedInterruptedByKill: soak.malformedInterrupted,
      slowReaderConnections: soak.slowConnections,
      slowReaderRequests: soak.slowRequests,
      slowReadersClosedByServer: soak.serverCloses.counts.get('4508') ?? 0,
      slowReaderEndsSeenByClient: soak.slowClientCloses.toJSON(),
      serverCloses: soak.serverCloses.toJSON(),
      metricsScrapesMissed: soak.metricsMissed,
      serverSelfExits: soak.selfExits.toJSON(),
      peakRssMB: round(soak.peakRss / MB, 1),
      lifePeakRssMBP50: round(percentile(lifePeaks, 50) / MB, 1),
      sigtermExit: shutdown,
      restartFailure: soak.restartFailure,
    };
    const rows: string[][] = [
      ['storage', String(summary.storage)],
      ['minutes', String(summary.minutes)],
      [
        'kill cycles',
        `${soak.cycles} (SIGKILL every ${options.killEveryMs} ms of uptime; restart to /healthz 200: p50 ${summary.restartMsP50} ms, max ${summary.restartMsMax} ms)`,
      ],
      [
        'server failed to restart',
        soak.restartFailure ? `YES: ${soak.restartFailure.split('\n')[0]}` : 'no',
      ],
      [
        'updates sent',
        `${sent} (${options.clients} writers, ${options.docs} docs, ${options.rate}/s each)`,
      ],
      ['acknowledged', `${acked} (unacknowledged at end: ${end.unacked})`],
      ['lost (acknowledged, not read back)', String(end.lost)],
      ['lost at a kill (acknowledged, not in storage)', String(soak.lostAtKills)],
      [
        'writer reconnections',
        `${reconnections} (close events, failed reconnect attempts included: ${writerCloses.toString()})`,
      ],
      [
        'malformed senders closed (kind code)',
        `${soak.malformedCloses.toString()}; unexpected ${soak.malformedUnexpected}, cut off by a kill ${soak.malformedInterrupted}`,
      ],
      [
        'slow readers closed by server',
        `${summary.slowReadersClosedByServer} of ${soak.slowConnections} with 4508 (${soak.slowRequests} whole-document requests)`,
      ],
      ['slow reader ends seen by client', soak.slowClientCloses.toString()],
      ['server closes (/metrics, code)', soak.serverCloses.toString()],
      [
        'server peak RSS',
        `${summary.peakRssMB} MB (median peak per life ${summary.lifePeakRssMBP50} MB)`,
      ],
      ['SIGTERM at the end: exit', shutdown],
      ['result', failed ? 'FAILED' : 'ok'],
    ];
    console.log(
      table(['soak', ''], rows)
        .split('\n')
        .map((line) => line.trimEnd())
        .join('\n'),
    );
    log(`done in ${round((performance.now() - began) / 1000, 1)} s`);
    console.log(JSON.stringify(summary));
    if (soak.restartFailure) console.error(soak.restartFailure);
  } catch (error) {
    failed = true;
    console.error(error);
    for (const server of soak.servers) console.error(server.output());
  } finally {
    await soak.cleanUp();
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
// Stray sockets and timers must not keep a finished soak alive.
process.exit();
