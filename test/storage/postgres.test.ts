import { MIGRATIONS } from '../../src/storage/postgresMigrations';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createPostgresStore } from '../../src/storage/postgresStore';
import { defineStoreContract, sampleApplication } from './storeContract';

/** The real database every machine here has; each run works in its own schemas and drops them after. */
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = `banshi_t_${randomBytes(4).toString('hex')}`;
let schemaCount = 0;
const schemas: string[] = [];
function freshSchema(): string {
  const schema = `${run}_${(schemaCount += 1)}`;
  schemas.push(schema);
  return schema;
}

afterAll(async () => {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

defineStoreContract('postgres', () => createPostgresStore(DATABASE_URL, { schema: freshSchema() }));

describe('postgres store', () => {
  it('migrates once when two instances start at the same time, and both work', async () => {
    const schema = freshSchema();
    const [a, b] = await Promise.all([
      createPostgresStore(DATABASE_URL, { schema }),
      createPostgresStore(DATABASE_URL, { schema }),
    ]);
    const app = sampleApplication();
    await a.applications.insert(app);
    expect((await b.applications.get(app.referenceNumber))?.referenceNumber).toBe(app.referenceNumber);
    await Promise.all([a.close(), b.close()]);

    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    const { rows } = await client.query(`SELECT version FROM "${schema}".banshi_migrations ORDER BY version`);
    await client.end();
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it('keeps data across a restart and shares idempotency across instances', async () => {
    const schema = freshSchema();
    const first = await createPostgresStore(DATABASE_URL, { schema });
    const app = sampleApplication();
    await first.applications.insert(app);
    await first.close();
    const second = await createPostgresStore(DATABASE_URL, { schema });
    const again = await second.applications.insert(sampleApplication({ idempotencyKey: app.idempotencyKey }));
    expect(again).toMatchObject({ created: false, application: { referenceNumber: app.referenceNumber } });
    await second.close();
  });

  it('stores nothing in another schema', async () => {
    const a = await createPostgresStore(DATABASE_URL, { schema: freshSchema() });
    const b = await createPostgresStore(DATABASE_URL, { schema: freshSchema() });
    await a.documents.put('state', 'k', { from: 'a' });
    expect(await b.documents.get('state', 'k')).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
  });

  it('treats LIKE wildcards in a prefix as plain characters', async () => {
    const store = await createPostgresStore(DATABASE_URL, { schema: freshSchema() });
    for (const key of ['a%b', 'axb', 'a_c', 'abc', 'a\\d']) await store.documents.put('p', key, {});
    expect((await store.documents.list('p', { prefix: 'a%' })).map((d) => d.key)).toEqual(['a%b']);
    expect((await store.documents.list('p', { prefix: 'a_' })).map((d) => d.key)).toEqual(['a_c']);
    expect((await store.documents.list('p', { prefix: 'a\\' })).map((d) => d.key)).toEqual(['a\\d']);
    await store.close();
  });

  it('refuses an unsafe schema name and reports an unreachable database', async () => {
    await expect(createPostgresStore(DATABASE_URL, { schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(/Schema name/);
    await expect(
      createPostgresStore('postgres://postgres@127.0.0.1:1/test', { schema: freshSchema() }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
