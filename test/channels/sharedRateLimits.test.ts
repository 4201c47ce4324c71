import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Store } from '../../src/domain/ports';
import { createLogger } from '../../src/logger';
import { createPostgresStore } from '../../src/storage/postgresStore';
import { startHandoffServer, type HandoffServer } from './console/harness';
import { request } from './directLineClient';

/**
 * Two servers on one PostgreSQL, requests alternating between them as a load balancer without sticky
 * sessions sends them: a rate limit holds for the pair, not for each instance (rate-limiter-flexible).
 */
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `banshi_rates_${randomBytes(4).toString('hex')}`;
const PER_CONVERSATION = 8;
const FAILED_LOGINS = 4;

let stores: Store[] = [];
let servers: HandoffServer[] = [];

beforeAll(async () => {
  stores = [
    await createPostgresStore(DATABASE_URL, { schema, logger: createLogger('silent') }),
    await createPostgresStore(DATABASE_URL, { schema, logger: createLogger('silent') }),
  ];
  const env = {
    DIRECTLINE_RATE_PER_TOKEN_PER_MINUTE: String(PER_CONVERSATION),
    STAFF_FAILED_LOGINS_PER_ADDRESS_PER_MINUTE: String(FAILED_LOGINS),
  };
  servers = [await startHandoffServer({ store: stores[0], env }), await startHandoffServer({ store: stores[1], env })];
}, 60_000);

afterAll(async () => {
  for (const s of servers) await s.stop();
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

it('one conversation gets its per-minute messages once across both instances, then 429 with Retry-After', async () => {
  const [a, b] = servers;
  const gen = await request<{ token: string }>(a.base, 'POST', '/v3/directline/tokens/generate', {
    body: { user: { id: 'visitor1' } },
  });
  const conv = await request<{ conversationId: string }>(b.base, 'POST', '/v3/directline/conversations', {
    token: gen.body.token,
    body: {},
  });
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  for (let i = 0; i < PER_CONVERSATION * 2; i++) {
    const on = servers[i % 2];
    const r = await request(on.base, 'POST', `/v3/directline/conversations/${conv.body.conversationId}/activities`, {
      token: gen.body.token,
      body: { type: 'message', from: { id: 'visitor1' }, text: `第${i}条` },
    });
    statuses.push(r.status);
    if (r.status === 429) retryAfter ??= r.headers.get('retry-after');
  }
  // Per instance, each would have accepted PER_CONVERSATION (16 in all).
  expect(statuses.filter((s) => s === 200)).toHaveLength(PER_CONVERSATION);
  expect(statuses.filter((s) => s === 429)).toHaveLength(PER_CONVERSATION);
  expect(Number(retryAfter)).toBeGreaterThan(0);
});

it('failed staff logins from one address are counted across instances', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < FAILED_LOGINS + 3; i++) {
    const r = await servers[i % 2].api('POST', '/login', {
      body: { username: `nobody${i}`, password: 'wrong password' },
    });
    statuses.push(r.status);
  }
  expect(statuses.slice(0, FAILED_LOGINS)).toEqual(Array.from({ length: FAILED_LOGINS }, () => 401));
  expect(statuses.slice(FAILED_LOGINS)).toEqual([429, 429, 429]);
}, 90_000);
