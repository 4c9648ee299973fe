/**
 * Load child: opens one stock client per (document, token), each sending a small Y.Map update at a
 * fixed rate, and times every update from its sender to each other client of the document.
 * Every client of a document lives in the same load child, so deliveries can be counted exactly;
 * with several server processes, a document's clients are spread over them.
 */
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { cpuOver, sleepUntil, wallNow, type FromLoad, type LoadSetup, type ToLoad } from './ipc.ts';

interface Stamp {
  /** Unique per update: `<client>.<seq>`. */
  id: string;
  /** Wall-clock send time, ms. */
  t: number;
}

interface Client {
  readonly doc: Y.Doc;
  readonly synced: Promise<void>;
  destroy(): void;
}

const SYNC_TIMEOUT_MS = 60_000;
// y-websocket adds a process 'exit' listener per provider; hundreds here are expected.
process.setMaxListeners(0);

const send = (message: FromLoad) => process.send?.(message);

function connect(setup: LoadSetup, url: string, name: string, token: string | null): Client {
  const doc = new Y.Doc();
  if (setup.kind === 'hocuspocus') {
    const socket = new HocuspocusProviderWebsocket({
      url,
      WebSocketPolyfill: WebSocket,
    });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name, document: doc });
    provider.attach();
    const synced = new Promise<void>((resolve) => {
      if (provider.synced) resolve();
      else provider.on('synced', () => resolve());
    });
    return {
      doc,
      synced,
      destroy() {
        provider.destroy();
        socket.destroy();
      },
    };
  }
  const provider = new WebsocketProvider(
    // The floor relay takes y-websocket's URLs: one path per document.
    setup.kind === 'branchbook' ? `${url}/sync` : url,
    name,
    doc,
    {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: token ? { token } : {},
      disableBc: true,
    },
  );
  const synced = new Promise<void>((resolve, reject) => {
    provider.on('sync', (isSynced: boolean) => {
      if (isSynced) resolve();
    });
    provider.on('connection-close', (event: { code: number; reason: string } | null) => {
      // Auth refusals and limits are 4xxx: the client would retry forever, so fail loudly.
      if (event && event.code >= 4000) reject(new Error(`closed ${event.code} ${event.reason}`));
    });
  });
  return { doc, synced, destroy: () => provider.destroy() };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** One document's clients, wired to record each other's updates. */
class DocLoad {
  readonly clients: Client[] = [];
  latencies: number[] = [];
  sent = 0;
  /** Per client, the stamps it has received in this window (a re-sync may repeat one). */
  readonly #seen: Set<string>[] = [];
  #window = { start: Infinity, end: -Infinity };

  constructor(
    readonly name: string,
    readonly tokens: (string | null)[],
  ) {}

  async connect(setup: LoadSetup, offset: number): Promise<void> {
    for (const [k, token] of this.tokens.entries()) {
      // Over several server processes, neighbouring clients of a document use different ones.
      const url = setup.urls[(offset + k) % setup.urls.length] ?? '';
      const client = connect(setup, url, this.name, token);
      this.clients.push(client);
      const map = client.doc.getMap<Stamp>('bench');
      const index = this.#seen.push(new Set()) - 1;
      map.observe((event, transaction) => {
        if (transaction.local) return;
        const now = wallNow();
        for (const key of event.keysChanged) {
          const stamp = map.get(key);
          if (!stamp || stamp.t < this.#window.start || stamp.t >= this.#window.end) continue;
          const seen = this.#seen[index];
          if (!seen || seen.has(stamp.id)) continue;
          seen.add(stamp.id);
          this.latencies.push(now - stamp.t);
        }
      });
    }
    await withTimeout(
      Promise.all(this.clients.map((client) => client.synced)),
      SYNC_TIMEOUT_MS,
      `syncing ${this.name} (clients from #${offset})`,
    );
  }

  /**
   * Starts a window: forgets the last one's counts, starts every client's timer at a random
   * phase; returns a function that stops them.
   */
  start(rate: number, windowStart: number, windowEnd: number): () => void {
    this.#window = { start: windowStart, end: windowEnd };
    this.latencies = [];
    this.sent = 0;
    for (const seen of this.#seen) seen.clear();
    const period = 1000 / rate;
    const timers: NodeJS.Timeout[] = [];
    for (const [index, client] of this.clients.entries()) {
      const map = client.doc.getMap<Stamp>('bench');
      const key = `c${index}`;
      let seq = 0;
      const tick = () => {
        const t = wallNow();
        if (t >= windowEnd) return;
        map.set(key, { id: `${this.name}/${index}.${seq++}`, t });
        if (t >= windowStart) this.sent++;
      };
      const phase = setTimeout(() => {
        tick();
        timers.push(setInterval(tick, period));
      }, Math.random() * period);
      timers.push(phase);
    }
    return () => timers.forEach((timer) => clearTimeout(timer));
  }
}

let docs: DocLoad[] = [];
let stop = () => {};

async function setUp(setup: LoadSetup): Promise<void> {
  const began = performance.now();
  docs = setup.docs.map((doc) => new DocLoad(doc.name, doc.tokens));
  // Connect whole documents at a time, about `batch` clients per round.
  let offset = 0;
  let round: Promise<void>[] = [];
  let inRound = 0;
  for (const doc of docs) {
    round.push(doc.connect(setup, offset));
    offset += doc.tokens.length;
    inRound += doc.tokens.length;
    if (inRound >= setup.batch) {
      await Promise.all(round);
      round = [];
      inRound = 0;
    }
  }
  await Promise.all(round);
  send({ type: 'connected', clients: offset, ms: performance.now() - began });
}

async function run(message: Extract<ToLoad, { type: 'run' }>): Promise<void> {
  const stops = docs.map((doc) => doc.start(message.rate, message.windowStart, message.windowEnd));
  stop = () => stops.forEach((s) => s());
  const cpu = await cpuOver(message.windowStart, message.windowEnd);
  stop();
  await sleepUntil(message.windowEnd + message.drainMs);
  const latencies = Float64Array.from(docs.flatMap((doc) => doc.latencies));
  send({
    type: 'result',
    result: {
      sent: docs.reduce((sum, doc) => sum + doc.sent, 0),
      expected: docs.reduce((sum, doc) => sum + doc.sent * (doc.clients.length - 1), 0),
      latencies,
      cpu,
    },
  });
}

let setup: LoadSetup | undefined;
process.on('message', (message: ToLoad) => {
  const fail = (error: unknown) => {
    send({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
  };
  switch (message.type) {
    case 'setup':
      setup = message.setup;
      setUp(message.setup).catch(fail);
      return;
    case 'run':
      if (setup) run(message).catch(fail);
      return;
    case 'disconnect':
      stop();
      for (const doc of docs) for (const client of doc.clients) client.destroy();
      // Let the close frames go out before the orchestrator measures the server.
      setTimeout(() => send({ type: 'disconnected' }), 500);
      return;
  }
});
process.on('disconnect', () => process.exit(0));
