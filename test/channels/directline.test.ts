import { ActivityHandler } from 'botbuilder';
import { ECHO_SUGGESTIONS, ECHO_WELCOME } from '../../src/channels/echoBot';
import { DirectLineTestClient, request, startServer, type ActivitySetBody, type Running } from './directLineClient';

const DL = '/v3/directline';

describe('Direct Line 3.0 with the echo bot', () => {
  let server: Running;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('welcomes, echoes the visitor with its client id, and replies with suggested actions', async () => {
    const c = new DirectLineTestClient(server.base);
    await c.start();
    const welcome = await c.waitForBot((a) => a.text === ECHO_WELCOME);
    expect(welcome.suggestedActions?.actions.map((a) => a.title)).toEqual(ECHO_SUGGESTIONS);
    expect(welcome.id).toEqual(expect.any(String));

    const posted = await c.send('你好', 'client-1');
    expect(posted.status).toBe(200);
    const reply = await c.waitForBot((a) => a.text === '您说的是：你好');
    const echo = c.seen.find((a) => a.channelData?.clientActivityID === 'client-1')!;
    expect(echo).toMatchObject({ id: posted.body.id, type: 'message', text: '你好', from: { role: 'user' } });
    expect(Date.parse(String(echo.timestamp))).not.toBeNaN();
    expect(reply).toMatchObject({ from: { role: 'bot' }, replyToId: posted.body.id });
    expect(Date.parse(String(reply.timestamp))).toBeGreaterThanOrEqual(Date.parse(String(echo.timestamp)));

    // Nothing new: an empty page and the same watermark, as Web Chat expects.
    const mark = c.watermark;
    expect(await c.poll()).toEqual([]);
    expect(c.watermark).toBe(mark);
  });

  it('replays the whole history to a resuming client and only new activities after a watermark', async () => {
    const c = new DirectLineTestClient(server.base);
    await c.start();
    await c.send('第一句');
    await c.waitForBot((a) => a.text === '您说的是：第一句');
    const resumed = await request(server.base, 'GET', `${DL}/conversations/${c.conversationId}?watermark=`, {
      token: c.token,
    });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ conversationId: c.conversationId, token: c.token });
    const all = await request<ActivitySetBody>(
      server.base,
      'GET',
      `${DL}/conversations/${c.conversationId}/activities`,
      {
        token: c.token,
      },
    );
    expect(all.body.activities.map((a) => a.text)).toEqual([ECHO_WELCOME, '第一句', '您说的是：第一句']);

    const after = await request(
      server.base,
      'GET',
      `${DL}/conversations/${c.conversationId}/activities?watermark=${all.body.watermark}`,
      { token: c.token },
    );
    expect(after.body).toEqual({ activities: [], watermark: all.body.watermark });
  });

  it("refuses another visitor's token with 403 and lists no conversations", async () => {
    const a = new DirectLineTestClient(server.base);
    const b = new DirectLineTestClient(server.base);
    await a.start('alice');
    await b.start('bob');
    await a.send('我的私事');
    for (const [method, path] of [
      ['GET', `${DL}/conversations/${a.conversationId}/activities`],
      ['GET', `${DL}/conversations/${a.conversationId}`],
      ['POST', `${DL}/conversations/${a.conversationId}/activities`],
    ] as const) {
      const r = await request(server.base, method, path, {
        token: b.token,
        ...(method === 'POST' ? { body: { type: 'message', text: 'x' } } : {}),
      });
      expect(r.status).toBe(403);
      expect(JSON.stringify(r.body)).not.toContain('我的私事');
    }
    const list = await request(server.base, 'GET', `${DL}/conversations`, { token: a.token });
    expect(list.status).toBeGreaterThanOrEqual(400);
    expect(list.status).toBeLessThan(500);
  });

  it('runs the turns of one conversation one at a time, in order', async () => {
    await server.stop();
    let running = 0;
    let maxRunning = 0;
    const slowBot = new ActivityHandler();
    slowBot.onMessage(async (context, next) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((r) => setTimeout(r, 30));
      await context.sendActivity(`收到：${context.activity.text}`);
      running--;
      await next();
    });
    server = await startServer({ bot: slowBot });
    const c = new DirectLineTestClient(server.base);
    await c.start();
    const posts = await Promise.all(['一', '二', '三'].map((t) => c.send(t)));
    expect(posts.every((p) => p.status === 200)).toBe(true);
    await c.waitForBot((a) => a.text === '收到：三');
    await c.poll();
    expect(maxRunning).toBe(1);
    expect(c.seen.filter((a) => a.from?.role === 'bot').map((a) => a.text)).toEqual([
      '收到：一',
      '收到：二',
      '收到：三',
    ]);
  });

  it('never puts text on a typing activity', async () => {
    await server.stop();
    const typingBot = new ActivityHandler();
    typingBot.onMessage(async (context) => {
      await context.sendActivity({ type: 'typing', text: '正在输入' });
      await context.sendActivity('好了');
    });
    server = await startServer({ bot: typingBot });
    const c = new DirectLineTestClient(server.base);
    await c.start();
    await c.send('在吗');
    await c.waitForBot((a) => a.text === '好了');
    const typing = c.seen.find((a) => a.type === 'typing')!;
    expect(typing.from?.role).toBe('bot');
    expect(typing.text).toBeUndefined();
  });

  it('delivers a proactive message (a staff reply) into the conversation', async () => {
    const c = new DirectLineTestClient(server.base);
    await c.start();
    await c.send('我要找人工');
    await c.waitForBot((a) => a.text === '您说的是：我要找人工');
    const sent = await server.app.proactive.sendToConversation(c.conversationId, [
      { type: 'message', text: '工作人员：您好，我来帮您。' },
    ]);
    expect(sent).toBe(true);
    const staff = await c.waitForBot((a) => a.text === '工作人员：您好，我来帮您。');
    expect(staff.from?.role).toBe('bot');
    expect(
      await server.app.proactive.sendToConversation('no-such-conversation', [{ type: 'message', text: 'x' }]),
    ).toBe(false);
  });
});
