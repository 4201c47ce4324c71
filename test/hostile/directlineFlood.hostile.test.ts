import { DirectLineTestClient, startServer, type Running } from '../channels/directLineClient';

/** A flood on one conversation with the default per-token limit: 429s with Retry-After, nothing accepted is lost. */

let server: Running;
beforeAll(async () => {
  server = await startServer({ env: { DIRECTLINE_RATE_PER_IP_PER_MINUTE: '100000' } });
});
afterAll(async () => {
  await server?.stop();
});

it('answers 429 beyond the limit and keeps every message it accepted', async () => {
  const c = new DirectLineTestClient(server.base);
  await c.start('flooder');
  const replies = await Promise.all(Array.from({ length: 500 }, (_, i) => c.send(`m${i}`)));
  const statuses = new Set(replies.map((r) => r.status));
  expect([...statuses].sort()).toEqual([200, 429]);
  const accepted = replies.filter((r) => r.status === 200).length;
  expect(accepted).toBeGreaterThan(0);
  expect(replies.find((r) => r.status === 429)!.headers.get('retry-after')).toMatch(/^\d+$/);
  await server.app.directLine.drain();
  while ((await c.poll()).length > 0);
  expect(c.seen.filter((x) => x.from?.role === 'user').length).toBe(accepted);
  // The echo bot answers each accepted message exactly once.
  expect(c.seen.filter((x) => x.from?.role === 'bot' && x.text?.startsWith('您说的是：')).length).toBe(accepted);
  const health = await fetch(`${server.base}/healthz`);
  expect(health.status).toBe(200);
});
