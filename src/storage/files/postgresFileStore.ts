import { Pool } from 'pg';
import type { FileStore, StoredFile } from '../../domain/files';
import { systemClock, type Clock } from '../../domain/ports';
import { createLogger, type Logger } from '../../logger';
import { migrate, type Migration } from '../postgresMigrations';
import { InvalidStoreInputError } from '../storeErrors';
import { isFileId, newRecord, storedFileSchema } from './fileRecords';

/**
 * Uploaded files in PostgreSQL: the bytes as bytea beside their record, so every instance sees every
 * file and a database backup holds them. Versions 1301+ in banshi_migrations belong to this table, so
 * they never collide with the store's own migrations.
 */
export const FILE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1301,
    name: 'uploaded files',
    sql: `
      CREATE TABLE files (
        id text COLLATE "C" PRIMARY KEY,
        owner text NOT NULL,
        application_ref text,
        created_at timestamptz NOT NULL,
        data jsonb NOT NULL,
        bytes bytea NOT NULL
      );
      CREATE INDEX files_owner_idx ON files (owner, created_at);
      CREATE INDEX files_application_idx ON files (application_ref, created_at);
    `,
  },
];

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function createPostgresFileStore(
  databaseUrl: string,
  options: { schema?: string; logger?: Logger; clock?: Clock } = {},
): Promise<FileStore> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema))
    throw new InvalidStoreInputError(`Schema name ${JSON.stringify(schema)} must be lower-case letters, digits and _.`);
  const logger = options.logger ?? createLogger();
  const clock = options.clock ?? systemClock;
  const pool = new Pool({
    connectionString: databaseUrl,
    max: 4,
    options: schema === undefined ? undefined : `-c search_path=${schema}`,
  });
  pool.on('error', (err) => logger.error({ err }, 'PostgreSQL connection error (files)'));
  try {
    await migrate(pool, schema, FILE_MIGRATIONS);
  } catch (e) {
    await pool.end();
    throw e;
  }

  const parse = (data: unknown): StoredFile => storedFileSchema.parse(data);
  async function list(where: string, value: string): Promise<StoredFile[]> {
    const { rows } = await pool.query<{ data: unknown }>(
      `SELECT data FROM files WHERE ${where} = $1 ORDER BY created_at, id`,
      [value],
    );
    return rows.map((r) => parse(r.data));
  }
  async function insert(record: StoredFile, bytes: Buffer, q: Pick<Pool, 'query'> = pool): Promise<void> {
    await q.query(
      'INSERT INTO files (id, owner, application_ref, created_at, data, bytes) VALUES ($1, $2, $3, $4, $5::jsonb, $6)',
      [record.id, record.owner, record.applicationRef ?? null, record.createdAt, JSON.stringify(record), bytes],
    );
  }
  async function count(sql: string, values: unknown[]): Promise<number> {
    const result = await pool.query(sql, values);
    return result.rowCount ?? 0;
  }

  return {
    async put(file, bytes) {
      const record = newRecord(file, bytes, clock.now());
      await insert(record, bytes);
      return record;
    },
    async get(id) {
      if (!isFileId(id)) return undefined;
      const { rows } = await pool.query<{ data: unknown; bytes: Buffer }>(
        'SELECT data, bytes FROM files WHERE id = $1',
        [id],
      );
      const row = rows[0];
      return row && { file: parse(row.data), bytes: row.bytes };
    },
    async head(id) {
      if (!isFileId(id)) return undefined;
      const { rows } = await pool.query<{ data: unknown }>('SELECT data FROM files WHERE id = $1', [id]);
      return rows[0] && parse(rows[0].data);
    },
    async replace(oldId, file, bytes) {
      if (!isFileId(oldId)) return undefined;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ data: unknown }>('SELECT data FROM files WHERE id = $1 FOR UPDATE', [
          oldId,
        ]);
        if (!rows[0]) {
          await client.query('ROLLBACK');
          return undefined;
        }
        const old = parse(rows[0].data);
        const record = newRecord(file, bytes, clock.now(), old);
        await insert(record, bytes, client);
        await client.query('UPDATE files SET data = $2::jsonb WHERE id = $1', [
          oldId,
          JSON.stringify({ ...old, replacedBy: record.id }),
        ]);
        await client.query('COMMIT');
        return record;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async attach(id, applicationRef, material) {
      if (!isFileId(id)) return undefined;
      const { rows } = await pool.query<{ data: unknown }>(
        `UPDATE files SET application_ref = $2,
           data = data || jsonb_build_object('applicationRef', $2::text, 'material', $3::text)
         WHERE id = $1 RETURNING data`,
        [id, applicationRef, material],
      );
      return rows[0] && parse(rows[0].data);
    },
    async delete(id) {
      if (!isFileId(id)) return false;
      return (await count('DELETE FROM files WHERE id = $1', [id])) > 0;
    },
    listByApplication: (ref) => list('application_ref', ref),
    listByOwner: (owner) => list('owner', owner),
    eraseOwner: (owner) => count('DELETE FROM files WHERE owner = $1', [owner]),
    eraseApplication: (ref) => count('DELETE FROM files WHERE application_ref = $1', [ref]),
    purgeUnattached: (cutoff) =>
      count('DELETE FROM files WHERE application_ref IS NULL AND created_at < $1', [cutoff.toISOString()]),
    async close() {
      await pool.end();
    },
  };
}
