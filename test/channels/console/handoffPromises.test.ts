import { DirectLineTestClient } from '../directLineClient';
import {
  PASSWORD,
  startHandoffServer,
  type HandoffServer,
  type HandoffSession,
  type QueueBody,
  type TicketsBody,
} from './harness';

/** A clock the test moves: 2026-06-15 10:00 Beijing, a Monday. */
function movableClock() {
  let t = Date.parse('2026-06-15T02:00:00Z');
  return { now: () => new Date(t), advanceMinutes: (m: number) => (t += m * 60_000) };
}

async function resident(server: HandoffServer, id: string): Promise<DirectLineTestClient> {
  const c = new DirectLineTestClient(server.base);
  await c.start(id);
  return c;
}

const texts = (c: DirectLineTestClient) => c.seen.map((a) => a.text ?? '').join('\n');

/** Audit M18: the handoff promises no person who is not there, and waiting ends in a call-back. */
describe('handoff promises', () => {
  let server: HandoffServer;
  afterEach(() => server.stop());

  it('with nobody at the console says so, never "马上接入", and offers a call-back that becomes a ticket', async () => {
    server = await startHandoffServer();
    const c = await resident(server, 'u1');
    await c.send('转人工');
    const queued = await c.waitForBot((m) => /已为您转人工/.test(m.text ?? ''));
    expect(queued.text).toContain('现在没有工作人员在线');
    expect(queued.text).not.toContain('马上');
    expect(queued.suggestedActions?.actions.map((a) => a.title)).toEqual(['留言回电', '取消排队']);

    await c.send('留言回电');
    await c.waitForBot((m) => /请留下您的手机号码/.test(m.text ?? ''));
    await c.send('13812345678');
    await c.waitForBot((m) => /说明您要咨询的问题/.test(m.text ?? ''));
    await c.send('想问签注');
    await c.waitForBot((m) => /已记下您的留言/.test(m.text ?? ''));

    const li = await server.login('li', PASSWORD);
    expect((await server.api<QueueBody>('GET', '/queue', { cookie: li })).body.waiting).toEqual([]);
    const tickets = (await server.api<TicketsBody>('GET', '/tickets', { cookie: li })).body.tickets;
    expect(tickets.map((t) => [t.conversationId, t.message])).toEqual([[c.conversationId, '想问签注']]);
  });

  it('with a staff member signed in queues the resident without promising when', async () => {
    server = await startHandoffServer();
    await server.login('li', PASSWORD);
    const c = await resident(server, 'u2');
    await c.send('转人工');
    const queued = await c.waitForBot((m) => /已为您转人工/.test(m.text ?? ''));
    expect(queued.text).toContain('排在第1位');
    expect(queued.text).not.toContain('没有工作人员在线');
    expect(queued.text).not.toContain('马上');
  });

  it('a staff member who left the console long ago does not count as online', async () => {
    const clock = movableClock();
    server = await startHandoffServer({ clock });
    await server.login('li', PASSWORD);
    clock.advanceMinutes(30);
    const c = await resident(server, 'u3');
    await c.send('转人工');
    await c.waitForBot((m) => /现在没有工作人员在线/.test(m.text ?? ''));
  });

  it('a request nobody takes in time becomes a call-back offer, sent to the resident, and the queue place ends', async () => {
    const clock = movableClock();
    server = await startHandoffServer({ clock, env: { HANDOFF_WAIT_MINUTES: '10' } });
    const c = await resident(server, 'u4');
    await c.send('转人工');
    await c.waitForBot((m) => /已为您转人工/.test(m.text ?? ''));
    clock.advanceMinutes(9);
    expect(await server.handoff.service.expireWaiting()).toBe(0);
    clock.advanceMinutes(2);
    expect(await server.handoff.service.expireWaiting()).toBe(1);
    await c.waitForBot((m) => /已经等了10分钟/.test(m.text ?? ''));
    await c.waitForBot((m) => /请留下您的手机号码/.test(m.text ?? ''));
    await c.send('13812345678');
    await c.waitForBot((m) => /说明您要咨询的问题/.test(m.text ?? ''));
    expect(texts(c)).not.toContain('马上');
  });

  it('the resident who writes after the wait ran out is offered the call-back at once', async () => {
    const clock = movableClock();
    server = await startHandoffServer({ clock });
    const c = await resident(server, 'u5');
    await c.send('转人工');
    await c.waitForBot((m) => /已为您转人工/.test(m.text ?? ''));
    clock.advanceMinutes(15);
    await c.send('还要等多久');
    await c.waitForBot((m) => /已经等了10分钟/.test(m.text ?? ''));
    const li = await server.login('li', PASSWORD);
    expect((await server.api<QueueBody>('GET', '/queue', { cookie: li })).body.waiting).toEqual([]);
  });

  it('m10: residents ahead of the one served hear no queue update; those behind hear their new place', async () => {
    server = await startHandoffServer();
    const [a, b, c] = await Promise.all(['q1', 'q2', 'q3'].map((id) => resident(server, id)));
    for (const [r, n] of [
      [a, 1],
      [b, 2],
      [c, 3],
    ] as const) {
      await r.send('转人工');
      await r.waitForBot((m) => new RegExp(`排在第${n}位`).test(m.text ?? ''));
    }
    const li = await server.login('li', PASSWORD);
    const claimed = await server.api<HandoffSession>('POST', `/conversations/${b.conversationId}/claim`, {
      cookie: li,
    });
    expect(claimed.status).toBe(200);
    await c.waitForBot((m) => /排队更新：您现在排在第2位/.test(m.text ?? ''));
    await a.poll();
    expect(texts(a)).not.toContain('排队更新');
  });
});
