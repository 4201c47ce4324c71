import { DirectLineTestClient, request, startServer, type ErrorBody, type Running } from './directLineClient';

const DL = '/v3/directline';

describe('Direct Line against hostile input', () => {
  let server: Running;
  let c: DirectLineTestClient;
  beforeEach(async () => {
    server = await startServer({
      env: { DIRECTLINE_RATE_PER_TOKEN_PER_MINUTE: '3', DIRECTLINE_RATE_PER_IP_PER_MINUTE: '600' },
    });
    c = new DirectLineTestClient(server.base);
    await c.start();
  });
  afterEach(async () => {
    await server.stop();
  });

  const activities = () => `${DL}/conversations/${c.conversationId}/activities`;

  it.each([
    ['malformed JSON', () => ({ raw: '{"type":"message",', headers: { 'content-type': 'application/json' } }), 400],
    [
      'wrong content type',
      () => ({ raw: 'type=message&text=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      415,
    ],
    ['a body over 64 KB', () => ({ body: { type: 'message', text: 'x'.repeat(70_000) } }), 413],
    ['an empty body', () => ({ raw: '', headers: { 'content-type': 'application/json' } }), 400],
    ['an unknown activity type', () => ({ body: { type: 'invoke', name: 'x' } }), 400],
    ['a JSON array', () => ({ body: [1, 2] }), 400],
    ['text over 4000 characters', () => ({ body: { type: 'message', text: '字'.repeat(4001) } }), 400],
  ])('answers %s with a 4xx and a reason', async (_name, make, status) => {
    const r = await request<ErrorBody>(server.base, 'POST', activities(), { token: c.token, ...make() });
    expect(r.status).toBe(status);
    expect(r.body.error.message).toEqual(expect.any(String));
  });

  it.each([
    ['no token', undefined, 401],
    ['the literal "undefined" Web Chat sends', 'undefined', 401],
    ['a made-up token', 'x'.repeat(43), 403],
  ])('answers a poll with %s with %i', async (_name, token, status) => {
    const r = await request(
      server.base,
      'GET',
      activities(),
      token ? { headers: { authorization: `Bearer ${token}` } } : {},
    );
    expect(r.status).toBe(status);
  });

  it('answers 404 for an unknown conversation and for a malformed id', async () => {
    expect(
      (await request(server.base, 'GET', `${DL}/conversations/AAAAAAAAAAAAAAAAAAAAAAAA/activities`, { token: c.token }))
        .status,
    ).toBe(404);
    expect(
      (await request(server.base, 'GET', `${DL}/conversations/%E0%A4%A/activities`, { token: c.token })).status,
    ).toBe(404);
  });

  it('rejects a watermark it never issued and a reserved user id', async () => {
    expect((await request(server.base, 'GET', `${activities()}?watermark=abc`, { token: c.token })).status).toBe(400);
    const gen = await request<ErrorBody>(server.base, 'POST', `${DL}/tokens/generate`, {
      body: { user: { id: 'dl_spoof' } },
    });
    expect(gen.status).toBe(400);
    expect(gen.body.error.message).toMatch(/dl_/);
  });

  it('limits messages per token with 429, Retry-After and a reason', async () => {
    // Limit 3/minute allows a burst of 1.
    expect((await c.send('一')).status).toBe(200);
    const limited = await c.send('二');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.stringify(limited.body)).toMatch(/too many/);
    // Polling is never refused: Web Chat would stop for good.
    expect((await request(server.base, 'GET', activities(), { token: c.token })).status).toBe(200);
  });

  it('keeps serving after all of the above', async () => {
    await request(server.base, 'POST', activities(), {
      token: c.token,
      raw: '{',
      headers: { 'content-type': 'application/json' },
    });
    await request(server.base, 'POST', activities(), {
      token: c.token,
      body: { type: 'message', text: 'x'.repeat(100_000) },
    });
    expect((await request(server.base, 'GET', '/healthz')).status).toBe(200);
  });
});

describe('rate limit per client address', () => {
  it('answers 429 once one address starts too many conversations', async () => {
    const server = await startServer({ env: { DIRECTLINE_RATE_PER_IP_PER_MINUTE: '6' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await request(server.base, 'POST', `${DL}/tokens/generate`, { body: {} })).status);
      expect(statuses.slice(0, 2)).toEqual([200, 200]);
      expect(statuses).toContain(429);
    } finally {
      await server.stop();
    }
  });
});
