import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onTestFinished } from 'vitest';

export const DATABASE_URL = process.env.DATABASE_URL ?? '';
export const REDIS_URL = process.env.REDIS_URL ?? '';

/**
 * Suites that need PostgreSQL and Redis run when DATABASE_URL and REDIS_URL are set. Under CI they
 * must be set: a missing service fails the run instead of silently skipping it.
 */
export const servicesMissing = !DATABASE_URL || !REDIS_URL;
if (servicesMissing && process.env.CI) {
  throw new Error(
    'CI=true but DATABASE_URL and REDIS_URL are not both set: the scale-out suites cannot run',
  );
}

/** A fresh PostgreSQL schema for one test, dropped when it ends. */
export function freshSchema(): string {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  onTestFinished(async () => {
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 1 });
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });
  return schema;
}
