import {
  residentInChat,
  startBackOfficeServer,
  submitApplication,
  type BackOfficeServer,
  type ReviewQueueBody,
} from '../channels/backoffice/fixtures';
import type { DirectLineTestClient } from '../channels/directLineClient';
import { listReminderJobs } from '../../src/domain/reminders';

/** Sends a message and waits for the bot reply containing `expected` that arrives after it. */
async function say(chat: DirectLineTestClient, text: string, expected: string): Promise<string> {
  const before = chat.seen.length;
  await chat.send(text);
  const end = Date.now() + 4000;
  for (;;) {
    const reply = chat.seen.slice(before).find((a) => a.from?.role === 'bot' && (a.text ?? '').includes(expected));
    if (reply) return reply.text ?? '';
    if (Date.now() > end)
      throw new Error(
        `no reply containing "${expected}" after "${text}"; got: ${chat.seen
          .slice(before)
          .map((a) => a.text)
          .join(' | ')}`,
      );
    await chat.poll();
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('correction (补正) round trip in chat', () => {
  let s: BackOfficeServer;
  beforeEach(async () => {
    s = await startBackOfficeServer();
  });
  afterEach(async () => {
    await s.stop();
  });

  it('staff ask to fix the address; the resident fixes only that in chat; same reference, status 已补正, timeline continues', async () => {
    const chat = await residentInChat(s.base);
    const app = await submitApplication(s.store, s.clock, { conversationId: chat.conversationId });
    const ref = app.referenceNumber;
    await s.staff('POST', `/applications/${ref}/actions`, { action: 'accept' });
    await s.staff('POST', `/applications/${ref}/actions`, {
      action: 'requestCorrection',
      fields: ['address'],
      note: '请写到门牌号和室号',
    });
    await chat.waitForBot((a) => (a.text ?? '').includes('需要补正'));

    // The notification's button sends its title.
    const intro = await say(chat, '补正材料', '原来填的是');
    expect(intro).toContain('上海市黄浦区人民路100号3室');
    // A request for a person at the field's prompt is handed on, not taken as the new address.
    expect(await say(chat, '我要找真人客服', '转人工')).not.toContain('确认重新提交吗');
    const confirm = await say(chat, '上海市黄浦区人民路100号5室', '确认重新提交吗');
    expect(confirm).toContain('居住地址：上海市黄浦区人民路100号5室');
    const done = await say(chat, '确认提交', '已重新提交');
    expect(done).toContain(ref);

    const stored = (await s.store.applications.get(ref))!;
    expect(stored.status).toBe('resubmitted');
    expect(stored.answers.address).toBe('上海市黄浦区人民路100号5室');
    expect(stored.answers.residenceType).toBe('rented');
    expect(stored.timeline.map((t) => t.to)).toEqual(['submitted', 'underReview', 'needsCorrection', 'resubmitted']);
    expect(stored.timeline.at(-1)!.actor).toBe('resident');

    // Back in the review queue, and the review can continue.
    const queue = await s.staff<ReviewQueueBody>('GET', '/queue?city=shanghai');
    expect(queue.body.items.map((i) => [i.referenceNumber, i.statusLabel])).toEqual([[ref, '已补正']]);
    expect((await s.staff('POST', `/applications/${ref}/actions`, { action: 'accept' })).status).toBe(200);
    expect((await s.staff('POST', `/applications/${ref}/actions`, { action: 'approve' })).status).toBe(200);
    await chat.waitForBot((a) => (a.text ?? '').includes('审核通过'));
  });

  it('from another conversation: asks the reference and ID last 4; a wrong one is refused; cancel sends nothing', async () => {
    const applied = await residentInChat(s.base);
    const app = await submitApplication(s.store, s.clock, { conversationId: applied.conversationId });
    await s.staff('POST', `/applications/${app.referenceNumber}/actions`, { action: 'accept' });
    await s.staff('POST', `/applications/${app.referenceNumber}/actions`, {
      action: 'requestCorrection',
      fields: ['residenceType'],
      note: '',
    });

    const other = await residentInChat(s.base);
    await say(other, '补正材料', '受理编号');
    await say(other, app.referenceNumber, '后4位');
    await say(other, '0000', '没有找到这个申请');

    await say(other, '补正材料', '受理编号');
    await say(other, app.referenceNumber, '后4位');
    const ask = await say(other, app.applicant.idNumber.slice(-4), '住所类型原来填的是');
    expect(ask).toContain('住所类型原来填的是：租赁');
    await say(other, '取消', '已退出补正');
    expect((await s.store.applications.get(app.referenceNumber))!.status).toBe('needsCorrection');
  });

  it('full life of a permit: submitted → accepted → correction in chat → approved → in production → shipped → completed, renewal reminder planned', async () => {
    const chat = await residentInChat(s.base);
    const ref = (await submitApplication(s.store, s.clock, { kind: 'permit', conversationId: chat.conversationId }))
      .referenceNumber;
    const act = async (action: string, extra: Record<string, unknown> = {}) =>
      expect((await s.staff('POST', `/applications/${ref}/actions`, { action, ...extra })).status).toBe(200);
    await act('accept');
    await act('requestCorrection', { fields: ['occupation'], note: '请选择就读' });
    await chat.waitForBot((a) => (a.text ?? '').includes('需要修改：就业/就读情况'));
    await say(chat, '补正材料', '就业/就读情况原来填的是');
    await say(chat, '2', '确认重新提交吗');
    await say(chat, '确认提交', '已重新提交');
    for (const action of ['accept', 'approve', 'startProduction']) await act(action);
    await act('ship', { deliveryNote: '中国邮政 EMS 1188' });
    await chat.waitForBot((a) => (a.text ?? '').includes('中国邮政 EMS 1188'));
    await act('complete', { permitExpiresOn: '2027-05-20' });
    await chat.waitForBot((a) => (a.text ?? '').includes('已办结'));

    const app = (await s.store.applications.get(ref))!;
    expect(app.answers.occupation).toBe('student');
    expect(app.timeline.map((t) => t.to)).toEqual([
      'submitted',
      'underReview',
      'needsCorrection',
      'resubmitted',
      'underReview',
      'approved',
      'inProduction',
      'shipped',
      'completed',
    ]);
    const jobs = await listReminderJobs(s.store.documents);
    expect(jobs.map((j) => [j.value.kind, j.value.dueOn, j.value.conversationId])).toEqual([
      ['renewalDue', '2027-04-20', chat.conversationId],
    ]);
  });

  it('says so when nothing needs correcting', async () => {
    const chat = await residentInChat(s.base);
    await say(chat, '补正材料', '没有找到需要补正的申请');
  });
});
