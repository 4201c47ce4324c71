import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Activity } from 'botbuilder';
import { startReminderScheduler, type ConversationMessenger } from '../../../src/channels/backoffice';
import { ApplicationService } from '../../../src/domain/applicationService';
import { todayIn } from '../../../src/domain/dates';
import { getPolicy } from '../../../src/domain/policies';
import type { Store } from '../../../src/domain/ports';
import {
  claimReminderJob,
  createReminderJobs,
  listReminderJobs,
  optOutOfReminders,
  REMINDER_JOBS,
  remindersForStatusChange,
  type ReminderJob,
} from '../../../src/domain/reminders';
import { createLogger } from '../../../src/logger';
import { createLowdbStore } from '../../../src/storage/lowdbStore';
import { createMemoryStore } from '../../../src/storage/memoryStore';
import { createPostgresStore } from '../../../src/storage/postgresStore';
import { MovableClock, submitApplication } from './fixtures';

/** Records what would reach each conversation. */
function recordingMessenger(): ConversationMessenger & {
  sent: { conversationId: string; activity: Partial<Activity> }[];
} {
  const sent: { conversationId: string; activity: Partial<Activity> }[] = [];
  return {
    sent,
    async sendToConversation(conversationId, activities) {
      for (const activity of activities) sent.push({ conversationId, activity });
      return true;
    },
  };
}

/** A registration confirmed now, and its six-month reminder stored as a job. */
async function confirmedRegistration(store: Store, clock: MovableClock, conversationId: string): Promise<ReminderJob> {
  const service = new ApplicationService({ repository: store.applications, clock });
  const app = await submitApplication(store, clock, { conversationId });
  for (const to of ['underReview', 'approved'] as const) {
    const r = await service.transition(app.referenceNumber, to, { actor: 'li', at: clock.now().toISOString() });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
  }
  const approved = (await store.applications.get(app.referenceNumber))!;
  const jobs = remindersForStatusChange(approved, getPolicy('shanghai'), {
    today: todayIn(clock),
    at: clock.now().toISOString(),
  });
  await createReminderJobs(store.documents, jobs);
  return jobs[0];
}

