import { request, startServer, type Running } from './directLineClient';
import { StreamClient } from './streamClient';

describe('Direct Line streamUrl (WebSocket)', () => {
  let server: Running;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  async function conversation(): Promise<{ id: string; token: string; streamUrl: string }> {
    const gen = await request<{ token: string }>(server.base, 'POST', '/v3/directline/tokens/generate', { body: {} });
    const conv = await request<{ conversationId: string; streamUrl: string }>(
      server.base,
      'POST',
      '/v3/directline/conversations',
      { token: gen.body.token },
    );
    expect(conv.status).toBe(201);
    return { id: conv.body.conversationId, token: gen.body.token, streamUrl: conv.body.streamUrl };
  }

  it('pushes the bot reply to the socket as soon as it is stored, with the watermark', async () => {
    const c = await conversation();
    expect(c.streamUrl).toMatch(
      new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${c.id}/stream\\?t=`),
    );
    const stream = await StreamClient.open(c.streamUrl);
    try {
      const sent = Date.now();
      await request(server.base, 'POST', `/v3/directline/conversations/${c.id}/activities`, {
        token: c.token,
        body: { type: 'message', text: '你好', from: { id: 'u' } },
      });
      const reply = await stream.waitFor((a) => a.from?.role === 'bot' && /你好/.test(a.text ?? ''));
      expect(Date.now() - sent).toBeLessThan(1000);
      expect(reply.text).toMatch(/你好/);
      // The resident's own message comes first, then the reply; watermarks only go up.
      expect(stream.received.findIndex((a) => a.text === '你好')).toBeLessThan(stream.received.indexOf(reply));
      const marks = stream.watermarks.map(Number);
      expect([...marks].sort((x, y) => x - y)).toEqual(marks);
    } finally {
      stream.close();
    }
  });

  it('replays what came after the watermark on reconnect, and refuses a wrong or missing token', async () => {
    const c = await conversation();
    await request(server.base, 'POST', `/v3/directline/conversations/${c.id}/activities`, {
      token: c.token,
      body: { type: 'message', text: '第一句', from: { id: 'u' } },
    });
    await new Promise((r) => setTimeout(r, 200));
    const again = await request<{ streamUrl: string }>(
      server.base,
      'GET',
      `/v3/directline/conversations/${c.id}?watermark=1`,
      { token: c.token },
    );
    const stream = await StreamClient.open(again.body.streamUrl);
    try {
      const first = await stream.waitFor(() => true);
      expect(Number(first.id?.split('|')[1])).toBe(2);
    } finally {
      stream.close();
    }
    await expect(StreamClient.open(c.streamUrl.replace(/t=[^&]+/, 't=forged'))).rejects.toThrow(/403/);
    await expect(StreamClient.open(c.streamUrl.replace(/\?.*$/, ''))).rejects.toThrow(/401/);
  });
});
