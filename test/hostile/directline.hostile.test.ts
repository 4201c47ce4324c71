import { DirectLineTestClient, request, type ActivitySetBody, type ErrorBody } from '../channels/directLineClient';
import { isClientError, MovableClock, rawHttp, startHostileServer, type HostileServer } from './hostileServer';

/** Direct Line under hostile input: every route answers a 4xx with a reason, and the server lives on. */

const DL = '/v3/directline';
let server: HostileServer;
let clock: MovableClock;
let a: DirectLineTestClient;
let b: DirectLineTestClient;

beforeAll(async () => {
  clock = new MovableClock();
  server = await startHostileServer(
    { DIRECTLINE_RATE_PER_IP_PER_MINUTE: '100000', DIRECTLINE_RATE_PER_TOKEN_PER_MINUTE: '100000' },
    clock,
  );
  a = new DirectLineTestClient(server.base);
  b = new DirectLineTestClient(server.base);
  await a.start('visitorA');
  await b.start('visitorB');
  expect((await a.send('存档消息：我想办居住证')).status).toBe(200);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

afterEach(async () => {
  expect(await server.alive()).toBe(true);
});

const message = { type: 'message', text: '你好', from: { id: 'visitorA' } };

describe('every conversation route refuses a missing, foreign or made-up token', () => {
  const routes: [string, (id: string) => string, unknown][] = [
    ['GET', (id) => `${DL}/conversations/${id}`, undefined],
    ['GET', (id) => `${DL}/conversations/${id}/activities`, undefined],
    ['POST', (id) => `${DL}/conversations/${id}/activities`, message],
  ];
  const tokens: [string, () => string | undefined, number][] = [
    ['no Authorization header', () => undefined, 401],
    ['"Bearer undefined"', () => 'undefined', 401],
    ["another conversation's token", () => b.token, 403],
    ['a garbage token', () => 'garbage', 403],
    ['a 10 KB token', () => 'x'.repeat(10_000), 401],
    ['a token with emoji', () => encodeURIComponent('😀😀'), 403],
  ];
  for (const [method, path, body] of routes) {
    it.each(tokens)(`${method} ${path(':id')} with %s`, async (_name, token, status) => {
      const t = token();
      const r = await request<ErrorBody>(server.base, method, path(a.conversationId), {
        ...(t ? { headers: { authorization: `Bearer ${t}` } } : {}),
        ...(body ? { body } : {}),
      });
      expect(r.status).toBe(status);
      expect(r.body.error.message).toEqual(expect.any(String));
    });
  }

  it('refuses to refresh without a token or with a garbage one', async () => {
    expect((await request(server.base, 'POST', `${DL}/tokens/refresh`)).status).toBe(401);
    expect((await request(server.base, 'POST', `${DL}/tokens/refresh`, { token: 'garbage' })).status).toBe(403);
  });

  it('refuses an expired token on every route with 403 "token expired"', async () => {
    const c = new DirectLineTestClient(server.base);
    await c.start('visitorC');
    clock.advance(2 * 3600_000);
    try {
      for (const [method, path, body] of routes) {
        const r = await request<ErrorBody>(server.base, method, path(c.conversationId), {
          token: c.token,
          ...(body ? { body } : {}),
        });
        expect([r.status, r.body.error.message]).toEqual([403, 'token expired']);
      }
      expect((await request(server.base, 'POST', `${DL}/tokens/refresh`, { token: c.token })).status).toBe(403);
    } finally {
      clock.advance(-2 * 3600_000);
    }
  });
});

describe('conversation ids that are not ours', () => {
  it.each([
    ['SQL', "1'%20OR%20'1'='1"],
    ['JSON-ish', encodeURIComponent('{"$ne":null}')],
    ['10 KB', 'A'.repeat(10_000)],
    ['emoji', encodeURIComponent('😀'.repeat(20))],
    ['NUL', `${'A'.repeat(20)}%00`],
    ['path traversal', '..%2F..%2Fpackage.json'],
    ['bad percent encoding', '%E0%A4%A'],
  ])('answers 404 (405 for a POST to a path no route has) for a %s id', async (_name, id) => {
    for (const [method, suffix] of [
      ['GET', ''],
      ['GET', '/activities'],
      ['POST', '/activities'],
    ] as const) {
      const r = await request<ErrorBody>(server.base, method, `${DL}/conversations/${id}${suffix}`, {
        token: a.token,
        ...(method === 'POST' ? { body: message } : {}),
      });
      // The router does not match a parameter over 100 characters at all: the POST then has no route.
      expect(r.status === 404 || (method === 'POST' && r.status === 405)).toBe(true);
      expect(r.body.error.message).toEqual(expect.any(String));
    }
  });
});

describe('bodies that are not an activity', () => {
  const post = (raw: string | Buffer, contentType = 'application/json') =>
    request<ErrorBody>(server.base, 'POST', `${DL}/conversations/${a.conversationId}/activities`, {
      token: a.token,
      raw,
      headers: { 'content-type': contentType },
    });

  it.each([
    ['an array', '[1,2]', 400],
    ['null', 'null', 400],
    ['a number', '42', 400],
    ['a string', '"message"', 400],
    ['nested 1000 deep', `${'['.repeat(1000)}${']'.repeat(1000)}`, 400],
    [
      'an object nested 1000 deep in value',
      `{"type":"event","name":"x","value":${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}}`,
      200,
    ],
    ['duplicate keys (last wins, still validated)', '{"type":"message","type":"bogus","text":"x"}', 400],
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), 400],
    ['type invoke', '{"type":"invoke","name":"x"}', 400],
    [
      'type conversationUpdate from the client',
      '{"type":"conversationUpdate","membersAdded":[{"id":"banshi-bot"}]}',
      400,
    ],
    [
      '1000 attachments',
      JSON.stringify({
        type: 'message',
        text: 'x',
        attachments: Array.from({ length: 1000 }, () => ({ contentType: 'image/png' })),
      }),
      400,
    ],
    ['text just over 4000 characters', JSON.stringify({ type: 'message', text: '字'.repeat(4001) }), 400],
    ['a body over 64 KB', JSON.stringify({ type: 'message', text: 'x', value: 'y'.repeat(70_000) }), 413],
  ])('%s → %s', async (_name, raw, status) => {
    const r = await post(raw);
    expect(r.status).toBe(status);
    if (status !== 200) expect(r.body.error.message).toEqual(expect.any(String));
  });

  it.each([
    ['text/plain', 415],
    ['application/x-www-form-urlencoded', 415],
    ['multipart/form-data; boundary=x', 415],
    ['application/xml', 415],
  ])('answers Content-Type %s with %i', async (type, status) => {
    const r = await post(JSON.stringify(message), type);
    expect(r.status).toBe(status);
  });

  it('takes a body just under the limit and refuses one just over, even chunked without a length', async () => {
    const under = JSON.stringify({ type: 'event', name: 'x', value: 'y'.repeat(64 * 1024 - 60) });
    expect(Buffer.byteLength(under)).toBeLessThanOrEqual(64 * 1024);
    expect((await post(under)).status).toBe(200);
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const r = await rawHttp(server.base, 'POST', `${DL}/conversations/${a.conversationId}/activities`, {
      headers: {
        authorization: `Bearer ${a.token}`,
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      },
      chunks: [Buffer.from('{"type":"message","text":"'), ...Array.from({ length: 8 }, () => chunk), Buffer.from('"}')],
    });
    expect(r.status).toBe(413);
  });
});

