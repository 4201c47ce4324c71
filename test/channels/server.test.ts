import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createApp } from '../../src/app';
import { EchoBot } from '../../src/channels/echoBot';
import { loadConfig } from '../../src/config';
import type { Clock } from '../../src/domain/ports';
import { createLogger } from '../../src/logger';
import { createLowdbStore } from '../../src/storage/lowdbStore';
import { createMemoryStore } from '../../src/storage/memoryStore';
import { DirectLineTestClient, listenOnLoopback, request, startServer } from './directLineClient';

describe('GET /healthz', () => {
  it('is 200 when the store answers and the bot is ready, 503 with a reason otherwise', async () => {
    let ready = false;
    const server = await startServer({ isReady: () => ready });
    try {
      const starting = await request<{ reason: string }>(server.base, 'GET', '/healthz');
      expect(starting.status).toBe(503);
      expect(starting.body.reason).toMatch(/loading/);
      ready = true;
      expect((await request(server.base, 'GET', '/healthz')).status).toBe(200);
      server.store.ping = () => Promise.reject(new Error('disk gone'));
      const down = await request<{ reason: string }>(server.base, 'GET', '/healthz');
      expect(down.status).toBe(503);
      expect(down.body.reason).toMatch(/store/);
    } finally {
      await server.stop();
    }
  });
});

describe('static pages and CORS', () => {
  it('serves the Chinese chat page, the Web Chat bundle, and nothing outside web/', async () => {
    const server = await startServer({ env: { CORS_ORIGINS: 'https://city.example.cn' } });
    try {
      const page = await request(server.base, 'GET', '/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(page.body).toContain('居住登记与居住证办事助手');
      const bundle = await fetch(`${server.base}/vendor/webchat.js`, { headers: { 'accept-encoding': 'gzip' } });
      expect(bundle.headers.get('content-type')).toMatch(/javascript/);
      const etag = bundle.headers.get('etag')!;
      expect((await fetch(`${server.base}/vendor/webchat.js`, { headers: { 'if-none-match': etag } })).status).toBe(
        304,
      );
      expect((await request(server.base, 'GET', '/chat.css')).headers.get('content-type')).toMatch(/text\/css/);
      expect((await request(server.base, 'GET', '/..%2fpackage.json')).status).toBe(404);
      expect((await request(server.base, 'GET', '/../package.json')).status).toBe(404);

      const allowed = await request(server.base, 'OPTIONS', '/v3/directline/tokens/generate', {
        headers: { origin: 'https://city.example.cn', 'access-control-request-method': 'POST' },
      });
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://city.example.cn');
      expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      const other = await request(server.base, 'OPTIONS', '/v3/directline/tokens/generate', {
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(other.status).toBe(403);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const gen = await request(server.base, 'POST', '/v3/directline/tokens/generate', {
        body: {},
        headers: { origin: 'https://city.example.cn' },
      });
      expect(gen.headers.get('access-control-allow-origin')).toBe('https://city.example.cn');
    } finally {
      await server.stop();
    }
  });
});

describe('POST /api/messages', () => {
  it('answers a malformed or non-activity body with 400, not 500', async () => {
    const server = await startServer();
    try {
      expect(
        (
          await request(server.base, 'POST', '/api/messages', {
            raw: '{',
            headers: { 'content-type': 'application/json' },
          })
        ).status,
      ).toBe(400);
      expect((await request(server.base, 'POST', '/api/messages', { body: { hello: 1 } })).status).toBe(400);
    } finally {
      await server.stop();
    }
  });
});

describe('logs', () => {
  it('record requests without what the resident typed', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
    const store = createMemoryStore();
    const app = await createApp({ config: loadConfig({}), store, bot: new EchoBot(), log: createLogger('info', sink) });
    const base = await listenOnLoopback(app.server);
    try {
      const c = new DirectLineTestClient(base);
      await c.start();
      await c.send('我的身份证号是310101199001011234');
      await c.waitForBot((a) => String(a.text).startsWith('您说的是'));
      const all = lines.join('');
      expect(all).toContain('/activities');
      expect(all).not.toContain('身份证');
      expect(all).not.toContain('310101199001011234');
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe('persistence', () => {
  it('keeps a conversation and its token across a restart (lowdb), and purges old activities', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'banshi-dl-'));
    let now = Date.parse('2026-03-02T09:00:00Z');
    const clock: Clock = { now: () => new Date(now) };
    try {
      const first = await startServer({ store: await createLowdbStore(dir), clock });
      const c = new DirectLineTestClient(first.base);
      await c.start();
      await c.send('重启前的问题');
      await c.waitForBot((a) => a.text === '您说的是：重启前的问题');
      await first.stop();

      const second = await startServer({ store: await createLowdbStore(dir), clock });
      const again = new DirectLineTestClient(second.base);
      again.conversationId = c.conversationId;
      again.token = c.token;
      await again.poll();
      expect(again.seen.map((a) => a.text)).toContain('重启前的问题');
      await again.send('重启后的问题');
      await again.waitForBot((a) => a.text === '您说的是：重启后的问题');
      const ids = again.seen.map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);

      now += 31 * 86_400_000;
      await second.app.directLine.purge();
      const fresh = await second.app.directLine.mint('later', undefined);
      const left = await second.app.directLine.conversations.since(c.conversationId, 0);
      expect(left.activities).toEqual([]);
      expect(fresh.conversationId).not.toBe(c.conversationId);
      await second.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
