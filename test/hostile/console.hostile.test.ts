import { StaffDirectory } from '../../src/channels/console/staffDirectory';
import { ApplicationService } from '../../src/domain/applicationService';
import { makeId } from '../domain/helpers';
import type { ConversationView } from '../channels/console/harness';
import { DirectLineTestClient, request, type ErrorBody } from '../channels/directLineClient';
import { ADMIN, isClientError, MovableClock, startHostileServer, type HostileServer } from './hostileServer';

/** Staff console and review API under hostile input: sessions, CSRF, brute force, odd ids, illegal steps. */

const API = '/console/api';
let server: HostileServer;
let clock: MovableClock;
let admin: string;
let li: string;

const as = <T = unknown>(
  cookie: string | undefined,
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; headers?: Record<string, string> } = {},
) =>
  request<T>(server.base, method, `${API}${path}`, {
    ...options,
    headers: { ...(cookie ? { cookie } : {}), ...options.headers },
  });

beforeAll(async () => {
  clock = new MovableClock();
  server = await startHostileServer({}, clock);
  await new StaffDirectory(server.store.documents, clock, 8).create({
    username: 'li',
    password: ADMIN.password,
    displayName: '李明',
    role: 'staff',
  });
  admin = await server.login();
  const r = await request(server.base, 'POST', `${API}/login`, { body: { username: 'li', password: ADMIN.password } });
  li = r.headers.get('set-cookie')!.split(';')[0]!;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

afterEach(async () => {
  expect(await server.alive()).toBe(true);
});

const routes: [string, string][] = [
  ['GET', '/me'],
  ['GET', '/staff'],
  ['GET', '/queue'],
  ['GET', '/tickets'],
  ['GET', '/audit'],
  ['GET', '/conversations/x'],
  ['POST', '/conversations/x/claim'],
  ['POST', '/conversations/x/messages'],
  ['POST', '/conversations/x/resolve'],
  ['POST', '/conversations/x/transfer'],
  ['POST', '/tickets/x/reveal'],
  ['POST', '/tickets/x/status'],
  ['POST', '/logout'],
  ['GET', '/review/queue'],
  ['GET', '/review/applications/SH1'],
  ['POST', '/review/applications/SH1/reveal'],
  ['POST', '/review/applications/SH1/actions'],
];

describe('no session, a forged one, an expired one', () => {
  it.each([
    ['no cookie', undefined],
    ['a forged cookie', 'banshi_staff=forged'],
    ['a cookie with broken %-escapes', 'banshi_staff=%E0%A4%A'],
    ['a 4 KB cookie', `banshi_staff=${'a'.repeat(4000)}`],
  ])('answers every route with 401 for %s', async (_name, cookie) => {
    for (const [method, path] of routes) {
      const r = await as<ErrorBody>(cookie, method, path, method === 'POST' ? { body: {} } : {});
      expect([method, path, r.status]).toEqual([method, path, 401]);
      expect(r.body.error.message).toEqual(expect.any(String));
    }
  });

  it('ends a session when its hours are over', async () => {
    const r = await request(server.base, 'POST', `${API}/login`, {
      body: { username: 'li', password: ADMIN.password },
    });
    const cookie = r.headers.get('set-cookie')!.split(';')[0];
    expect((await as(cookie, 'GET', '/me')).status).toBe(200);
    clock.advance(9 * 3600_000);
    try {
      expect((await as(cookie, 'GET', '/me')).status).toBe(401);
      expect((await as(cookie, 'GET', '/review/queue')).status).toBe(401);
    } finally {
      clock.advance(-9 * 3600_000);
    }
  });
});

describe('cross-site requests with a valid cookie', () => {
  it('sets the session cookie HttpOnly and SameSite=Strict', async () => {
    const r = await request(server.base, 'POST', `${API}/login`, { body: ADMIN });
    expect(r.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(r.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
  });

  it.each([
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }, 403],
    ['Sec-Fetch-Site same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }, 403],
    ['a foreign Origin', { origin: 'https://evil.example' }, 403],
    ['Origin null (sandboxed frame)', { origin: 'null' }, 403],
    ['a form post', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['a text/plain post', { 'content-type': 'text/plain' }, 415],
    ['a multipart post', { 'content-type': 'multipart/form-data; boundary=x' }, 415],
  ])('refuses a state change sent with %s', async (_name, headers, status) => {
    for (const path of ['/conversations/x/claim', '/review/applications/SH1/reveal', '/logout']) {
      const r = await as(admin, 'POST', path, { raw: '', headers });
      expect([path, r.status]).toEqual([path, status]);
    }
    expect((await as(admin, 'GET', '/me')).status).toBe(200);
  });

  it('lets the console page itself through (same origin, JSON or no body)', async () => {
    const r = await as(admin, 'POST', '/conversations/x/claim', {
      headers: { 'sec-fetch-site': 'same-origin', origin: server.base },
    });
    expect(r.status).toBe(404);
  });
});

describe('login', () => {
  it.each([
    ['a 100 KB username', { username: 'u'.repeat(100_000), password: 'p' }, 413],
    ['a 60 KB username', { username: 'u'.repeat(60_000), password: 'p' }, 400],
    ['a 60 KB password', { username: 'admin', password: 'p'.repeat(60_000) }, 400],
    ['an array', [ADMIN], 400],
    ['numbers', { username: 1, password: 2 }, 400],
    ['NUL and emoji', { username: 'ad\u0000min😀', password: 'x' }, 400],
    ['emoji', { username: 'admin😀', password: 'x' }, 401],
  ])('answers %s with %s', async (_name, body, status) => {
    expect((await request(server.base, 'POST', `${API}/login`, { body })).status).toBe(status);
  });

  it('slows a brute force down with 429 and Retry-After, then still refuses the right password', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++)
      statuses.push(
        (await request(server.base, 'POST', `${API}/login`, { body: { username: 'li', password: `guess${i}` } }))
          .status,
      );
    expect(statuses).toContain(429);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    const r = await request<ErrorBody>(server.base, 'POST', `${API}/login`, {
      body: { username: 'li', password: ADMIN.password },
    });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(r.body.error.message).toMatch(/登录尝试过多/);
  });
});

describe('path parameters and unknown references', () => {
  it.each([
    ['../', '..%2F..%2Fpackage.json'],
    ['unicode', encodeURIComponent('中文😀')],
    ['SQL', "x'%20OR%201=1--"],
    ['JSON', encodeURIComponent('{"$gt":""}')],
  ])('answers a %s id with 404 on every id route', async (_name, id) => {
    for (const [method, path] of [
      ['GET', `/conversations/${id}`],
      ['POST', `/conversations/${id}/claim`],
      ['POST', `/conversations/${id}/resolve`],
      ['POST', `/tickets/${id}/reveal`],
      ['GET', `/review/applications/${id}`],
      ['POST', `/review/applications/${id}/reveal`],
    ] as const) {
      const r = await as(admin, method, path);
      expect([path, r.status]).toEqual([path, 404]);
    }
  });

  it('answers a NUL id with 400 (it cannot name a stored record) on every id route', async () => {
    for (const [method, path, body] of [
      ['GET', '/conversations/a%00b', undefined],
      ['POST', '/conversations/a%00b/claim', undefined],
      ['POST', '/tickets/a%00b/status', { status: 'closed' }],
      ['POST', '/conversations/a%00b/transfer', { to: 'li' }],
      ['GET', '/review/applications/a%00b', undefined],
    ] as const) {
      const r = await as(admin, method, path, body ? { body } : {});
      expect([path, isClientError(r.status)]).toEqual([path, true]);
    }
  });

  it('answers a 10 KB id with a 4xx', async () => {
    const r = await as(admin, 'GET', `/conversations/${'a'.repeat(10_000)}`);
    expect(isClientError(r.status)).toBe(true);
  });

  it('answers odd query parameters with 400, not a crash', async () => {
    expect((await as(admin, 'GET', '/review/queue?queue=zzz')).status).toBe(400);
    expect((await as(admin, 'GET', '/review/queue?city=a&city=b')).status).toBe(400);
    expect((await as(admin, 'GET', '/review/queue?city[$ne]=x')).status).toBe(400);
    expect((await as(admin, 'GET', '/conversations/x?reveal[]=1&after[]=2')).status).toBe(404);
  });
});

describe('review actions', () => {
  const submit = async (): Promise<string> => {
    const service = new ApplicationService({ repository: server.store.applications, clock });
    const result = await service.submit({
      idempotencyKey: `hostile-${Math.random()}`,
      kind: 'registration',
      city: 'shanghai',
      applicant: { name: '王小明', idNumber: makeId('19900101'), phone: '13812345678' },
      answers: { residenceType: 'rented', address: '上海市黄浦区人民路100号3室', photo: 'existing' },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.value.referenceNumber;
  };

  it('refuses an illegal transition with 409 in Chinese and keeps the application as it was', async () => {
    const ref = await submit();
    const before = await server.store.applications.get(ref);
    const r = await as<ErrorBody>(admin, 'POST', `/review/applications/${ref}/actions`, {
      body: { action: 'complete' },
    });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/不能/);
    expect((await server.store.applications.get(ref))!.status).toBe(before!.status);
  });

  it.each([
    ['an unknown action', { action: 'delete' }],
    ['an action as an array', { action: ['approve'] }],
    ['a 600-character note', { action: 'accept', note: '注'.repeat(600) }],
    ['prototype pollution', JSON.parse('{"action":"accept","__proto__":{"admin":true}}')],
  ])('answers %s with 400 or does no harm', async (_name, body) => {
    const ref = await submit();
    const r = await as(admin, 'POST', `/review/applications/${ref}/actions`, { body });
    expect(r.status === 400 || r.status === 200).toBe(true);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('answers an action on an unknown reference with 404', async () => {
    const r = await as(admin, 'POST', '/review/applications/SH-2099-999999/actions', { body: { action: 'accept' } });
    expect(r.status).toBe(404);
  });
});

describe('resident text shown to staff', () => {
  it('is returned as JSON data, and only the owner or an admin may reveal it', async () => {
    const c = new DirectLineTestClient(server.base);
    await c.start('visitorX');
    const html = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    await c.send(html);
    await c.send('转人工');
    await c.waitForBot((a) => /转人工|人工/.test(a.text ?? ''), 10_000);
    await server.app.directLine.drain();
    const r = await as<ConversationView>(admin, 'GET', `/conversations/${c.conversationId}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    expect(JSON.stringify(r.body.transcript)).toContain(JSON.stringify(html).slice(1, -1));
    expect((await as(admin, 'POST', `/conversations/${c.conversationId}/claim`)).status).toBe(200);
    expect((await as(li, 'GET', `/conversations/${c.conversationId}?reveal=1`)).status).toBe(403);
    expect(
      (await as(li, 'POST', `/conversations/${c.conversationId}/messages`, { body: { text: '我来' } })).status,
    ).toBe(403);
    expect((await as(li, 'GET', '/audit')).status).toBe(403);
    expect(
      (await as(admin, 'POST', `/conversations/${c.conversationId}/messages`, { body: { text: ' \u200b ' } })).status,
    ).toBe(400);
  }, 30_000);
});
