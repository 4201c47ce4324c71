import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { HandoffDesk } from '../../../src/domain/handoff/handoffDesk';
import { claim } from '../../../src/domain/handoff/session';
import { systemClock, type Store } from '../../../src/domain/ports';
import { createLogger } from '../../../src/logger';
import { createLowdbStore } from '../../../src/storage/lowdbStore';
import { createPostgresStore } from '../../../src/storage/postgresStore';

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';
const log = createLogger('silent');
const input = (id: string) => ({ conversationId: id, channel: 'webchat', topic: '要求人工', reason: 'asked' });

/** The same rules on both real stores: one claim wins a race, and a restart keeps queue and owner. */
async function raceAndRestart(open: () => Promise<Store>): Promise<void> {
  let store = await open();
  let desk = new HandoffDesk(store.documents, systemClock);
  await desk.request(input('a'));
  await desk.request(input('b'));
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => desk.change('a', (s, now) => claim(s, `staff${i}`, now))),
  );
  expect(results.filter((r) => r.ok)).toHaveLength(1);
  const owner = results.find((r) => r.ok)!;
  await store.close();

  store = await open();
  desk = new HandoffDesk(store.documents, systemClock);
  expect(await desk.get('a')).toMatchObject({ status: 'claimed', claimedBy: owner.ok ? owner.value.claimedBy : '' });
  expect((await desk.queue()).map((s) => s.conversationId)).toEqual(['b']);
  await store.close();
}

describe('handoff desk on the real stores', () => {
  it('lowdb', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'handoff-'));
    try {
      await raceAndRestart(() => createLowdbStore(dir, { logger: log }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('postgres', async () => {
    const schema = `handoff_${process.pid}_${Date.now()}`;
    try {
      await raceAndRestart(() => createPostgresStore(DATABASE_URL, { schema, logger: log }));
    } finally {
      const client = new Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  });
});
