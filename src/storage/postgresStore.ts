import { Pool } from 'pg';
import type { Application } from '../domain/application';
import {
  ConcurrencyError,
  type ApplicationFilter,
  type ApplicationRepository,
  type DocumentStore,
  type Store,
  type StoredDocument,
} from '../domain/ports';
import { createLogger, type Logger } from '../logger';
import { PendingWork } from './pendingWork';
import { migrate } from './postgresMigrations';
import { postgresRateCounter } from './postgresRateLimits';
import { postgresCoordination, postgresSequenceLog } from './postgresShared';
import { ApplicationNotFoundError, DuplicateReferenceError, InvalidStoreInputError } from './storeErrors';
import { assertCollection, assertKey, assertVersion, checkedApplication, jsonCopy, newEtag } from './storeInput';

/**
 * The PostgreSQL store, for deployments that outgrow one machine. Uniqueness of reference numbers and
 * idempotency keys is the database's job (constraints), and every conditional write is a single
 * statement, so any number of app instances can share one database.
 */

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const UNIQUE_VIOLATION = '23505';

export interface PostgresStoreOptions {
  /** Tables live in this schema (created when missing); tests use a random one to isolate themselves. */
  schema?: string;
  logger?: Logger;
}

export async function createPostgresStore(databaseUrl: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema))
    throw new InvalidStoreInputError(`Schema name ${JSON.stringify(schema)} must be lower-case letters, digits and _.`);
  const logger = options.logger ?? createLogger();
  // search_path goes in the start-up packet, so every pooled connection uses the schema from its first query.
  const connection = {
    connectionString: databaseUrl,
    options: schema === undefined ? undefined : `-c search_path=${schema}`,
  };
  const pool = new Pool({ ...connection, max: 10 });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on('error', (err) => logger.error({ err }, 'PostgreSQL connection error'));
  try {
    const applied = await migrate(pool, schema);
    if (applied.length > 0) logger.info({ applied, schema }, 'Applied database migrations');
  } catch (e) {
    await pool.end();
    throw e;
  }

  const coordination = postgresCoordination(connection, schema, logger);
  try {
    await coordination.start();
  } catch (e) {
    await coordination.close();
    await pool.end();
    throw e;
  }

  const work = new PendingWork();
  async function query<R extends object>(
    text: string,
    values: unknown[] = [],
  ): Promise<{ rows: R[]; rowCount: number }> {
    const result = await pool.query<R>(text, values);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }

  async function findByIdempotencyKey(key: string): Promise<Application | undefined> {
    const { rows } = await query<{ data: Application }>('SELECT data FROM applications WHERE idempotency_key = $1', [
      key,
    ]);
    return rows[0]?.data;
  }

  const applications: ApplicationRepository = {
    async insert(input: Application) {
      const a = checkedApplication(input);
      try {
        const { rows } = await query<{ data: Application }>(
          `INSERT INTO applications (reference_number, idempotency_key, kind, city, status, applicant_id_number, conversation_id, created_at, version, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)
           ON CONFLICT (idempotency_key) DO NOTHING RETURNING data`,
          [
            a.referenceNumber,
            a.idempotencyKey,
            a.kind,
            a.city,
            a.status,
            a.applicant.idNumber,
            a.conversationId ?? null,
            a.createdAt,
            a.version,
            JSON.stringify(a),
          ],
        );
        if (rows[0] !== undefined) return { application: rows[0].data, created: true };
      } catch (e) {
        if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
        // A concurrent retry of the same submission can surface as a reference-number clash: the key decides.
        const first = await findByIdempotencyKey(a.idempotencyKey);
        if (first !== undefined) return { application: first, created: false };
        throw new DuplicateReferenceError(a.referenceNumber);
      }
      const first = await findByIdempotencyKey(a.idempotencyKey);
      if (first === undefined) throw new ConcurrencyError('The first submission with this key vanished; submit again.');
      return { application: first, created: false };
    },

    async get(referenceNumber: string) {
      const { rows } = await query<{ data: Application }>('SELECT data FROM applications WHERE reference_number = $1', [
        referenceNumber,
      ]);
      return rows[0]?.data;
    },

    async update(input: Application, expectedVersion: number) {
      assertVersion(expectedVersion);
      const a = checkedApplication(input);
      // One statement checks the version and writes, so no other writer can slip in between.
      const { rows } = await query<{ data: Application }>(
        `UPDATE applications SET kind = $2, city = $3, status = $4, applicant_id_number = $5, conversation_id = $6, created_at = $7,
           version = $8 + 1, data = $9::jsonb || jsonb_build_object('idempotencyKey', idempotency_key, 'version', $8 + 1)
         WHERE reference_number = $1 AND version = $8 RETURNING data`,
        [
          a.referenceNumber,
          a.kind,
          a.city,
          a.status,
          a.applicant.idNumber,
          a.conversationId ?? null,
          a.createdAt,
          expectedVersion,
          JSON.stringify(a),
        ],
      );
      if (rows[0] !== undefined) return rows[0].data;
      if ((await applications.get(a.referenceNumber)) === undefined)
        throw new ApplicationNotFoundError(a.referenceNumber);
      throw new ConcurrencyError();
    },

    async list(filter: ApplicationFilter = {}) {
      const where: string[] = [];
      const values: unknown[] = [];
      const add = (sql: string, value: unknown) => {
        values.push(value);
        where.push(sql.replace('?', `$${values.length}`));
      };
      if (filter.city !== undefined) add('city = ?', filter.city);
      if (filter.kinds !== undefined) add('kind = ANY(?)', filter.kinds);
      if (filter.statuses !== undefined) add('status = ANY(?)', filter.statuses);
      if (filter.applicantIdNumber !== undefined) add('applicant_id_number = ?', filter.applicantIdNumber);
      if (filter.conversationId !== undefined) add('conversation_id = ?', filter.conversationId);
      const { rows } = await query<{ data: Application }>(
        `SELECT data FROM applications ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, reference_number`,
        values,
      );
      return rows.map((r) => r.data);
    },

    async remove(referenceNumber: string) {
      const { rowCount } = await query('DELETE FROM applications WHERE reference_number = $1', [referenceNumber]);
      return (rowCount ?? 0) > 0;
    },
  };

  const documents: DocumentStore = {
    async get<T>(collection: string, key: string): Promise<StoredDocument<T> | undefined> {
      assertCollection(collection);
      assertKey(key);
      const { rows } = await query<{ value: T; etag: string }>(
        'SELECT value, etag FROM documents WHERE collection = $1 AND key = $2',
        [collection, key],
      );
      return rows[0] === undefined ? undefined : { key, value: rows[0].value, etag: rows[0].etag };
    },

    async put<T>(collection: string, key: string, value: T, expectedEtag?: string | null): Promise<string> {
      assertCollection(collection);
      assertKey(key);
      const json = JSON.stringify(jsonCopy(value));
      const etag = newEtag();
      if (expectedEtag === undefined) {
        await query(
          `INSERT INTO documents (collection, key, value, etag) VALUES ($1, $2, $3::jsonb, $4)
           ON CONFLICT (collection, key) DO UPDATE SET value = EXCLUDED.value, etag = EXCLUDED.etag, updated_at = now()`,
          [collection, key, json, etag],
        );
        return etag;
      }
      const { rowCount } =
        expectedEtag === null
          ? await query(
              'INSERT INTO documents (collection, key, value, etag) VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT (collection, key) DO NOTHING',
              [collection, key, json, etag],
            )
          : await query(
              'UPDATE documents SET value = $3::jsonb, etag = $4, updated_at = now() WHERE collection = $1 AND key = $2 AND etag = $5',
              [collection, key, json, etag, expectedEtag],
            );
      if (rowCount === 0)
        throw new ConcurrencyError(expectedEtag === null ? `Document ${collection}/${key} already exists.` : undefined);
      return etag;
    },

    async delete(collection: string, key: string): Promise<boolean> {
      assertCollection(collection);
      assertKey(key);
      const { rowCount } = await query('DELETE FROM documents WHERE collection = $1 AND key = $2', [collection, key]);
      return rowCount > 0;
    },

    async list<T>(collection: string, options: { prefix?: string } = {}): Promise<StoredDocument<T>[]> {
      assertCollection(collection);
      const pattern = `${(options.prefix ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const { rows } = await query<{ key: string; value: T; etag: string }>(
        `SELECT key, value, etag FROM documents WHERE collection = $1 AND key LIKE $2 ESCAPE '\\' ORDER BY key`,
        [collection, pattern],
      );
      return rows;
    },
  };

  return {
    kind: 'postgres',
    applications: work.guard(applications),
    documents: work.guard(documents),
    shared: { log: work.guard(postgresSequenceLog(query)), coordination, rates: postgresRateCounter(pool, logger) },
    ping: () => work.run(async () => void (await query('SELECT 1'))),
    async close() {
      if (work.isClosed) return;
      // Operations already started finish first; pool.end() would leave those still waiting for a connection hanging.
      await work.close();
      await coordination.close();
      await pool.end();
    },
  };
}
