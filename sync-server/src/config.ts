import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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

export const DEFAULT_LIMITS: Limits = {
  maxMessageBytes: 2 * 1024 * 1024,
  maxDocBytes: 64 * 1024 * 1024,
  messagesPerSecond: 300,
  connectionsPerMinutePerIp: 600,
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
    },
    idleUnloadMs: int(env, 'DOC_IDLE_UNLOAD_MS', 10_000),
    compactThreshold: int(env, 'COMPACT_THRESHOLD', 500, 2),
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
  };
}