describe('reminder scheduler', () => {
  it('sends nothing early, sends once when due (with the start button), and never again', async () => {
    const store = createMemoryStore();
    const clock = new MovableClock();
    const messenger = recordingMessenger();
    const job = await confirmedRegistration(store, clock, 'conv-a');
    // Planning the same change twice stores one job.
    await createReminderJobs(store.documents, [job]);
    expect(await listReminderJobs(store.documents)).toHaveLength(1);

    const scheduler = startReminderScheduler({ store, clock, messenger, intervalMs: 3_600_000 });
    clock.set('2026-11-20T00:59:00.000Z');
    expect(await scheduler.tick()).toBe(0);
    clock.set('2026-11-20T01:00:00.000Z');
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    await scheduler.stop();
    expect(messenger.sent).toHaveLength(1);
    const { conversationId, activity } = messenger.sent[0];
    expect(conversationId).toBe('conv-a');
    expect(activity.text).toContain('现在可以申领上海市居住证');
    expect(activity.suggestedActions?.actions.map((a) => a.title)).toEqual(['申领居住证', '退订提醒']);
    expect((await store.documents.get<ReminderJob>(REMINDER_JOBS, job.id))!.value).toMatchObject({
      status: 'sent',
      attempts: 1,
    });
  });

  it('survives a restart on lowdb: a job due while the server was down is caught up at start, and sent once', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'banshi-reminders-'));
    try {
      const clock = new MovableClock();
      const first = await createLowdbStore(dir);
      const messenger = recordingMessenger();
      const before = startReminderScheduler({ store: first, clock, messenger, intervalMs: 3_600_000 });
      await confirmedRegistration(first, clock, 'conv-restart');
      expect(await before.tick()).toBe(0);
      await before.stop();
      await first.close();

      // Down over the due date; the new process catches up on its own first tick.
      clock.set('2026-12-01T02:00:00.000Z');
      const second = await createLowdbStore(dir);
      const after = startReminderScheduler({ store: second, clock, messenger, intervalMs: 3_600_000 });
      // Ticks run in order, so this one runs after the start-up tick: it finds nothing left to send.
      expect(await after.tick()).toBe(0);
      await after.stop();
      await second.close();
      expect(messenger.sent.map((s) => s.conversationId)).toEqual(['conv-restart']);

      const third = await createLowdbStore(dir);
      const again = startReminderScheduler({ store: third, clock, messenger, intervalMs: 3_600_000 });
      await again.tick();
      await again.stop();
      await third.close();
      expect(messenger.sent).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('retries a job whose claimer crashed only after the lease runs out, and sends it once', async () => {
    const store = createMemoryStore();
    const clock = new MovableClock();
    const messenger = recordingMessenger();
    const job = await confirmedRegistration(store, clock, 'conv-crash');
    clock.set(job.dueAt);
    // Another instance claimed the job and died before sending.
    const doc = (await store.documents.get<ReminderJob>(REMINDER_JOBS, job.id))!;
    expect(await claimReminderJob(store.documents, doc, 'crashed-instance', clock.now(), 60_000)).toBeDefined();

    const scheduler = startReminderScheduler({ store, clock, messenger, intervalMs: 3_600_000, leaseMs: 60_000 });
    expect(await scheduler.tick()).toBe(0);
    clock.set(new Date(Date.parse(job.dueAt) + 59_000).toISOString());
    expect(await scheduler.tick()).toBe(0);
    clock.set(new Date(Date.parse(job.dueAt) + 60_000).toISOString());
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    await scheduler.stop();
    expect(messenger.sent).toHaveLength(1);
    expect((await store.documents.get<ReminderJob>(REMINDER_JOBS, job.id))!.value).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });

  it('does not send to a resident who opted out, on any of their applications', async () => {
    const store = createMemoryStore();
    const clock = new MovableClock();
    const job = await confirmedRegistration(store, clock, 'conv-optout');
    const other = await confirmedRegistration(store, clock, 'conv-gone');
    await optOutOfReminders(store.documents, 'conv-optout', clock.now().toISOString());
    const refused: string[] = [];
    const messenger: ConversationMessenger = {
      async sendToConversation(id) {
        refused.push(id);
        return false;
      },
    };
    clock.set(job.dueAt);
    const scheduler = startReminderScheduler({ store, clock, messenger, intervalMs: 3_600_000, retryAfterMs: 60_000 });
    expect(await scheduler.tick()).toBe(0);
    await scheduler.stop();
    // The opted-out resident (same ID number) is skipped on every application, so nothing is attempted.
    expect(refused).toEqual([]);
    expect((await store.documents.get<ReminderJob>(REMINDER_JOBS, job.id))!.value.status).toBe('optedOut');
    expect((await store.documents.get<ReminderJob>(REMINDER_JOBS, other.id))!.value.status).toBe('optedOut');
  });

  it('retries an unreachable conversation later and gives up as undelivered, recorded', async () => {
    const store = createMemoryStore();
    const clock = new MovableClock();
    const job = await confirmedRegistration(store, clock, 'conv-gone');
    let tries = 0;
    const messenger: ConversationMessenger = { sendToConversation: async () => (tries++, false) };
    const scheduler = startReminderScheduler({ store, clock, messenger, intervalMs: 3_600_000, retryAfterMs: 60_000 });
    let t = Date.parse(job.dueAt);
    for (let i = 0; i < 8; i++) {
      clock.set(new Date(t).toISOString());
      await scheduler.tick();
      t += 60_000;
    }
    await scheduler.stop();
    expect(tries).toBe(5);
    expect((await store.documents.get<ReminderJob>(REMINDER_JOBS, job.id))!.value).toMatchObject({
      status: 'undelivered',
      attempts: 5,
    });
  });
});

describe('reminder scheduler on one PostgreSQL schema shared by two instances', () => {
  const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `banshi_rem_${randomBytes(4).toString('hex')}`;
  afterAll(async () => {
    const client = new Client({ connectionString: DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('sends each due reminder exactly once although both instances tick at the same time', async () => {
    const [a, b] = await Promise.all([
      createPostgresStore(DATABASE_URL, { schema, logger: createLogger('silent') }),
      createPostgresStore(DATABASE_URL, { schema, logger: createLogger('silent') }),
    ]);
    const clock = new MovableClock();
    const jobs: ReminderJob[] = [];
    for (let i = 0; i < 12; i++) jobs.push(await confirmedRegistration(i % 2 ? a : b, clock, `conv-pg-${i}`));
    clock.set('2026-11-21T02:00:00.000Z');
    const ma = recordingMessenger();
    const mb = recordingMessenger();
    const sa = startReminderScheduler({ store: a, clock, messenger: ma, intervalMs: 3_600_000, instanceId: 'a' });
    const sb = startReminderScheduler({ store: b, clock, messenger: mb, intervalMs: 3_600_000, instanceId: 'b' });
    await Promise.all([sa.tick(), sb.tick(), sa.tick(), sb.tick()]);
    await Promise.all([sa.stop(), sb.stop()]);
    const all = [...ma.sent, ...mb.sent].map((s) => s.conversationId).sort();
    expect(all).toEqual(jobs.map((j) => j.conversationId).sort());
    expect(new Set(all).size).toBe(12);
    const stored = await listReminderJobs(a.documents);
    expect(stored.map((d) => d.value.status)).toEqual(Array(12).fill('sent'));
    await Promise.all([a.close(), b.close()]);
  });
});
