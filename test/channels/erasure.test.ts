import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { COLLECTIONS_WITHOUT_RESIDENT_DATA, personalDataHolders } from '../../src/channels/erasure';
import type { FileStore } from '../../src/domain/files';
import type { Store } from '../../src/domain/ports';
import { Client } from 'pg';
import { createLogger } from '../../src/logger';
import { createLowdbFileStore, createPostgresFileStore } from '../../src/storage/files';
import { createPostgresStore } from '../../src/storage/postgresStore';
import { createLowdbStore } from '../../src/storage/lowdbStore';
import { makeId } from '../domain/helpers';
import { png } from '../fixtures/images';
import { BOT_STATE_COLLECTION } from '../../src/dialogs/stateStorage';
import { HANDOFF_REQUESTS } from '../../src/dialogs/records';
import { CONVERSATION_REFS } from '../../src/channels/conversationRefs';
import {
  residentInChat,
  shanghaiPermitWithUploads,
  startBackOfficeServer,
  submitApplication,
  type BackOfficeServer,
} from './backoffice/fixtures';
import { request, type DirectLineTestClient } from './directLineClient';

/** Every file under dir, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

/** Files under dir whose bytes contain the text (as UTF-8). */
async function filesHolding(dir: string, text: string): Promise<string[]> {
  const needle = Buffer.from(text, 'utf8');
  const hits: string[] = [];
  for (const f of await filesUnder(dir)) if ((await readFile(f)).includes(needle)) hits.push(path.relative(dir, f));
  return hits;
}

const A = { name: '欧阳娜娜', id: '310115199003071239', phone: '13912345678' };
const B = { name: '司马光明', id: makeId('19851231'), phone: '13700001111' };

/** A Shanghai permit with a photo and a lease scan, each image distinct per resident. */
const permitWithUploads = (chat: DirectLineTestClient, who: typeof A) =>
  shanghaiPermitWithUploads(chat, who, {
    photo: png(358, 441, { seed: Number(who.id.slice(-4)) }),
    lease: png(120, 160, { seed: Number(who.phone.slice(-4)) }),
  });

