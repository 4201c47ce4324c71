import { DirectLineTestClient } from '../directLineClient';
import type { ErrorBody } from '../directLineClient';
import {
  eventually,
  PASSWORD,
  startHandoffServer,
  type AuditBody,
  type ConversationView,
  type HandoffServer,
  type HandoffSession,
  type PublicStaff,
  type QueueBody,
} from './harness';

const texts = (c: DirectLineTestClient) =>
  c.seen.filter((a) => a.from?.role === 'bot' && a.type === 'message').map((a) => a.text ?? '');

async function resident(server: HandoffServer, id: string): Promise<DirectLineTestClient> {
  const c = new DirectLineTestClient(server.base);
  await c.start(id);
  return c;
}

describe('staff console API: auth', () => {
  // Each judged login runs scrypt at N=2^17 (about half a second, several seconds on a loaded machine).
  jest.setTimeout(90_000);
  let server: HandoffServer;
  beforeEach(async () => {
    server = await startHandoffServer();
  });
  afterEach(() => server.stop());

  it('refuses every console route without a session (401), with a bad password (401) and bad input (400)', async () => {
    const routes: [string, string][] = [
      ['GET', '/me'],
      ['GET', '/queue'],
      ['GET', '/staff'],
      ['GET', '/tickets'],
      ['GET', '/audit'],
      ['GET', '/events'],
      ['GET', '/conversations/x'],
      ['POST', '/conversations/x/claim'],
      ['POST', '/conversations/x/messages'],
      ['POST', '/conversations/x/resolve'],
      ['POST', '/conversations/x/transfer'],
      ['POST', '/tickets/x/status'],
      ['POST', '/logout'],
    ];
    for (const [method, path] of routes) {
      const r = await server.api(method, path, { body: method === 'POST' ? {} : undefined });
      expect([method, path, r.status]).toEqual([method, path, 401]);
    }
    expect((await server.api('GET', '/me', { cookie: 'banshi_staff=forged' })).status).toBe(401);
    expect((await server.api('POST', '/login', { body: { username: 'li', password: 'wrong password!' } })).status).toBe(
      401,
    );
    expect((await server.api('POST', '/login', { body: { username: 'nobody', password: PASSWORD } })).status).toBe(401);
    const bad = await server.api<ErrorBody>('POST', '/login', { body: { username: 'li' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/password/);
  });

  it('logs in with an HttpOnly SameSite=Strict cookie, logs out, and limits password guessing', async () => {
    const r = await server.api('POST', '/login', { body: { username: 'LI', password: PASSWORD } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ username: 'li', displayName: '李明', role: 'staff' });
    const setCookie = r.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0];
    expect((await server.api<PublicStaff>('GET', '/me', { cookie })).body.username).toBe('li');
    expect((await server.api('POST', '/logout', { cookie })).status).toBe(200);
    expect((await server.api('GET', '/me', { cookie })).status).toBe(401);

    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (await server.api('POST', '/login', { body: { username: 'wang', password: `guess-${i}-xxxxx` } })).status,
      );
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Even the right password waits out the limit.
    expect((await server.api('POST', '/login', { body: { username: 'wang', password: PASSWORD } })).status).toBe(429);
  });

  it('shows the audit trail to admins only (403 for staff)', async () => {
    const staff = await server.login('li', PASSWORD);
    const admin = await server.login('admin', PASSWORD);
    expect((await server.api('GET', '/audit', { cookie: staff })).status).toBe(403);
    const audit = await server.api<AuditBody>('GET', '/audit', { cookie: admin });
    expect(audit.status).toBe(200);
    expect(audit.body.entries.map((e) => `${e.actor}:${e.action}`)).toEqual(
      expect.arrayContaining(['li:login', 'admin:login']),
    );
  });
});

