import { mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logger';
import { createLowdbStore } from '../../src/storage/lowdbStore';
import { StoreCorruptionError } from '../../src/storage/storeErrors';
import { defineStoreContract, sampleApplication } from './storeContract';

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'banshi-lowdb-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

defineStoreContract('lowdb', async () => createLowdbStore(await freshDir()));

describe('lowdb store on disk', () => {
  it('keeps applications and documents across a restart', async () => {
    const dir = await freshDir();
    const first = await createLowdbStore(dir);
    const app = sampleApplication();
    await first.applications.insert(app);
    await first.applications.update({ ...app, status: 'underReview' }, 1);
    const etag = await first.documents.put('conversations', 'c/1', { step: 3 });
    await first.close();

    const second = await createLowdbStore(dir);
    expect((await second.applications.get(app.referenceNumber))?.status).toBe('underReview');
    expect(await second.documents.get('conversations', 'c/1')).toEqual({ key: 'c/1', value: { step: 3 }, etag });
    const retry = await second.applications.insert(sampleApplication({ idempotencyKey: app.idempotencyKey }));
    expect(retry).toMatchObject({ created: false, application: { referenceNumber: app.referenceNumber, version: 2 } });
    await second.close();
  });

  it('never writes outside its directories, whatever the key', async () => {
    const dir = await freshDir();
    const store = await createLowdbStore(dir);
    await store.documents.put('odd', '../../escape', { x: 1 });
    await store.applications.insert(
      sampleApplication({ referenceNumber: '../../../ref', idempotencyKey: '/etc/passwd' }),
    );
    await store.close();
    expect((await readdir(dir)).sort()).toEqual(['application-keys', 'applications', 'documents']);
    expect(await readdir(path.join(dir, 'documents'))).toEqual(['odd']);
  });

  it('reports a corrupt record clearly and keeps serving the others', async () => {
    const dir = await freshDir();
    const logLines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (logLines.push(String(chunk)), done()) });
    const writer = await createLowdbStore(dir);
    const good = sampleApplication();
    const bad = sampleApplication();
    await writer.applications.insert(good);
    await writer.applications.insert(bad);
    await writer.documents.put('state', 'good', { ok: true });
    await writer.documents.put('state', 'bad', { ok: false });
    await writer.close();

    const appFile = path.join(dir, 'applications', Buffer.from(bad.referenceNumber).toString('hex') + '.json');
    await truncate(appFile, 10);
    await writeFile(
      path.join(dir, 'documents', 'state', Buffer.from('bad').toString('hex') + '.json'),
      '{"key":"bad"}',
    );
    // A store that has not read these records yet finds them as they are on disk.
    const store = await createLowdbStore(dir, { logger: createLogger('error', sink) });

    await expect(store.applications.get(bad.referenceNumber)).rejects.toBeInstanceOf(StoreCorruptionError);
    await expect(store.applications.get(bad.referenceNumber)).rejects.toThrow(/applications\/.*\.json is unreadable/);
    await expect(store.documents.get('state', 'bad')).rejects.toThrow(/etag/);
    expect((await store.applications.get(good.referenceNumber))?.referenceNumber).toBe(good.referenceNumber);
    expect((await store.applications.list()).map((a) => a.referenceNumber)).toEqual([good.referenceNumber]);
    expect((await store.documents.list('state')).map((d) => d.key)).toEqual(['good']);
    expect(logLines.join('')).toContain(path.join('applications', path.basename(appFile)));
    expect(logLines.join('')).not.toContain(good.applicant.idNumber);
    // Updating the corrupt record fails loudly instead of overwriting it blindly.
    await expect(store.applications.update({ ...bad, status: 'underReview' }, 1)).rejects.toBeInstanceOf(
      StoreCorruptionError,
    );
    // An unconditional put repairs a corrupt document.
    await store.documents.put('state', 'bad', { ok: 'again' });
    expect((await store.documents.get('state', 'bad'))?.value).toEqual({ ok: 'again' });
    await store.close();
  });

  it('ignores temporary files a crash mid-write leaves behind', async () => {
    const dir = await freshDir();
    const first = await createLowdbStore(dir);
    await first.documents.put('state', 'a', { n: 1 });
    await first.close();
    // What a crash in the middle of the next write of "a" leaves: steno's half-written temporary file.
    await writeFile(
      path.join(dir, 'documents', 'state', '.' + Buffer.from('a').toString('hex') + '.json.tmp'),
      '{"key":"a","va',
    );
    const store = await createLowdbStore(dir);
    expect(await store.documents.list('state')).toHaveLength(1);
    expect((await store.documents.get('state', 'a'))?.value).toEqual({ n: 1 });
    await store.close();
  });
});