describe('erasure of a resident (lowdb on disk)', () => {
  let dir: string;
  let store: Store;
  let files: FileStore;
  let s: BackOfficeServer;
  let stopped = false;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'banshi-erasure-'));
    store = await createLowdbStore(dir);
    files = await createLowdbFileStore(dir);
    s = await startBackOfficeServer({ store, files });
  }, 30_000);
  afterAll(async () => {
    if (!stopped) await s.stop();
    await files.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves nothing of the resident on disk, keeps the other resident, and only an administrator may do it', async () => {
    const a = await residentInChat(s.base);
    await permitWithUploads(a, A);
    await a.send('转人工');
    await a.waitForBot((x) => (x.text ?? '').includes('人工'), 8000);
    const b = await residentInChat(s.base);
    await permitWithUploads(b, B);
    const [appA] = await store.applications.list({ applicantIdNumber: A.id });
    expect(appA).toBeDefined();
    const ref = appA.referenceNumber;
    const erase = (body: unknown, role?: string) =>
      request<{ applications: number; removed: Record<string, number> }>(
        s.base,
        'POST',
        `/console/api/review/applications/${ref}/erase`,
        { headers: { 'x-test-staff': 'li.admin', ...(role ? { 'x-test-role': role } : {}) }, body },
      );

    expect((await erase({ confirm: ref })).status).toBe(403);
    expect((await erase({ confirm: 'SH-OTHER' }, 'admin')).status).toBe(400);
    expect(await store.applications.get(ref)).toBeDefined();

    const done = await erase({ confirm: ref }, 'admin');
    expect(done.status).toBe(200);
    expect(done.body.applications).toBe(1);
    expect(done.body.removed.files).toBe(2);
    expect(done.body.removed['directline-activities']).toBeGreaterThan(10);
    expect(done.body.removed['handoff-requests']).toBe(1);
    expect(s.gate.audits.at(-1)).toMatchObject({ action: 'application.erase', details: { referenceNumber: ref } });

    // Everything written so far reaches the disk before looking.
    await s.stop();
    stopped = true;
    for (const text of [A.name, A.id, A.phone, a.conversationId]) expect(await filesHolding(dir, text)).toEqual([]);
    expect(await filesHolding(dir, B.id)).not.toEqual([]);
    expect(await filesHolding(dir, b.conversationId)).not.toEqual([]);
  }, 60_000);

  it('knows every collection the server wrote: each is erased or declared as holding no resident data', async () => {
    const documents = path.join(dir, 'documents');
    const written = (await stat(documents).then(() => readdir(documents))).filter((n) => !n.startsWith('.'));
    expect(written.length).toBeGreaterThan(5);
    const reopened = await createLowdbStore(dir);
    const known = new Set([
      ...personalDataHolders(reopened).map((h) => h.name),
      ...Object.keys(COLLECTIONS_WITHOUT_RESIDENT_DATA),
    ]);
    await reopened.close();
    expect(written.filter((c) => !known.has(c))).toEqual([]);
  });
});

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('erasure of a resident (PostgreSQL)', () => {
  const schema = `banshi_erase_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: DATABASE_URL });
  let s: BackOfficeServer;
  let files: FileStore;

  /** Tables of the schema with a row whose text form contains the text. */
  async function tablesHolding(text: string): Promise<string[]> {
    const { rows } = await admin.query<{ table_name: string }>(
      'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
      [schema],
    );
    const hits: string[] = [];
    for (const { table_name: t } of rows) {
      const found = await admin.query(`SELECT 1 FROM "${schema}"."${t}" AS r WHERE r::text LIKE $1 LIMIT 1`, [
        `%${text}%`,
      ]);
      if ((found.rowCount ?? 0) > 0) hits.push(t);
    }
    return hits;
  }

  beforeAll(async () => {
    await admin.connect();
    const store = await createPostgresStore(DATABASE_URL, { schema, logger: createLogger('silent') });
    files = await createPostgresFileStore(DATABASE_URL, { schema, logger: createLogger('silent') });
    s = await startBackOfficeServer({ store, files });
  }, 30_000);
  afterAll(async () => {
    await s.stop();
    await files.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  });

  it('leaves no row naming the resident in any table, and keeps the other resident', async () => {
    const a = await residentInChat(s.base);
    await permitWithUploads(a, A);
    const b = await residentInChat(s.base);
    await permitWithUploads(b, B);
    const [appA] = await s.store.applications.list({ applicantIdNumber: A.id });
    const ref = appA.referenceNumber;
    const done = await request<{ applications: number; removed: Record<string, number> }>(
      s.base,
      'POST',
      `/console/api/review/applications/${ref}/erase`,
      { headers: { 'x-test-staff': 'li.admin', 'x-test-role': 'admin' }, body: { confirm: ref } },
    );
    expect(done.status).toBe(200);
    expect(done.body.removed['directline-log']).toBeGreaterThan(10);
    expect(done.body.removed.files).toBe(2);
    expect(await tablesHolding(A.id)).toEqual([]);
    expect(await tablesHolding(A.name)).toEqual([]);
    expect(await tablesHolding(A.phone)).toEqual([]);
    expect(await tablesHolding(a.conversationId)).toEqual([]);
    expect(await tablesHolding(B.id)).toContain('applications');
    expect((await tablesHolding(b.conversationId)).length).toBeGreaterThan(1);
  }, 60_000);
});

describe('retention of conversations', () => {
  it('a conversation aged out of ACTIVITY_RETENTION_DAYS takes its state and handoff records, unless an application still needs it', async () => {
    const s = await startBackOfficeServer();
    try {
      const idle = await residentInChat(s.base);
      await idle.send('转人工');
      await idle.waitForBot((x) => (x.text ?? '').includes('人工'), 8000);
      const applied = await residentInChat(s.base);
      await submitApplication(s.store, s.clock, { conversationId: applied.conversationId });
      const docs = s.store.documents;
      const keys = async (c: string) => (await docs.list(c)).map((d) => `${d.key} ${JSON.stringify(d.value)}`).join();
      expect(await keys(HANDOFF_REQUESTS)).toContain(idle.conversationId);
      expect(await keys(BOT_STATE_COLLECTION)).toContain(idle.conversationId);

      await s.app.purge(); // nothing is old yet
      expect(await keys(HANDOFF_REQUESTS)).toContain(idle.conversationId);

      s.clock.set(new Date(s.clock.now().getTime() + 31 * 86_400_000).toISOString());
      await s.app.purge();
      expect(await keys(HANDOFF_REQUESTS)).not.toContain(idle.conversationId);
      expect(await keys(BOT_STATE_COLLECTION)).not.toContain(idle.conversationId);
      expect(await keys(CONVERSATION_REFS)).not.toContain(idle.conversationId);
      // Status notices still reach the resident who applied.
      expect(await keys(CONVERSATION_REFS)).toContain(applied.conversationId);
    } finally {
      await s.stop();
    }
  });
});
