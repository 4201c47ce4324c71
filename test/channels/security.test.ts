import { Writable } from 'node:stream';
import { createApp } from '../../src/app';
import { hashPassword } from '../../src/channels/console/passwords';
import { loadConfig } from '../../src/config';
import type { StaffAccount } from '../../src/domain/handoff/records';
import type { Clock } from '../../src/domain/ports';
import { EchoBot } from '../../src/channels/echoBot';
import { createLogger } from '../../src/logger';
import { createMemoryStore } from '../../src/storage/memoryStore';
import { startHandoffServer, PASSWORD, type HandoffServer } from './console/harness';
import { DirectLineTestClient, listenOnLoopback, request, startServer, type Running } from './directLineClient';
import { scrypt } from 'node:crypto';

const DL = '/v3/directline';

describe('forwarded headers are believed only from TRUSTED_PROXIES', () => {
  let server: HandoffServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  const crossSiteLogin = (s: HandoffServer, extra: Record<string, string>) =>
    request(s.base, 'POST', '/console/api/login', {
      body: { username: 'admin', password: PASSWORD },
      headers: { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example', ...extra },
    });

  it('refuses a cross-site Origin spoofed through X-Forwarded-Host when no proxy is configured', async () => {
    server = await startHandoffServer();
    const r = await crossSiteLogin(server, {});
    expect(r.status).toBe(403);
  });

  it('takes X-Forwarded-Host from a configured proxy', async () => {
    server = await startHandoffServer({ env: { TRUSTED_PROXIES: '127.0.0.1,::1' } });
    const r = await crossSiteLogin(server, {});
    expect(r.status).toBe(200);
  });

  it('stops start-up on a TRUSTED_PROXIES entry it cannot read, naming the variable', () => {
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/99' })).toThrow(/TRUSTED_PROXIES/);
  });
});

describe('console login from one address', () => {
  // Every judged login runs scrypt at N=2^17 (about half a second, more on a busy machine).
  jest.setTimeout(90_000);
  let server: HandoffServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });
  const login = (s: HandoffServer, username: string, password: string, headers: Record<string, string> = {}) =>
    request(s.base, 'POST', '/console/api/login', { body: { username, password }, headers });
  // Time stands still, so the limits do not refill while a slow machine hashes.
  const frozen: Clock = { now: () => new Date('2026-03-02T09:00:00Z') };

  it('limits password spraying over many usernames, not only per username', async () => {
    server = await startHandoffServer({ clock: frozen });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) statuses.push((await login(server, `user${i}`, 'wrong password 1')).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
    const blocked = await login(server, 'admin', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('cannot be escaped with a forged X-Forwarded-For when no proxy is configured', async () => {
    server = await startHandoffServer({ clock: frozen });
    for (let i = 0; i < 10; i += 1) await login(server, `user${i}`, 'wrong password 1');
    const forged = await login(server, 'admin', PASSWORD, { 'x-forwarded-for': '203.0.113.9' });
    expect(forged.status).toBe(429);
  });

  it('counts residents behind a trusted proxy by their own address', async () => {
    server = await startHandoffServer({ clock: frozen, env: { TRUSTED_PROXIES: '127.0.0.1,::1' } });
    for (let i = 0; i < 10; i += 1)
      await login(server, `user${i}`, 'wrong password 1', { 'x-forwarded-for': '203.0.113.9' });
    expect((await login(server, 'li', PASSWORD, { 'x-forwarded-for': '203.0.113.9' })).status).toBe(429);
    expect((await login(server, 'li', PASSWORD, { 'x-forwarded-for': '198.51.100.7' })).status).toBe(200);
  });
});

describe('staff password hashes', () => {
  jest.setTimeout(60_000);
  let server: HandoffServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('are made with scrypt N=2^17 and name their parameters', async () => {
    const h = await hashPassword(PASSWORD);
    expect(h.kdf).toBe('scrypt:N=131072,r=8,p=1');
  });

  it('made with the old parameters still log in, and are replaced with the current ones', async () => {
    server = await startHandoffServer();
    const salt = Buffer.alloc(16, 7);
    const legacyKey = await new Promise<Buffer>((resolve, reject) =>
      scrypt(PASSWORD, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (e, k) =>
        e ? reject(e) : resolve(k),
      ),
    );
    const legacy: StaffAccount = {
      username: 'zhao',
      displayName: '赵',
      role: 'staff',
      passwordHash: legacyKey.toString('base64'),
      salt: salt.toString('base64'),
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    await server.store.documents.put('staff-accounts', 'zhao', legacy);
    await server.login('zhao', PASSWORD);
    const after = await server.handoff.staff.get('zhao');
    expect(after?.kdf).toBe('scrypt:N=131072,r=8,p=1');
    expect(after?.passwordHash).not.toBe(legacy.passwordHash);
    await server.login('zhao', PASSWORD);
    const wrong = await request(server.base, 'POST', '/console/api/login', {
      body: { username: 'zhao', password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
  });
});

describe('Direct Line token lifetime', () => {
  let server: Running | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('ends a conversation at the absolute lifetime however often the token is refreshed', async () => {
    let t = Date.parse('2026-03-02T09:00:00Z');
    const clock: Clock = { now: () => new Date(t) };
    server = await startServer({
      clock,
      env: { DIRECTLINE_TOKEN_TTL_SECONDS: '600', DIRECTLINE_TOKEN_MAX_LIFETIME_SECONDS: '1500' },
    });
    const c = new DirectLineTestClient(server.base);
    await c.start();
    let token = c.token;
    const lifetimes: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      t += 500_000;
      const r = await request<{ token: string; expires_in: number }>(server.base, 'POST', `${DL}/tokens/refresh`, {
        token,
      });
      if (r.status !== 200) {
        lifetimes.push(-r.status);
        break;
      }
      lifetimes.push(r.body.expires_in);
      token = r.body.token;
    }
    // 500 s in: a full 600; 1000 s in: the 500 left; 1500 s in: over.
    expect(lifetimes).toEqual([600, 500, -403]);
    const poll = await request(server.base, 'GET', `${DL}/conversations/${c.conversationId}/activities`, { token });
    expect(poll.status).toBe(403);
  });
});

describe('request log', () => {
  it('masks an ID or phone number typed into the path or the query string', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const store = createMemoryStore();
    const app = await createApp({
      config: loadConfig({}),
      store,
      bot: new EchoBot(),
      log: createLogger('info', sink),
    });
    const base = await listenOnLoopback(app.server);
    try {
      await fetch(`${base}/x31010419900101123X`);
      await fetch(`${base}/healthz?phone=13812345678&id=abc310104199001011234`);
      await fetch(`${base}/a%33%31%30104199001011234`);
      await fetch(`${base}/x3101%2004197503231595`);
    } finally {
      await app.close();
      await store.close();
    }
    const log = lines.join('');
    expect(log).toContain('3101**********123X');
    expect(log).toContain('138****5678');
    expect(log).toContain('3101**********1595');
    expect(log).not.toMatch(/310104199001011234|31010419900101123X|13812345678|%33%31%30104|04197503231595/);
  });
});
