import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createLowdbFileStore, createMemoryFileStore, createPostgresFileStore } from '../../src/storage/files';
import { defineFileStoreContract, testClock } from './fileStoreContract';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = `banshi_wt13_files_${randomBytes(4).toString('hex')}`;
const schemas: string[] = [];
const dirs: string[] = [];

afterAll(async () => {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'banshi-files-'));
  dirs.push(dir);
  return dir;
}

defineFileStoreContract('memory', () => {
  const clock = testClock();
  return Promise.resolve({ store: createMemoryFileStore(clock), clock });
});

defineFileStoreContract('lowdb', async () => {
  const clock = testClock();
  return { store: await createLowdbFileStore(await tempDir(), clock), clock };
});

defineFileStoreContract('postgres', async () => {
  const clock = testClock();
  const schema = `${run}_${schemas.length + 1}`;
  schemas.push(schema);
  return { store: await createPostgresFileStore(DATABASE_URL, { schema, clock }), clock };
});

describe('lowdb file store on disk', () => {
  it('keeps files beside the records across a restart, and drops a write a crash cut off', async () => {
    const dir = await tempDir();
    const first = await createLowdbFileStore(dir);
    const put = await first.put(
      { owner: 'directline:c', contentType: 'image/png', name: 'a.png' },
      Buffer.from('png bytes'),
    );
    await first.attach(put.id, 'SH-9', '照片');
    await first.close();
    await writeFile(path.join(dir, 'files', '.half.bin.tmp'), 'half');

    const second = await createLowdbFileStore(dir);
    expect((await second.get(put.id))?.bytes.toString()).toBe('png bytes');
    expect((await second.listByApplication('SH-9')).map((f) => f.material)).toEqual(['照片']);
    expect((await readdir(path.join(dir, 'files'))).sort()).toEqual([`${put.id}.bin`, `${put.id}.json`]);
    await second.close();
  });
});

describe('postgres file store', () => {
  it('shares files between two instances on one database', async () => {
    const schema = `${run}_${schemas.length + 1}`;
    schemas.push(schema);
    const [a, b] = await Promise.all([
      createPostgresFileStore(DATABASE_URL, { schema }),
      createPostgresFileStore(DATABASE_URL, { schema }),
    ]);
    const put = await a.put({ owner: 'directline:c', contentType: 'image/png', name: 'a.png' }, Buffer.from([0, 1, 2]));
    expect((await b.get(put.id))?.bytes.equals(Buffer.from([0, 1, 2]))).toBe(true);
    await Promise.all([a.close(), b.close()]);
  });
});
