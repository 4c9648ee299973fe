import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { describeDocNameError, parseDocName, type DocKind } from '@branchbook/model';
import { CLIENT_SCHEMA_PARAM, CLOSE, SAVED_ACKS_PARAM } from '@branchbook/protocol';
import type { Config } from './config.ts';
import type { DocStore } from './storage/doc-store.ts';
import { StorageHealth } from './storage/storage-health.ts';
import type { AccessPolicy } from './auth/access-policy.ts';
import { Metrics } from './metrics.ts';
import { createLogger, type Logger } from './log.ts';
import { RoomRegistry } from './sync/room-registry.ts';
import { attachConnection } from './sync/connection.ts';
import { staticFiles } from './http/static-files.ts';
import { securityHeaders } from './http/security-headers.ts';
import { metricsAccess } from './http/metrics-access.ts';
import { rateLimit, type RateLimit } from './http/rate-limit.ts';
import { clientAddress } from './http/client-address.ts';
import { LiveAccess, type AccessChangeFeed, type LiveConnection } from './sync/live-access.ts';
import { sendJson } from './api/http-json.ts';
import { localOnly, type Fanout } from './cluster/fanout.ts';

export interface ServerDeps {
  store: DocStore;
  access: AccessPolicy;
  log?: Logger;
  metrics?: Metrics;
  /** Other server processes; defaults to none. */
  fanout?: Fanout;
  /** Changes of the records, to re-check open sockets (revocations, demotions); none in tests of the sync layer. */
  accessChanges?: AccessChangeFeed;
  /** New WebSocket connections per address; defaults to this process's memory. */
  connectionLimit?: RateLimit;
  /** The newest schema per kind; the model's SCHEMA_VERSION (tests pretend a newer app shipped). */
  schemaVersions?: Readonly<Record<DocKind, number>>;
  /** Extra HTTP routes under `/api/`; return false to fall through to 404. */
  api?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly metrics: Metrics;
  readonly rooms: RoomRegistry;
  /** Re-checks open connections against access changes now, instead of at the next poll. */
  checkAccessNow(): Promise<void>;
  /** Graceful stop: refuse new connections, store what is pending, close sockets with 1012. */
  close(): Promise<void>;
}

const SYNC_PREFIX = '/sync/';

