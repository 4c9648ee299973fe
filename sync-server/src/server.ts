import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { describeDocNameError, parseDocName } from '@branchbook/model';
import { CLIENT_SCHEMA_PARAM, CLOSE, SAVED_ACKS_PARAM } from '@branchbook/protocol';
import type { Config } from './config.ts';
import type { DocStore } from './storage/doc-store.ts';
import type { AccessPolicy } from './auth/access-policy.ts';
import { Metrics } from './metrics.ts';
import { createLogger, type Logger } from './log.ts';
import { RoomRegistry } from './sync/room-registry.ts';
import { attachConnection } from './sync/connection.ts';
import { staticFiles } from './http/static-files.ts';
import { IpRateLimit } from './http/ip-rate-limit.ts';
import { sendJson } from './api/http-json.ts';
import { localOnly, type Fanout } from './cluster/fanout.ts';

export interface ServerDeps {
  store: DocStore;
  access: AccessPolicy;
  log?: Logger;
  metrics?: Metrics;
  /** Other server processes; defaults to none. */
  fanout?: Fanout;
  /** Extra HTTP routes under `/api/`; return false to fall through to 404. */
  api?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly metrics: Metrics;
  readonly rooms: RoomRegistry;
  /** Graceful stop: refuse new connections, store what is pending, close sockets with 1012. */
  close(): Promise<void>;
}

const SYNC_PREFIX = '/sync/';

export async function startServer(config: Config, deps: ServerDeps): Promise<RunningServer> {
  const log = deps.log ?? createLogger(config.logLevel);
  const metrics = deps.metrics ?? new Metrics();
  const rooms = new RoomRegistry({
    store: deps.store,
    metrics,
    log,
    maxDocBytes: config.limits.maxDocBytes,
    compactThreshold: config.compactThreshold,
    idleUnloadMs: config.idleUnloadMs,
    fanout: deps.fanout ?? localOnly,
  });
  const serveApp = config.appDir ? staticFiles(config.appDir) : null;
  if (config.appDir && !serveApp)
    log.warn({ appDir: config.appDir }, 'no built app found; serving the API only');
  const ipLimit = new IpRateLimit(config.limits.connectionsPerMinutePerIp);
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxMessageBytes });
  let stopping = false;

  const http: Server = createServer((req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      log.error({ path: pathOf(req), err: (error as Error).message }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') {
      try {
        await deps.store.ping();
        sendJson(res, stopping ? 503 : 200, { status: stopping ? 'stopping' : 'ok' });
      } catch {
        sendJson(res, 503, { status: 'storage unavailable' });
      }
      return;
    }
    if (url.pathname === '/metrics') {
      res.writeHead(200, {
        'Content-Type': metrics.registry.contentType,
        'Cache-Control': 'no-store',
      });
      res.end(await metrics.registry.metrics());
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (deps.api && (await deps.api(req, res, url))) return;
      sendJson(res, 404, { error: 'no such API' });
      return;
    }
    if (serveApp && (req.method === 'GET' || req.method === 'HEAD')) {
      serveApp(req, res, () => sendJson(res, 404, { error: 'not found' }));
      return;
    }
    sendJson(res, 404, { error: 'not found' });
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (stopping || !url.pathname.startsWith(SYNC_PREFIX)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!ipLimit.allow(clientAddress(req, config.trustProxy))) {
      socket.end('HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nRetry-After: 60\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      void acceptSync(ws, url).catch((error: unknown) => {
        log.error({ err: (error as Error).message }, 'accepting a connection failed');
        ws.close(CLOSE.storageUnavailable, 'server error');
      });
    });
  });

  /** Close codes need an open socket: refusals happen after the upgrade, so clients can read them. */
  async function acceptSync(ws: WebSocket, url: URL): Promise<void> {
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
    const access = await deps.access.authorize(url.searchParams.get('token'), parsed.value);
    ws.off('message', buffer);
    if (!access.allowed) {
      refuse(ws, access.code, access.reason);
      return;
    }
    if (ws.readyState !== ws.OPEN) return;
    attachConnection({
      ws,
      room: rooms.open(rawName),
      userId: access.userId,
      canWrite: access.canWrite,
      wantsSavedAcks: url.searchParams.get(SAVED_ACKS_PARAM) === '1',
      clientSchema: declaredSchema(url.searchParams.get(CLIENT_SCHEMA_PARAM)),
      messagesPerSecond: config.limits.messagesPerSecond,
      metrics,
      log,
    });
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
    async close() {
      if (stopping) return;
      stopping = true;
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      await rooms.flushAll();
      for (const ws of wss.clients) ws.close(CLOSE.restarting, 'server restarting');
      http.closeIdleConnections();
      await closed;
      rooms.closeAll();
    },
  };
}

/** The client's address; behind a trusted proxy, the nearest address it reports. */
export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string') {
    const last = forwarded.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
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