describe('methods and watermarks', () => {
  it.each(['PUT', 'DELETE', 'PATCH'])('answers %s on the activities route with a 4xx', async (method) => {
    const r = await request(server.base, method, `${DL}/conversations/${a.conversationId}/activities`, {
      token: a.token,
      body: message,
    });
    expect(isClientError(r.status)).toBe(true);
  });

  it('answers HEAD on the activities route without a body or a 5xx', async () => {
    const r = await rawHttp(server.base, 'HEAD', `${DL}/conversations/${a.conversationId}/activities`, {
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(r.status).toBeLessThan(500);
    expect(r.status).toBeGreaterThan(0);
  });

  it.each([
    ['negative', '-1', 400],
    ['huge', '9'.repeat(40), 400],
    ['non-numeric', 'abc', 400],
    ['SQL', '1;DROP TABLE x', 400],
    ['twelve digits (beyond the log)', '999999999999', 200],
  ])('answers a %s watermark with %s', async (_name, watermark, status) => {
    const r = await request(
      server.base,
      'GET',
      `${DL}/conversations/${a.conversationId}/activities?watermark=${encodeURIComponent(watermark)}`,
      { token: a.token },
    );
    expect(r.status).toBe(status);
  });

  it('answers a repeated watermark parameter with 400', async () => {
    const r = await request(
      server.base,
      'GET',
      `${DL}/conversations/${a.conversationId}/activities?watermark=1&watermark=2`,
      { token: a.token },
    );
    expect(r.status).toBe(400);
  });
});

describe('identity and odd activities', () => {
  it('never lets a client post as the bot or staff, nor inject suggested actions', async () => {
    const c = new DirectLineTestClient(server.base);
    await c.start('visitorD');
    const forged = {
      type: 'message',
      text: '我是机器人',
      from: { id: 'banshi-bot', name: '办事助手', role: 'bot' },
      recipient: { id: 'visitorD' },
      suggestedActions: { actions: [{ type: 'openUrl', title: '点我', value: 'https://evil.example' }] },
      id: 'forged-id',
      conversation: { id: b.conversationId },
    };
    expect(
      (
        await request(server.base, 'POST', `${DL}/conversations/${c.conversationId}/activities`, {
          token: c.token,
          body: forged,
        })
      ).status,
    ).toBe(200);
    await c.waitForBot(() => true, 10_000);
    const echo = c.seen.find((x) => x.text === '我是机器人')!;
    expect(echo.from).toEqual(expect.objectContaining({ id: 'visitorD', role: 'user' }));
    expect(echo.suggestedActions).toBeUndefined();
    expect(echo.id).not.toBe('forged-id');
    expect(
      c.seen.filter((x) => x.from?.role === 'bot').every((x) => JSON.stringify(x).indexOf('evil.example') === -1),
    ).toBe(true);
    // The other conversation got nothing.
    expect(JSON.stringify(await b.poll())).not.toContain('我是机器人');
  });

  it('accepts an event and a typing with text without replaying the typing text', async () => {
    const c = new DirectLineTestClient(server.base);
    await c.start('visitorE');
    const post = (body: unknown) =>
      request(server.base, 'POST', `${DL}/conversations/${c.conversationId}/activities`, { token: c.token, body });
    expect((await post({ type: 'event', name: 'webchat/join', value: { language: 'zh-CN' } })).status).toBe(200);
    expect((await post({ type: 'typing', text: '秘密草稿' })).status).toBe(200);
    await c.poll();
    expect(JSON.stringify(c.seen)).not.toContain('秘密草稿');
  });
});

describe('500 concurrent posts on one conversation', () => {
  it('stores every accepted message once, in one order, and runs every turn', async () => {
    const c = new DirectLineTestClient(server.base);
    await c.start('visitorF');
    const replies = await Promise.all(Array.from({ length: 500 }, (_, i) => c.send(`第${i}条`)));
    expect(replies.map((r) => r.status).every((s) => s === 200)).toBe(true);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(500);
    await server.app.directLine.drain();
    while ((await c.poll()).length > 0);
    const echoes = c.seen.filter((x) => x.from?.role === 'user').map((x) => x.text);
    expect(new Set(echoes).size).toBe(500);
    // Each turn answered: as many bot messages at least as user messages.
    expect(c.seen.filter((x) => x.from?.role === 'bot' && x.type === 'message').length).toBeGreaterThanOrEqual(500);
  }, 120_000);
});

describe('after everything above', () => {
  it('still holds what was stored before the barrage', async () => {
    const r = await request<ActivitySetBody>(
      server.base,
      'GET',
      `${DL}/conversations/${a.conversationId}/activities?watermark=0`,
      {
        token: a.token,
      },
    );
    expect(r.status).toBe(200);
    expect(r.body.activities.map((x) => x.text)).toContain('存档消息：我想办居住证');
  });
});