describe('staff console API: queue, claim, talk, hand back', () => {
  let server: HandoffServer;
  beforeEach(async () => {
    server = await startHandoffServer();
  });
  afterEach(() => server.stop());

  it('queues residents with their position, lets exactly one of 10 concurrent claims win, and moves the queue up', async () => {
    const a = await resident(server, 'alice');
    const b = await resident(server, 'bob');
    await a.send('转人工');
    await a.waitForBot((m) => /排在第1位/.test(m.text ?? ''));
    await b.send('转人工');
    await b.waitForBot((m) => /排在第2位/.test(m.text ?? ''));

    const li = await server.login('li', PASSWORD);
    const queue = await server.api<QueueBody>('GET', '/queue', { cookie: li });
    expect(queue.body.waiting.map((s) => [s.conversationId, s.position])).toEqual([
      [a.conversationId, 1],
      [b.conversationId, 2],
    ]);
    expect(queue.body.waiting[0]).toMatchObject({
      topic: '要求人工',
      lastResidentMessage: '转人工',
      waitingSeconds: expect.any(Number) as unknown,
    });

    const cookies = await Promise.all(['li', 'wang', 'admin'].map((u) => server.login(u, PASSWORD)));
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        server.api<HandoffSession>('POST', `/conversations/${a.conversationId}/claim`, { cookie: cookies[i % 3] }),
      ),
    );
    const owners = new Set(claims.filter((c) => c.status === 200).map((c) => c.body.claimedBy));
    expect(owners.size).toBe(1);
    // The winner's own duplicate clicks are harmless (200); every other staff member is refused.
    expect(claims.filter((c) => c.status !== 200).every((c) => c.status === 409)).toBe(true);
    expect(claims.filter((c) => c.status === 409).length).toBeGreaterThanOrEqual(6);

    await b.waitForBot((m) => /排队更新：您现在排在第1位/.test(m.text ?? ''));
    await a.waitForBot((m) => /工作人员.+已接入/.test(m.text ?? ''));
  });

  it('keeps the bot silent while staff own the conversation and gives it back with its state intact', async () => {
    const c = await resident(server, 'carol');
    await c.send('你好');
    await c.waitForBot((m) => m.text === '第1条：你好');
    await c.send('转人工');
    await c.waitForBot((m) => /已为您转人工/.test(m.text ?? ''));
    // Waiting residents may keep asking the bot.
    await c.send('等的时候问一句');
    await c.waitForBot((m) => m.text === '第3条：等的时候问一句');

    const li = await server.login('li', PASSWORD);
    expect((await server.api('POST', `/conversations/${c.conversationId}/claim`, { cookie: li })).status).toBe(200);
    await c.waitForBot((m) => m.text === '工作人员李明已接入，请直接说您的问题。');

    const sentAt = Date.now();
    await c.send('我的居住证丢了怎么办');
    const line = await eventually(async () => {
      const view = await server.api<ConversationView>('GET', `/conversations/${c.conversationId}`, { cookie: li });
      return view.body.transcript.find((l) => l.speaker === 'resident' && l.text === '我的居住证丢了怎么办');
    });
    expect(Date.now() - sentAt).toBeLessThan(1000);
    expect(line).toBeDefined();

    const sent = await server.api('POST', `/conversations/${c.conversationId}/messages`, {
      cookie: li,
      body: { text: '请先挂失。' },
    });
    expect(sent.status).toBe(200);
    const staffMsg = await c.waitForBot((m) => (m.text ?? '').includes('请先挂失'));
    expect(staffMsg.text).toBe('工作人员 李明：请先挂失。');
    expect(staffMsg.from).toMatchObject({ role: 'bot', name: '工作人员 李明' });
    await new Promise((r) => setTimeout(r, 150));
    expect(texts(c).some((t) => t.startsWith('第4条'))).toBe(false);

    // The transcript keeps everything: bot answers, resident, staff.
    const view = await server.api<ConversationView>('GET', `/conversations/${c.conversationId}`, { cookie: li });
    const speakers = view.body.transcript.map((l) => l.speaker);
    expect(speakers).toEqual(expect.arrayContaining(['resident', 'bot', 'staff']));

    expect((await server.api('POST', `/conversations/${c.conversationId}/resolve`, { cookie: li })).status).toBe(200);
    await c.waitForBot((m) => /人工服务已结束/.test(m.text ?? ''));
    await c.send('谢谢');
    // The 4th message the bot handled: the two messages during the handoff never reached it.
    await c.waitForBot((m) => m.text === '第4条：谢谢');
    expect(
      (
        await server.api('POST', `/conversations/${c.conversationId}/messages`, {
          cookie: li,
          body: { text: '还在吗' },
        })
      ).status,
    ).toBe(403);
  });

  it('lets the resident leave the queue', async () => {
    const c = await resident(server, 'dan');
    await c.send('转人工');
    await c.waitForBot((m) => /已为您转人工/.test(m.text ?? ''));
    await c.send('取消排队');
    await c.waitForBot((m) => /已取消排队/.test(m.text ?? ''));
    const li = await server.login('li', PASSWORD);
    expect((await server.api<QueueBody>('GET', '/queue', { cookie: li })).body.waiting).toEqual([]);
    expect((await server.api('POST', `/conversations/${c.conversationId}/claim`, { cookie: li })).status).toBe(409);
    await c.send('还有问题');
    await c.waitForBot((m) => m.text === '第2条：还有问题');
  });

  it('transfers to a colleague, who alone may then write; claim, send, transfer, resolve and reveal are audited', async () => {
    const c = await resident(server, 'eve');
    await c.send('转人工');
    await c.waitForBot((m) => /已为您转人工/.test(m.text ?? ''));
    const li = await server.login('li', PASSWORD);
    const wang = await server.login('wang', PASSWORD);
    const admin = await server.login('admin', PASSWORD);
    const id = c.conversationId;
    await server.api('POST', `/conversations/${id}/claim`, { cookie: li });
    expect(
      (await server.api('POST', `/conversations/${id}/transfer`, { cookie: wang, body: { to: 'wang' } })).status,
    ).toBe(403);
    expect(
      (await server.api('POST', `/conversations/${id}/transfer`, { cookie: li, body: { to: 'ghost' } })).status,
    ).toBe(400);
    expect((await server.api('POST', `/conversations/${id}/transfer`, { cookie: li, body: {} })).status).toBe(400);
    expect(
      (await server.api('POST', `/conversations/${id}/transfer`, { cookie: li, body: { to: 'wang' } })).status,
    ).toBe(200);
    await c.waitForBot((m) => m.text === '已为您转给工作人员王芳，请稍候。');
    expect(
      (await server.api('POST', `/conversations/${id}/messages`, { cookie: li, body: { text: '你好' } })).status,
    ).toBe(403);
    expect(
      (await server.api('POST', `/conversations/${id}/messages`, { cookie: wang, body: { text: '  ' } })).status,
    ).toBe(400);
    expect(
      (await server.api('POST', `/conversations/${id}/messages`, { cookie: wang, body: { text: '您好，我是王芳' } }))
        .status,
    ).toBe(200);
    expect((await server.api('GET', `/conversations/${id}?reveal=1`, { cookie: li })).status).toBe(403);
    expect((await server.api('GET', `/conversations/${id}?reveal=1`, { cookie: wang })).status).toBe(200);
    expect((await server.api('POST', `/conversations/${id}/resolve`, { cookie: wang })).status).toBe(200);
    const audit = await server.api<AuditBody>('GET', '/audit', { cookie: admin });
    const trail = audit.body.entries
      .filter((e: { conversationId?: string }) => e.conversationId === id)
      .map((e: { actor: string; action: string }) => `${e.actor}:${e.action}`)
      .reverse();
    expect(trail).toEqual(['li:claim', 'li:transfer', 'wang:send', 'wang:reveal', 'wang:resolve']);
  });

  it('masks ID and phone numbers in the console unless revealed', async () => {
    const c = await resident(server, 'fay');
    await c.send('我的手机13812345678，身份证110101199003074514');
    await c.waitForBot((m) => (m.text ?? '').startsWith('第1条'));
    await c.send('转人工');
    await c.waitForBot((m) => /已为您转人工/.test(m.text ?? ''));
    const li = await server.login('li', PASSWORD);
    await server.api('POST', `/conversations/${c.conversationId}/claim`, { cookie: li });
    const masked = JSON.stringify(
      (await server.api<ConversationView>('GET', `/conversations/${c.conversationId}`, { cookie: li })).body.transcript,
    );
    expect(masked).toContain('138****5678');
    expect(masked).not.toContain('13812345678');
    expect(masked).not.toContain('110101199003074514');
    const revealed = await server.api<ConversationView>('GET', `/conversations/${c.conversationId}?reveal=1`, {
      cookie: li,
    });
    expect(revealed.body.revealed).toBe(true);
    expect(JSON.stringify(revealed.body.transcript)).toContain('13812345678');
  });

  it('answers 404 for an unknown conversation and 400 for a bad body', async () => {
    const li = await server.login('li', PASSWORD);
    expect((await server.api('POST', '/conversations/nope/claim', { cookie: li })).status).toBe(404);
    expect((await server.api('GET', '/conversations/nope', { cookie: li })).status).toBe(404);
    const raw = await fetch(`${server.base}/console/api/conversations/nope/messages`, {
      method: 'POST',
      headers: { cookie: li, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(raw.status).toBe(400);
  });
});
