import type { Pool } from 'pg';

/**
 * The PostgreSQL schema, as an ordered list of migrations. A migration is never edited once released:
 * a change is a new entry at the end. Each runs in its own transaction and is recorded in
 * banshi_migrations, so start-up applies exactly the ones a database has not seen yet.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'applications and documents',
    // Filtered fields are columns (indexed); the whole record is kept in data so new fields need no migration.
    // Keys use COLLATE "C" so ORDER BY matches the other adapters (code-point order) and LIKE 'prefix%' can use the index.
    sql: `
      CREATE TABLE applications (
        reference_number text COLLATE "C" PRIMARY KEY,
        idempotency_key text COLLATE "C" NOT NULL UNIQUE,
        kind text NOT NULL,
        city text NOT NULL,
        status text NOT NULL,
        applicant_id_number text NOT NULL,
        conversation_id text,
        created_at timestamptz NOT NULL,
        version integer NOT NULL,
        data jsonb NOT NULL
      );
      CREATE INDEX applications_created_idx ON applications (created_at, reference_number);
      CREATE INDEX applications_city_status_idx ON applications (city, status);
      CREATE INDEX applications_applicant_idx ON applications (applicant_id_number);
      CREATE INDEX applications_conversation_idx ON applications (conversation_id);
      CREATE TABLE documents (
        collection text NOT NULL,
        key text COLLATE "C" NOT NULL,
        value jsonb NOT NULL,
        etag text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (collection, key)
      );
    `,
  },
  {
    version: 2,
    name: 'sequence log',
    // Numbered entries per stream (the Direct Line activity log); next_seq is bumped in the insert's own
    // statement. The Direct Line activities stored as documents move here, numbers unchanged.
    sql: `
      CREATE TABLE log_streams (
        stream text COLLATE "C" PRIMARY KEY,
        next_seq bigint NOT NULL
      );
      CREATE TABLE log_entries (
        stream text COLLATE "C" NOT NULL,
        seq bigint NOT NULL,
        value jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (stream, seq)
      );
      CREATE INDEX log_entries_created_idx ON log_entries (created_at);
      INSERT INTO log_entries (stream, seq, value, created_at)
        SELECT 'directline:' || split_part(key, ':', 1), split_part(key, ':', 2)::bigint, value, updated_at
        FROM documents WHERE collection = 'directline-activities' AND key ~ '^[^:]+:[0-9]+$';
      INSERT INTO log_streams (stream, next_seq) SELECT stream, max(seq) + 1 FROM log_entries GROUP BY stream;
      DELETE FROM documents WHERE collection = 'directline-activities';
    `,
  },
  {
    version: 3,
    name: 'rate limits',
    // The table rate-limiter-flexible's RateLimiterPostgres reads and writes (its own layout), created
    // here so that instances starting together do not race to create it.
    sql: `
      CREATE TABLE rate_limits (
        key varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      );
    `,
  },
];

/**
 * Applies pending migrations. A session advisory lock makes a second instance starting at the same time
 * wait, then find everything applied, instead of racing to create the same tables.
 */
export async function migrate(
  pool: Pool,
  schema: string | undefined,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const client = await pool.connect();
  const lockName = `banshi-migrations:${schema ?? ''}`;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockName]);
    try {
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query(`CREATE TABLE IF NOT EXISTS banshi_migrations (
        version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM banshi_migrations');
      const done = new Set(rows.map((r) => r.version));
      const applied: number[] = [];
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(migration.version)) continue;
        try {
          await client.query('BEGIN');
          await client.query(migration.sql);
          await client.query('INSERT INTO banshi_migrations (version, name) VALUES ($1, $2)', [
            migration.version,
            migration.name,
          ]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          throw new Error(
            `Database migration ${migration.version} (${migration.name}) failed: ${(e as Error).message}`,
            { cause: e },
          );
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName]);
    }
  } finally {
    client.release();
  }
}