export async function startServer(config: Config, deps: ServerDeps): Promise<RunningServer> {
  const log = deps.log ?? createLogger(config.logLevel);
  const metrics = deps.metrics ?? new Metrics();
  // Every storage failure the server meets is reported here (corruption is remembered).
  const health = new StorageHealth(() => deps.store.ping());
  const rooms = new RoomRegistry({
    store: health.watch(deps.store),
    metrics,
    log,
    maxDocBytes: config.limits.maxDocBytes,
    compactThreshold: config.compactThreshold,
    idleUnloadMs: config.idleUnloadMs,
    fanout: deps.fanout ?? localOnly,
    ...(deps.schemaVersions ? { schemaVersions: deps.schemaVersions } : {}),
  });
  const serveApp = config.appDir ? staticFiles(config.appDir) : null;
  const setSecurityHeaders = securityHeaders(serveApp ? config.appDir : null);
  if (config.appDir && !serveApp)
    log.warn({ appDir: config.appDir }, 'no built app found; serving the API only');
  const connectionLimit =
    deps.connectionLimit ??
    rateLimit({
      name: 'connections',
      points: config.limits.connectionsPerMinutePerIp,
      windowSeconds: 60,
    });
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxMessageBytes });
  const live = deps.accessChanges ? new LiveAccess(deps.access, deps.accessChanges, log) : null;
  await live?.start(config.accessCheckIntervalMs);
  let stopping = false;

  const http: Server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      log.error({ path: pathOf(req), err: (error as Error).message }, 'request failed');
      health.report(error);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    setSecurityHeaders(res, url.pathname);
    if (url.pathname === '/healthz') {
      const state = await health.check();
      if (!state.ok) sendJson(res, 503, { status: 'storage unavailable', reason: state.reason });
      else sendJson(res, stopping ? 503 : 200, { status: stopping ? 'stopping' : 'ok' });
      return;
    }
    if (url.pathname === '/metrics') {
      const allowed = metricsAccess(req, config.metricsToken);
      if (allowed === 401) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        sendJson(res, 401, { error: 'metrics need METRICS_TOKEN as a bearer token' });
        return;
      }
      if (allowed === 403) {
        sendJson(res, 403, { error: 'metrics answer only on this machine (or set METRICS_TOKEN)' });
        return;
      }
      res.writeHead(200, {
        'Content-Type': metrics.registry.contentType,
        'Cache-Control': 'no-store',
      });
      res.end(await metrics.registry.metrics());
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (deps.api && (await deps.api(req, res, url))) return;
      sendJson(res, 404, { error: { code: 'not_found', message: 'no such API' } });
      return;
    }
    if (serveApp && (req.method === 'GET' || req.method === 'HEAD')) {
      serveApp(req, res, () => sendJson(res, 404, { error: 'not found' }));
      return;
    }
    sendJson(res, 404, { error: 'not found' });
  }

  // Connection hygiene. Every TCP connection is counted; one that has not yet sent a request
  // (`pristine`, oldest first) is the first to go when the count reaches MAX_CONNECTIONS, so
  // idle sockets can never starve real requests (or `/healthz`) of file descriptors.
  const sockets = new Set<Socket>();
  const pristine = new Set<Socket>();
  http.setTimeout(config.httpIdleTimeoutMs);
  http.on('connection', (socket: Socket) => {
    if (sockets.size >= config.limits.maxConnections) {
      const oldest = pristine.values().next();
      if (oldest.done) {
        metrics.refusedConnections.inc({ reason: 'max-connections' });
        socket.end(
          'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 5\r\nContent-Length: 0\r\n\r\n',
        );
        socket.destroySoon();
        return;
      }
      metrics.refusedConnections.inc({ reason: 'idle-evicted' });
      pristine.delete(oldest.value);
      oldest.value.destroy();
    }
    sockets.add(socket);
    pristine.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      pristine.delete(socket);
    });
  });
  http.on('request', (req: IncomingMessage) => pristine.delete(req.socket));

  /** Open WebSocket connections per client address (MAX_CONNECTIONS_PER_IP). */
  const perAddress = new Map<string, number>();

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    pristine.delete(req.socket);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (stopping || !url.pathname.startsWith(SYNC_PREFIX)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const address = clientAddress(req, config.trustProxy);
    if ((perAddress.get(address) ?? 0) >= config.limits.maxConnectionsPerIp) {
      metrics.refusedConnections.inc({ reason: 'max-per-ip' });
      socket.end('HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 60\r\n\r\n');
      return;
    }
    // Counted from now, so connections still being limited or authorised count too.
    perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    let counted = true;
    const uncount = () => {
      if (!counted) return;
      counted = false;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    };
    socket.once('close', uncount);
    connectionLimit
      .take(address)
      .then((allowed) => {
        if (!allowed) {
          metrics.refusedConnections.inc({ reason: 'rate' });
          socket.end(
            'HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 60\r\n\r\n',
          );
          return;
        }
        if (socket.destroyed) return;
        wss.handleUpgrade(req, socket, head, (ws) => {
          ws.once('close', uncount);
          const alive = () => missedPongs.set(ws, 0);
          ws.on('pong', alive);
          ws.on('message', alive);
          void acceptSync(ws, url).catch((error: unknown) => {
            log.error({ err: (error as Error).message }, 'accepting a connection failed');
            health.report(error);
            ws.close(CLOSE.storageUnavailable, 'server error');
          });
        });
      })
      .catch((error: unknown) => {
        log.error({ err: (error as Error).message }, 'rate limit check failed');
        socket.destroy();
      });
  });

  // Ping every connection; one that missed two pongs in a row is gone (a half-open socket from a
  // camp must not keep its document loaded, nor its slot taken).
  const missedPongs = new WeakMap<WebSocket, number>();
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      const missed = missedPongs.get(ws) ?? 0;
      if (missed >= 2) {
        metrics.closedConnections.inc({ code: 'ping-timeout' });
        ws.terminate();
        continue;
      }
      missedPongs.set(ws, missed + 1);
      ws.ping();
    }
  }, config.wsPingIntervalMs);
  pinger.unref();

  /** Close codes need an open socket: refusals happen after the upgrade, so clients can read them. */
  async function acceptSync(ws: WebSocket, url: URL): Promise<void> {
    // At once, before authorising: ws reports an oversized frame as an 'error' event, and one
    // with no listener crashes the process (found by the soak on PostgreSQL, where authorising
    // takes a round trip). The connection's own listener takes over once it is attached.
    const beforeAttach = (error: Error) =>
      log.info({ err: error.message }, 'websocket error before the connection was attached');
    ws.on('error', beforeAttach);
    let rawName: string;
    try {
      rawName = decodeURIComponent(url.pathname.slice(SYNC_PREFIX.length));
    } catch {
      refuse(ws, CLOSE.badRequest, 'bad document name');
      return;
    }
    const parsed = parseDocName(rawName);
    if (!parsed.ok) {
      refuse(ws, CLOSE.badRequest, describeDocNameError(parsed.error));
      return;
    }
    // Buffer what arrives while we authorise, so nothing the client sends early is lost.
    const early: { data: Buffer; isBinary: boolean }[] = [];
    const buffer = (data: Buffer, isBinary: boolean) => early.push({ data, isBinary });
    ws.on('message', buffer);
    const token = url.searchParams.get('token');
    const access = await deps.access.authorize(token, parsed.value);
    ws.off('message', buffer);
    if (!access.allowed) {
      refuse(ws, access.code, access.reason);
      return;
    }
    if (ws.readyState !== ws.OPEN) return;
    const peer = attachConnection({
      ws,
      room: rooms.open(rawName),
      userId: access.userId,
      userName: access.userName,
      canWrite: access.canWrite,
      wantsSavedAcks: url.searchParams.get(SAVED_ACKS_PARAM) === '1',
      clientSchema: declaredSchema(url.searchParams.get(CLIENT_SCHEMA_PARAM)),
      messagesPerSecond: config.limits.messagesPerSecond,
      maxBufferedBytes: config.limits.maxBufferedBytes,
      metrics,
      log,
    });
    ws.off('error', beforeAttach);
    if (live) {
      const connection: LiveConnection = { peer, token, doc: parsed.value };
      live.add(connection);
      ws.once('close', () => live.remove(connection));
    }
    for (const { data, isBinary } of early) ws.emit('message', data, isBinary);
  }

  function refuse(ws: WebSocket, code: number, reason: string): void {
    metrics.closedConnections.inc({ code: String(code) });
    ws.close(code, reason.slice(0, 120));
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  return {
    url: `http://${host}:${port}`,
    port,
    metrics,
    rooms,
    checkAccessNow: () => live?.poll() ?? Promise.resolve(),
    async close() {
      if (stopping) return;
      stopping = true;
      live?.stop();
      clearInterval(pinger);
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      await rooms.flushAll();
      for (const ws of wss.clients) ws.close(CLOSE.restarting, 'server restarting');
      http.closeIdleConnections();
      await closed;
      rooms.closeAll();
    },
  };
}

/** A client that declares nothing (e.g. the stock y-websocket client) counts as schema 1. */
function declaredSchema(raw: string | null): number {
  const value = Number(raw);
  return Number.isInteger(value) && value >= 1 && value < 1_000_000 ? value : 1;
}

function pathOf(req: IncomingMessage): string {
  // Only the path: the query may hold a token.
  return (req.url ?? '/').split('?')[0] ?? '/';
}
