import { UNDELIVERED_NOTIFICATIONS } from '../../../src/channels/backoffice';
import { request, type ErrorBody } from '../directLineClient';
import {
  APPLICANT,
  residentInChat,
  startBackOfficeServer,
  submitApplication,
  type ApplicationViewBody,
  type BackOfficeServer,
  type ReviewQueueBody,
} from './fixtures';

const buttons = (a: { suggestedActions?: { actions: { title?: string }[] } }) =>
  (a.suggestedActions?.actions ?? []).map((b) => b.title);

describe('review API: staff actions reach the resident', () => {
  let s: BackOfficeServer;
  beforeEach(async () => {
    s = await startBackOfficeServer();
  });
  afterEach(async () => {
    await s.stop();
  });

  it('moves a permit through every step; each change arrives in the resident’s Direct Line conversation', async () => {
    const chat = await residentInChat(s.base);
    const app = await submitApplication(s.store, s.clock, { kind: 'permit', conversationId: chat.conversationId });
    const ref = app.referenceNumber;
    const steps: [string, Record<string, unknown>, string, string?][] = [
      ['accept', {}, '已受理，正在审核'],
      ['approve', {}, '审核通过了，接下来制作证件'],
      ['startProduction', {}, '正在制证'],
      ['ship', { deliveryNote: 'EMS 1234567890' }, 'EMS 1234567890'],
      ['complete', {}, '已办结'],
    ];
    for (const [action, extra, expected] of steps) {
      const r = await s.staff('POST', `/applications/${ref}/actions`, { action, ...extra });
      expect(r.status).toBe(200);
      const msg = await chat.waitForBot((a) => (a.text ?? '').includes(expected) && (a.text ?? '').includes(ref));
      expect(msg.text).toContain(ref);
    }
    const final = await s.staff<ApplicationViewBody>('GET', `/applications/${ref}`);
    expect(final.body.status).toBe('completed');
    expect(final.body.timeline.map((t) => t.to)).toEqual([
      'submitted',
      'underReview',
      'approved',
      'inProduction',
      'shipped',
      'completed',
    ]);
    expect(s.gate.audits.map((a) => a.action)).toEqual(steps.map(([a]) => `application.${a}`));
  });

  it('tells where to collect the card (from the policy), the reason of a rejection, and what to correct with a button', async () => {
    const chat = await residentInChat(s.base);
    const permit = await submitApplication(s.store, s.clock, { kind: 'permit', conversationId: chat.conversationId });
    for (const action of ['accept', 'approve', 'startProduction', 'readyForPickup'])
      await s.staff('POST', `/applications/${permit.referenceNumber}/actions`, { action });
    const pickup = await chat.waitForBot((a) => (a.text ?? '').includes('可以领取'));
    expect(pickup.text).toContain('系统提示的网点');

    const reg = await submitApplication(s.store, s.clock, { conversationId: chat.conversationId });
    await s.staff('POST', `/applications/${reg.referenceNumber}/actions`, { action: 'accept' });
    await s.staff('POST', `/applications/${reg.referenceNumber}/actions`, {
      action: 'requestCorrection',
      fields: ['address'],
      note: '门牌号与租赁合同不一致',
    });
    const fix = await chat.waitForBot((a) => (a.text ?? '').includes('需要补正'));
    expect(fix.text).toContain('需要修改：居住地址');
    expect(fix.text).toContain('门牌号与租赁合同不一致');
    expect(buttons(fix)).toEqual(['补正材料']);

    const other = await submitApplication(s.store, s.clock, { conversationId: chat.conversationId });
    await s.staff('POST', `/applications/${other.referenceNumber}/actions`, { action: 'accept' });
    const noReason = await s.staff<ErrorBody>('POST', `/applications/${other.referenceNumber}/actions`, {
      action: 'reject',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toContain('必须写明原因');
    await s.staff('POST', `/applications/${other.referenceNumber}/actions`, { action: 'reject', note: '住所不在本市' });
    const rejected = await chat.waitForBot((a) => (a.text ?? '').includes('未通过审核'));
    expect(rejected.text).toContain('原因：住所不在本市');
  });

  it('refuses an illegal transition with the domain’s Chinese message (409) and changes nothing', async () => {
    const app = await submitApplication(s.store, s.clock);
    const r = await s.staff<ErrorBody>('POST', `/applications/${app.referenceNumber}/actions`, {
      action: 'ship',
      deliveryNote: 'x',
    });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('申请现在是“待受理”，不能直接改为“邮寄中”');
    expect((await s.store.applications.get(app.referenceNumber))!.status).toBe('submitted');
  });

  it('answers 401 without a staff session, 400 for bad input, 404 for an unknown reference — never 5xx', async () => {
    const app = await submitApplication(s.store, s.clock);
    for (const [method, path] of [
      ['GET', '/queue'],
      ['GET', `/applications/${app.referenceNumber}`],
      ['POST', `/applications/${app.referenceNumber}/reveal`],
      ['POST', `/applications/${app.referenceNumber}/actions`],
    ] as const) {
      const r = await request(
        s.base,
        method,
        `/console/api/review${path}`,
        method === 'POST' ? { body: { action: 'accept' } } : {},
      );
      expect(r.status).toBe(401);
    }
    const bad = [
      await s.staff('POST', `/applications/${app.referenceNumber}/actions`, { action: 'teleport' }),
      await s.staff('POST', `/applications/${app.referenceNumber}/actions`, {
        action: 'accept',
        note: 'x'.repeat(600),
      }),
      await s.staff('POST', `/applications/${app.referenceNumber}/actions`, 'not an object'),
      await s.staff('GET', '/queue?queue=nonsense'),
      await s.staff('GET', '/queue?city=atlantis'),
    ];
    for (const r of bad) expect(r.status).toBe(400);
    expect((await s.staff('GET', '/applications/SH-20260520-ZZZZZZZZ')).status).toBe(404);
    expect((await s.staff('POST', '/applications/%E4%BD%A0/actions', { action: 'accept' })).status).toBe(404);
  });

  it('lists the review queue per city, oldest first, with personal data masked until revealed (audited)', async () => {
    const first = await submitApplication(s.store, s.clock);
    s.clock.set('2026-05-20T03:00:00.000Z');
    const cd = await submitApplication(s.store, s.clock, { city: 'chengdu' });
    s.clock.set('2026-05-20T04:00:00.000Z');
    const second = await submitApplication(s.store, s.clock);
    await s.staff('POST', `/applications/${second.referenceNumber}/actions`, { action: 'accept' });

    const sh = await s.staff<ReviewQueueBody>('GET', '/queue?city=shanghai');
    expect(sh.body.items.map((i) => i.referenceNumber)).toEqual([first.referenceNumber, second.referenceNumber]);
    expect(sh.body.items.map((i) => i.statusLabel)).toEqual(['待受理', '审核中']);
    expect(
      (await s.staff<ReviewQueueBody>('GET', '/queue?city=chengdu')).body.items.map((i) => i.referenceNumber),
    ).toEqual([cd.referenceNumber]);

    const view = await s.staff<ApplicationViewBody>('GET', `/applications/${first.referenceNumber}`);
    const json = JSON.stringify(view.body);
    expect(json).not.toContain(APPLICANT.idNumber);
    expect(json).not.toContain(APPLICANT.phone);
    expect(json).not.toContain(APPLICANT.name);
    expect(json).not.toContain('100号3室');
    expect(view.body.checklist.length).toBeGreaterThan(0);
    expect(view.body.actions.map((a) => a.action)).toEqual(['accept']);
    expect(s.gate.audits).toEqual([expect.objectContaining({ action: 'application.accept' })]);

    const revealed = await s.staff<ApplicationViewBody>(
      'POST',
      `/applications/${first.referenceNumber}/reveal`,
      undefined,
      'zhang.lead',
    );
    expect(revealed.body.applicant).toEqual(APPLICANT);
    expect(s.gate.audits.at(-1)).toEqual({
      staff: 'zhang.lead',
      action: 'application.reveal',
      details: { referenceNumber: first.referenceNumber },
    });
  });

  it('keeps a notice it could not deliver (no conversation) for staff instead of losing it', async () => {
    const app = await submitApplication(s.store, s.clock, { conversationId: 'never-talked-to-us' });
    expect((await s.staff('POST', `/applications/${app.referenceNumber}/actions`, { action: 'accept' })).status).toBe(
      200,
    );
    const kept = await s.store.documents.list<{ referenceNumber: string; text: string; reason: string }>(
      UNDELIVERED_NOTIFICATIONS,
    );
    expect(kept.map((d) => d.value)).toEqual([
      expect.objectContaining({ referenceNumber: app.referenceNumber, reason: 'unreachable' }),
    ]);
    expect(kept[0].value.text).toContain('已受理');
    const view = await s.staff<ApplicationViewBody>('GET', `/applications/${app.referenceNumber}`);
    expect(view.body.undeliveredNotices).toEqual([expect.objectContaining({ status: 'underReview' })]);
  });
});
