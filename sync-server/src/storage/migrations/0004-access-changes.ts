import type { Kysely } from 'kysely';
import { appliedBefore, execute } from './steps.ts';

/**
 * Changes of the records that decide what an open connection may do, filled by triggers so every
 * writer (the API, the admin CLI, another process) is heard: servers poll the table and re-check
 * the open connections of whom or what changed.
 */
const SQLITE_NOW = `strftime('%s', 'now') * 1000`;

const sqlite = [
  `CREATE TABLE access_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT,
    doc TEXT,
    at INTEGER NOT NULL
  )`,
  `CREATE TRIGGER tokens_revoked_access AFTER UPDATE OF revoked_at ON tokens BEGIN
    INSERT INTO access_changes (user_id, at) VALUES (NEW.user_id, ${SQLITE_NOW});
  END`,
  `CREATE TRIGGER tokens_deleted_access AFTER DELETE ON tokens BEGIN
    INSERT INTO access_changes (user_id, at) VALUES (OLD.user_id, ${SQLITE_NOW});
  END`,
  `CREATE TRIGGER memberships_changed_access AFTER UPDATE ON memberships BEGIN
    INSERT INTO access_changes (user_id, at) VALUES (OLD.user_id, ${SQLITE_NOW});
  END`,
  `CREATE TRIGGER memberships_deleted_access AFTER DELETE ON memberships BEGIN
    INSERT INTO access_changes (user_id, at) VALUES (OLD.user_id, ${SQLITE_NOW});
  END`,
  `CREATE TRIGGER plan_branches_access AFTER DELETE ON plan_branches BEGIN
    INSERT INTO access_changes (doc, at) VALUES ('plan:' || OLD.plan_id, ${SQLITE_NOW});
  END`,
  `CREATE TRIGGER lesson_coauthors_access AFTER DELETE ON lesson_coauthors BEGIN
    INSERT INTO access_changes (doc, at) VALUES ('lesson:' || OLD.lesson_id, ${SQLITE_NOW});
  END`,
];

const postgres = [
  `CREATE TABLE access_changes (
    seq BIGSERIAL PRIMARY KEY,
    user_id TEXT,
    doc TEXT,
    at BIGINT NOT NULL
  )`,
  // One function for every table: the first argument says what changed ('user', or the document
  // kind), the second names the column of OLD holding its id.
  `CREATE FUNCTION record_access_change() RETURNS trigger LANGUAGE plpgsql
    SET search_path FROM CURRENT AS $$
    DECLARE
      changed_id TEXT := to_jsonb(OLD) ->> TG_ARGV[1];
      now_ms BIGINT := (extract(epoch FROM now()) * 1000)::bigint;
    BEGIN
      IF TG_ARGV[0] = 'user' THEN
        INSERT INTO access_changes (user_id, at) VALUES (changed_id, now_ms);
      ELSE
        INSERT INTO access_changes (doc, at) VALUES (TG_ARGV[0] || ':' || changed_id, now_ms);
      END IF;
      RETURN NULL;
    END $$`,
  `CREATE TRIGGER tokens_access AFTER UPDATE OF revoked_at OR DELETE ON tokens
    FOR EACH ROW EXECUTE FUNCTION record_access_change('user', 'user_id')`,
  `CREATE TRIGGER memberships_access AFTER UPDATE OR DELETE ON memberships
    FOR EACH ROW EXECUTE FUNCTION record_access_change('user', 'user_id')`,
  `CREATE TRIGGER plan_branches_access AFTER DELETE ON plan_branches
    FOR EACH ROW EXECUTE FUNCTION record_access_change('plan', 'plan_id')`,
  `CREATE TRIGGER lesson_coauthors_access AFTER DELETE ON lesson_coauthors
    FOR EACH ROW EXECUTE FUNCTION record_access_change('lesson', 'lesson_id')`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (await appliedBefore(db, 4)) return;
  await execute(db, { sqlite, postgres });
}
