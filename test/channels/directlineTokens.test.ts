import type { Clock } from '../../src/domain/ports';
import {
  DirectLineTestClient,
  request,
  startServer,
  type ErrorBody,
  type Running,
  type TokenBody,
} from './directLineClient';

const DL = '/v3/directline';

/** A clock the test moves by hand, so expiry and grace are checked without waiting. */
function manualClock(): Clock & { advance(seconds: number): void } {
  let t = Date.parse('2026-03-02T09:00:00Z');
  return { now: () => new Date(t), advance: (s) => (t += s * 1000) };
}

describe('Direct Line tokens', () => {
  let server: Running;
  const clock = manualClock();
  beforeEach(async () => {
    server = await startServer({
      clock,
      env: { DIRECTLINE_TOKEN_TTL_SECONDS: '600', DIRECTLINE_TOKEN_GRACE_SECONDS: '30' },
    });
  });
  afterEach(async () => {
    await server.stop();
  });

  const poll = (c: DirectLineTestClient, token: string) =>
    request<ErrorBody>(server.base, 'GET', `${DL}/conversations/${c.conversationId}/activities`, { token });

  it('refreshes to a new token and keeps the old one only for the grace period', async () => {
    const c = new DirectLineTestClient(server.base);
    await c.start();
    const old = c.token;
    const refreshed = await request<TokenBody>(server.base, 'POST', `${DL}/tokens/refresh`, { token: old });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ conversationId: c.conversationId, expires_in: 600 });
    expect(refreshed.body.token).not.toBe(old);

    clock.advance(20);
    expect((await poll(c, old)).status).toBe(200);
    clock.advance(20);
    expect((await poll(c, old)).status).toBe(403);
    expect((await poll(c, refreshed.body.token)).status).toBe(200);
  });

  it('rejects an expired token with 403, also for refresh', async () => {
    const c = new DirectLineTestClient(server.base);
    await c.start();
    clock.advance(601);
    const r = await poll(c, c.token);
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/expired/);
    expect((await request(server.base, 'POST', `${DL}/tokens/refresh`, { token: c.token })).status).toBe(403);
  });

  it('hands out a different unguessable token per conversation', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const c = new DirectLineTestClient(server.base);
      await c.start(`v${i}`);
      expect(c.token.length).toBeGreaterThanOrEqual(40);
      tokens.add(c.token);
    }
    expect(tokens.size).toBe(5);
  });
});
