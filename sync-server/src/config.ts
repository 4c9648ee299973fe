import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TIME_ZONE, isTimeZone } from './time-zone.ts';

/** Everything the server reads from the environment; the README's configuration table lists it. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** PostgreSQL instead of SQLite, for running several processes. */
  databaseUrl: string | null;
  /** The PostgreSQL schema to use (one database can hold several deployments or test runs). */
  databaseSchema: string;
  /** Redis for fan-out between processes; null for a single process. */
  redisUrl: string | null;
  /** The built app to serve; `null` serves no static files (tests of the sync layer). */
  appDir: string | null;
  limits: Limits;
  /** How long a document with no connections stays loaded, for quick reconnects. */
  idleUnloadMs: number;
  /** Stored rows per document past which they are merged into one. */
  compactThreshold: number;
  logLevel: string;
  /** Behind a reverse proxy, take the client address from X-Forwarded-For (for per-IP limits). */
  trustProxy: boolean;
  /** WebSocket ping period; a connection that misses two pongs in a row is dropped. */
  wsPingIntervalMs: number;
  /** A connection with no request in flight and no traffic for this long is closed. */
  httpIdleTimeoutMs: number;
  /** How often the server looks for revoked tokens and changed roles to re-check open sockets. */
  accessCheckIntervalMs: number;
  /** The institution's IANA time zone (`TZ`, default Asia/Shanghai): what "this month" means. */
  timeZone: string;
  /** With a token, `/metrics` wants `Authorization: Bearer <token>`; without, loopback only. */
  metricsToken: string | null;
}

export interface Limits {
  /** Largest WebSocket message; larger closes the connection with 1009. */
  maxMessageBytes: number;
  /** Largest stored size of one document; an update past it closes with 4413. */
  maxDocBytes: number;
  /** Messages per second one connection may send, averaged over a burst of as many. */
  messagesPerSecond: number;
  /** New WebSocket connections per minute from one IP address. */
  connectionsPerMinutePerIp: number;
  /** Unsent bytes one connection may have queued; past it the server closes it with 4508. */
  maxBufferedBytes: number;
  /** Open TCP connections overall; past it idle ones are dropped first, then new ones get 503. */
  maxConnections: number;
  /** Open WebSocket connections from one address; past it HTTP 429. */
  maxConnectionsPerIp: number;
  /** Invite redemptions per minute from one address (wrong codes count too). */
  redeemsPerMinutePerIp: number;
  /** Largest HTTP API request body; larger gets 413 without being read further. */
  maxApiBodyBytes: number;
}

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be a whole number ≥ ${min}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/**
 * Below the process's open-file limit, with room for the database, logs and the listening socket:
 * past it `accept` fails and nothing — not even `/healthz` — is answered.
 */
function defaultMaxConnections(): number {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1]);
    if (Number.isInteger(soft) && soft > 0) return Math.max(16, Math.min(10_000, soft - 64));
  } catch {
    // Not Linux: fall through.
  }
  return 10_000;
}

export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: 2 * 1024 * 1024,
  maxDocBytes: 64 * 1024 * 1024,
  messagesPerSecond: 300,
  connectionsPerMinutePerIp: 600,
  maxBufferedBytes: 8 * 1024 * 1024,
  maxConnections: defaultMaxConnections(),
  maxConnectionsPerIp: 500,
  redeemsPerMinutePerIp: 30,
  maxApiBodyBytes: 64 * 1024,
};

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const appDir = env.APP_DIR ?? resolve(REPO_ROOT, 'app/build');
  return {
    host: env.HOST ?? '127.0.0.1',
    port: int(env, 'PORT', 8787),
    // pnpm runs scripts inside the package; INIT_CWD is where the user typed the command.
    dataDir: resolve(env.INIT_CWD ?? process.cwd(), env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || null,
    databaseSchema: env.DATABASE_SCHEMA || 'public',
    redisUrl: env.REDIS_URL || null,
    appDir: appDir === '' ? null : resolve(appDir),
    limits: {
      maxMessageBytes: int(env, 'MAX_MESSAGE_BYTES', DEFAULT_LIMITS.maxMessageBytes, 1024),
      maxDocBytes: int(env, 'MAX_DOC_BYTES', DEFAULT_LIMITS.maxDocBytes, 1024),
      messagesPerSecond: int(env, 'MAX_MESSAGES_PER_SECOND', DEFAULT_LIMITS.messagesPerSecond, 1),
      connectionsPerMinutePerIp: int(
        env,
        'MAX_CONNECTIONS_PER_MINUTE_PER_IP',
        DEFAULT_LIMITS.connectionsPerMinutePerIp,
        1,
      ),
      maxBufferedBytes: int(env, 'MAX_BUFFERED_BYTES', DEFAULT_LIMITS.maxBufferedBytes, 65_536),
      maxConnections: int(env, 'MAX_CONNECTIONS', DEFAULT_LIMITS.maxConnections, 1),
      maxConnectionsPerIp: int(
        env,
        'MAX_CONNECTIONS_PER_IP',
        DEFAULT_LIMITS.maxConnectionsPerIp,
        1,
      ),
      redeemsPerMinutePerIp: int(
        env,
        'MAX_REDEEMS_PER_MINUTE_PER_IP',
        DEFAULT_LIMITS.redeemsPerMinutePerIp,
        1,
      ),
      maxApiBodyBytes: int(env, 'MAX_API_BODY_BYTES', DEFAULT_LIMITS.maxApiBodyBytes, 1024),
    },
    idleUnloadMs: int(env, 'DOC_IDLE_UNLOAD_MS', 10_000),
    compactThreshold: int(env, 'COMPACT_THRESHOLD', 500, 2),
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    wsPingIntervalMs: int(env, 'WS_PING_INTERVAL_MS', 30_000, 100),
    httpIdleTimeoutMs: int(env, 'HTTP_IDLE_TIMEOUT_MS', 15_000, 100),
    accessCheckIntervalMs: int(env, 'ACCESS_CHECK_INTERVAL_MS', 500, 50),
    timeZone: timeZoneOf(env),
    metricsToken: env.METRICS_TOKEN || null,
  };
}

/** `TZ` as an IANA name; Node takes it for local time too, so one setting means one clock. */
function timeZoneOf(env: NodeJS.ProcessEnv): string {
  const zone = env.TZ || DEFAULT_TIME_ZONE;
  if (!isTimeZone(zone)) {
    throw new ConfigError(`TZ must be an IANA time zone such as Asia/Shanghai, got ${zone}`);
  }
  return zone;
}
