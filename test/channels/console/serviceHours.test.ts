import { loadConfig, ConfigError } from '../../../src/config';
import { DirectLineTestClient } from '../directLineClient';
import {
  PASSWORD,
  startHandoffServer,
  type HandoffServer,
  type QueueBody,
  type Ticket,
  type TicketsBody,
} from './harness';

// Saturday 2026-06-13 10:00 in Beijing; staff work Monday to Friday.
const saturday = { now: () => new Date('2026-06-13T02:00:00Z') };
const monday = { now: () => new Date('2026-06-15T02:00:00Z') };
const env = { SERVICE_HOURS: '*=mon-fri 09:00-18:00' };

describe('service hours', () => {
  let server: HandoffServer;
  afterEach(() => server.stop());

  it('inside the hours queues the resident', async () => {
    server = await startHandoffServer({ env, clock: monday });
    const c = new DirectLineTestClient(server.base);
    await c.start('u1');
    await c.send('转人工');
    await c.waitForBot((m) => /已为您转人工/.test(m.text ?? ''));
  });

  it('outside the hours says the hours, rejects a bad call-back number, and files a ticket staff can see and close', async () => {
    server = await startHandoffServer({ env, clock: saturday });
    const c = new DirectLineTestClient(server.base);
    await c.start('u2');
    await c.send('转人工');
    await c.waitForBot(
      (m) => m.text === '现在不是人工服务时间。人工服务时间：周一、周二、周三、周四、周五 09:00-18:00（北京时间）。',
    );
    await c.waitForBot((m) => /请留下您的手机号码/.test(m.text ?? ''));
    await c.send('12345');
    await c.waitForBot((m) => /手机号码应为11位/.test(m.text ?? ''));
    await c.send('138 1234 5678');
    await c.waitForBot((m) => /说明您要咨询的问题/.test(m.text ?? ''));
    await c.send('想问续签的事');
    const saved = await c.waitForBot((m) => /已记下您的留言/.test(m.text ?? ''));

    const li = await server.login('li', PASSWORD);
    expect((await server.api<QueueBody>('GET', '/queue', { cookie: li })).body.waiting).toEqual([]);
    const tickets = (await server.api<TicketsBody>('GET', '/tickets', { cookie: li })).body.tickets;
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({
      phone: '138****5678',
      message: '想问续签的事',
      status: 'open',
      conversationId: c.conversationId,
    });
    expect(saved.text).toContain(tickets[0].id);
    expect((await server.api<Ticket>('POST', `/tickets/${tickets[0].id}/reveal`, { cookie: li })).body.phone).toBe(
      '13812345678',
    );
    expect(
      (await server.api('POST', `/tickets/${tickets[0].id}/status`, { cookie: li, body: { status: 'lost' } })).status,
    ).toBe(400);
    expect(
      (await server.api<Ticket>('POST', `/tickets/${tickets[0].id}/status`, { cookie: li, body: { status: 'closed' } }))
        .body.status,
    ).toBe('closed');
    expect(
      (await server.api('POST', `/tickets/${tickets[0].id}/status`, { cookie: li, body: { status: 'open' } })).status,
    ).toBe(409);

    // After the ticket the bot answers again.
    await c.send('你好');
    await c.waitForBot((m) => (m.text ?? '').endsWith('：你好'));
  });

  it('lets the resident decline to leave a message', async () => {
    server = await startHandoffServer({ env, clock: saturday });
    const c = new DirectLineTestClient(server.base);
    await c.start('u3');
    await c.send('转人工');
    await c.waitForBot((m) => /请留下您的手机号码/.test(m.text ?? ''));
    await c.send('不用了');
    await c.waitForBot((m) => /不留言了/.test(m.text ?? ''));
  });
});

describe('SERVICE_HOURS configuration', () => {
  it('refuses a malformed value at start-up, naming the variable', () => {
    expect(() => loadConfig({ SERVICE_HOURS: 'shanghai=someday 9-5' })).toThrow(ConfigError);
    expect(() => loadConfig({ SERVICE_HOURS: 'shanghai=someday 9-5' })).toThrow(/SERVICE_HOURS/);
    expect(
      loadConfig({ SERVICE_HOURS: 'shanghai=workdays 09:00-12:00,13:30-17:30;chengdu=mon-sat 09:00-18:00' })
        .SERVICE_HOURS,
    ).toMatch(/shanghai/);
  });
});
