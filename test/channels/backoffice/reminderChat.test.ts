import { startReminderScheduler } from '../../../src/channels/backoffice';
import { listReminderJobs } from '../../../src/domain/reminders';
import { residentInChat, startBackOfficeServer, submitApplication, type BackOfficeServer } from './fixtures';

describe('reminders in the resident’s chat', () => {
  let s: BackOfficeServer;
  beforeEach(async () => {
    s = await startBackOfficeServer();
  });
  afterEach(async () => {
    await s.stop();
  });

  async function confirmRegistration(conversationId: string): Promise<void> {
    const app = await submitApplication(s.store, s.clock, { conversationId });
    for (const action of ['accept', 'approve'])
      expect((await s.staff('POST', `/applications/${app.referenceNumber}/actions`, { action })).status).toBe(200);
  }

  it('six months after confirmation the reminder arrives with a button that starts the permit application', async () => {
    const chat = await residentInChat(s.base);
    await confirmRegistration(chat.conversationId);
    const jobs = await listReminderJobs(s.store.documents);
    expect(jobs.map((j) => [j.value.kind, j.value.dueOn])).toEqual([['permitEligible', '2026-11-20']]);

    s.clock.set('2026-11-20T01:00:00.000Z');
    const scheduler = startReminderScheduler({
      store: s.store,
      clock: s.clock,
      messenger: s.app.proactive,
      intervalMs: 3_600_000,
    });
    await scheduler.tick();
    await scheduler.stop();
    expect((await listReminderJobs(s.store.documents)).map((j) => j.value.status)).toEqual(['sent']);
    // The test's Direct Line token (one hour) would have expired over six months; Web Chat refreshes
    // it, the test simply reads with the clock back at the start.
    s.clock.set('2026-05-20T02:00:00.000Z');
    const reminder = await chat.waitForBot((a) => (a.text ?? '').includes('办证提醒'));
    expect(reminder.suggestedActions?.actions.map((a) => a.title)).toEqual(['申领居住证', '退订提醒']);

    const before = chat.seen.length;
    await chat.send('申领居住证');
    // The button starts the procedure in the city of the registration it reminds about (no city asked),
    // dated from that registration's confirmation.
    const next = await chat.waitForBot((a) => chat.seen.indexOf(a) >= before);
    expect(next.text).not.toContain('哪个城市');
    expect(next.text).toContain('已确认');
  });

  it('“退订提醒” in chat stops reminders for that resident; nothing is sent', async () => {
    const chat = await residentInChat(s.base);
    await confirmRegistration(chat.conversationId);
    await chat.send('退订提醒');
    await chat.waitForBot((a) => (a.text ?? '').includes('已为您退订'));

    s.clock.set('2026-12-01T01:00:00.000Z');
    const scheduler = startReminderScheduler({
      store: s.store,
      clock: s.clock,
      messenger: s.app.proactive,
      intervalMs: 3_600_000,
    });
    expect(await scheduler.tick()).toBe(0);
    await scheduler.stop();
    s.clock.set('2026-05-20T02:00:00.000Z');
    await chat.poll();
    expect(chat.seen.some((a) => (a.text ?? '').includes('办证提醒'))).toBe(false);
    expect((await listReminderJobs(s.store.documents)).map((j) => j.value.status)).toEqual(['optedOut']);
  });
});
