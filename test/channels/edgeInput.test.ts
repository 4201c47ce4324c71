import { request, startServer, type Running } from './directLineClient';
import { PASSWORD, startHandoffServer, type HandoffServer } from './console/harness';

/**
 * Input that used to reach a 5xx or hold a request (reliability audit F6, F7, F12): each now gets a
 * 4xx with a reason at once, or is cleaned and kept.
 */
const deepArray = '['.repeat(30_000) + ']'.repeat(30_000);
const deepObject = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);

describe('hostile input at the edge', () => {
  let server: HandoffServer;
  let plain: Running;
  beforeAll(async () => {
    server = await startHandoffServer();
    plain = await startServer();
  });
  afterAll(async () => {
    await server.stop();
    await plain.stop();
  });

  const raw = (base: string, path: string, body: string, headers: Record<string, string> = {}) =>
    request(base, 'POST', path, { raw: body, headers: { 'content-type': 'application/json', ...headers } });

  it('answers deeply nested JSON with 400 on every JSON endpoint', async () => {
    for (const path of [
      '/v3/directline/tokens/generate',
      '/v3/directline/conversations',
      '/console/api/login',
      '/api/messages',
    ])
      for (const body of [deepArray, deepObject]) {
        const r = await raw(server.base, path, body);
        expect([path, r.status]).toEqual([path, 400]);
        expect(JSON.stringify(r.body)).toMatch(/nests deeper/);
      }
  });

  it('keeps a chat message with a lone surrogate (cleaned), and accepts such a locale', async () => {
    const gen = await raw(plain.base, '/v3/directline/tokens/generate', '{"locale":"\\ud800"}');
    expect(gen.status).toBe(200);
    const token = (gen.body as { token: string }).token;
    const conv = await request<{ conversationId: string }>(plain.base, 'POST', '/v3/directline/conversations', {
      token,
    });
    const id = conv.body.conversationId;
    const sent = await raw(
      plain.base,
      `/v3/directline/conversations/${id}/activities`,
      '{"type":"message","text":"我叫\\ud800王","from":{"id":"u"}}',
      { authorization: `Bearer ${token}` },
    );
    expect(sent.status).toBe(200);
    const page = await request<{ activities: { text?: string }[] }>(
      plain.base,
      'GET',
      `/v3/directline/conversations/${id}/activities`,
      { token },
    );
    expect(page.body.activities.map((a) => a.text)).toContain('我叫\ufffd王');
  });

  it('refuses a whitespace-only username or transfer target with 400, and a surrogate username with 401', async () => {
    for (const username of [' ', '\t'])
      expect((await server.api('POST', '/login', { body: { username, password: 'x' } })).status).toBe(400);
    expect((await raw(server.base, '/console/api/login', '{"username":"\\udc00b","password":"yyyyyyyy"}')).status).toBe(
      401,
    );
    const li = await server.login('li', PASSWORD);
    const r = await server.api('POST', '/conversations/whatever/transfer', { cookie: li, body: { to: ' ' } });
    expect(r.status).toBe(400);
  });

  it('answers /api/messages at once, never 5xx: numeric loopback URLs with nothing behind them, and invokes', async () => {
    const activity = (serviceUrl: string, type = 'message') => ({
      type,
      id: 'y',
      text: 'hi',
      name: 'x',
      channelId: 'emulator',
      serviceUrl,
      from: { id: 'u' },
      recipient: { id: 'b' },
      conversation: { id: 'c2' },
    });
    for (const url of ['http://127.1/', 'http://2130706433/', 'http://0x7f000001/']) {
      const started = Date.now();
      const r = await request(plain.base, 'POST', '/api/messages', { body: activity(url) });
      expect([url, r.status]).toEqual([url, 400]);
      expect(Date.now() - started).toBeLessThan(2000);
    }
    const invoke = await request(plain.base, 'POST', '/api/messages', { body: activity(`${plain.base}/`, 'invoke') });
    expect(invoke.status).toBe(400);
  });
});
