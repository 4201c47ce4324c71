import { DirectLineTestClient } from '../channels/directLineClient';
import { ADMIN, rawHttp, signedWeChatQuery, startHostileServer, type HostileServer } from './hostileServer';

/**
 * More than 5,000 malformed requests over every endpoint, sent while residents hold ordinary
 * conversations with the real assistant: no request gets a 5xx, none is held past its time-out or
 * dropped, and every resident gets every answer. The requests come from a fixed-seed generator, so a
 * failure names a request that can be replayed.
 */

const TOTAL = 5_200;
const CONCURRENCY = 12;
const RESIDENTS = 6;
const TURNS_EACH = 8;

/** Mulberry32: small, seeded, enough to vary the combinations reproducibly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Malformed {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const deepJson = (n: number) => '['.repeat(n) + ']'.repeat(n);
const BODIES: (() => Buffer)[] = [
  () => Buffer.from(''),
  () => Buffer.from('{'),
  () => Buffer.from('null'),
  () => Buffer.from('[]'),
  () => Buffer.from('"text"'),
  () => Buffer.from('{"type":"message","text":12,"from":"x"}'),
  () => Buffer.from('{"type":"message","text":"\\ud800 lone","from":{"id":"u"}}'),
  () => Buffer.from(`{"a":${deepJson(5000)}}`),
  () => Buffer.from(JSON.stringify({ type: 'message', text: '办'.repeat(60_000) })),
  () => Buffer.from([0xff, 0xfe, 0x00, 0xc3, 0x28, 0x7b]),
  () => Buffer.from('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}'),
  () => Buffer.from('{"username":["admin"],"password":{"$ne":null}}'),
  () =>
    Buffer.from(
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><xml>&b;</xml>',
    ),
  () =>
    Buffer.from(
      '<xml><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[' + 'x'.repeat(70_000) + ']]></Content></xml>',
    ),
  () => Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG'),
  () => Buffer.from('{"type":"invoke","name":"x","value":{}}'),
  () => Buffer.from('{"type":"message","attachments":[{"contentType":"image/png","contentUrl":"file:///etc/passwd"}]}'),
  () => Buffer.from('{"serviceUrl":"http://169.254.169.254/","type":"message","text":"hi","conversation":{"id":"c"}}'),
];
const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'text/xml',
  'multipart/form-data; boundary=b',
  'multipart/form-data',
  'application/x-www-form-urlencoded',
  'application/json; charset=latin1',
];
const IDS = [
  '',
  'x',
  '..%2f..%2fetc',
  '%00',
  'a'.repeat(3000),
  '%E4%BD%A0%E5%A5%BD',
  '%ZZ',
  '1%3BDROP%20TABLE%20x',
  '%3Cscript%3E',
];

function generate(n: number, ctx: { conversationId: string; token: string; cookie: string }): Malformed[] {
  const next = rng(20261203);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const id = () => (next() < 0.3 ? ctx.conversationId : pick(IDS));
  const paths: (() => string)[] = [
    () => '/v3/directline/tokens/generate',
    () => '/v3/directline/tokens/refresh',
    () => '/v3/directline/conversations',
    () => `/v3/directline/conversations/${id()}`,
    () => `/v3/directline/conversations/${id()}/activities`,
    () =>
      `/v3/directline/conversations/${id()}/activities?watermark=${pick(['-1', 'abc', '99999999999999999999', '1e9', ''])}`,
    () => `/v3/directline/conversations/${id()}/upload?userId=${pick(['', 'dl_x', 'u'])}`,
    () => `/v3/directline/conversations/${id()}/files/${pick(IDS)}`,
    () => '/api/messages',
    () =>
      `/wechat?${next() < 0.5 ? signedWeChatQuery() : pick(['', 'signature=x&timestamp=1&nonce=2', 'echostr=%00'])}`,
    () => '/console/api/login',
    () => '/console/api/logout',
    () => '/console/api/me',
    () => '/console/api/staff',
    () => '/console/api/queue',
    () => `/console/api/conversations/${id()}/claim`,
    () => `/console/api/conversations/${id()}/messages`,
    () => `/console/api/conversations/${id()}/resolve`,
    () => `/console/api/conversations/${id()}/transfer`,
    () => '/console/api/tickets',
    () => `/console/api/tickets/${pick(IDS)}/status`,
    () => '/console/api/audit',
    () => '/console/api/events',
    () => '/console/api/review/queue?status=' + pick(['', 'nope', '%00']),
    () => `/console/api/review/applications/${pick(['SH-20261203-ZZZZZZZZ', ...IDS])}`,
    () => `/console/api/review/applications/${pick(IDS)}/actions`,
    () => `/console/api/review/applications/${pick(IDS)}/materials`,
    () => `/console/api/review/applications/${pick(IDS)}/files/${pick(IDS)}`,
    () => '/healthz',
    () =>
      pick(['/', '/console/', '/../../etc/passwd', '/%2e%2e/%2e%2e/package.json', '/web/chat.js', '/x'.repeat(400)]),
  ];
  const out: Malformed[] = [];
  for (let i = 0; i < n; i++) {
    const headers: Record<string, string> = { 'content-type': pick(CONTENT_TYPES) };
    const auth = next();
    if (auth < 0.3) headers.authorization = `Bearer ${ctx.token}`;
    else if (auth < 0.5)
      headers.authorization = pick(['Bearer ', 'Bearer x.y.z', 'Basic Og==', 'Bearer ' + 'a'.repeat(5000)]);
    if (next() < 0.3) headers.cookie = next() < 0.5 ? ctx.cookie : pick(['banshi_staff=x', 'a=b; banshi_staff=%00']);
    if (next() < 0.1) headers.origin = 'https://evil.example';
    // Never a well-formed login with the real password: only the malformed shapes.
    const body = pick(BODIES)();
    const path = pick(paths)();
    // A signed-in staff member's event stream stays open by design; it is not a held request.
    if (path === '/console/api/events') delete headers.cookie;
    out.push({
      method: pick(['GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']),
      path,
      headers,
      body,
    });
  }
  return out;
}

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer({
    DIRECTLINE_RATE_PER_IP_PER_MINUTE: '1000000',
    DIRECTLINE_RATE_PER_TOKEN_PER_MINUTE: '100000',
  });
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

it('answers 5,000+ malformed requests over every endpoint with a 2xx-4xx while residents are answered', async () => {
  const resident = new DirectLineTestClient(server.base);
  await resident.start('target');
  const cookie = await server.login();
  const requests = generate(TOTAL, { conversationId: resident.conversationId, token: resident.token, cookie });

  // The load: residents asking ordinary questions, each turn waiting for its answer.
  const load = Promise.all(
    Array.from({ length: RESIDENTS }, async (_, r) => {
      const c = new DirectLineTestClient(server.base);
      await c.start(`resident${r}`);
      let answered = 0;
      for (let t = 0; t < TURNS_EACH; t++) {
        const before = c.seen.filter((a) => a.from?.role === 'bot').length;
        const sent = await c.send(['你好', '上海办居住证要什么材料', '成都居住证怎么办', '照片要求是什么'][t % 4]);
        if (sent.status !== 200) continue;
        for (let i = 0; i < 200 && c.seen.filter((a) => a.from?.role === 'bot').length === before; i++) {
          await c.poll();
          await new Promise((res) => setTimeout(res, 25));
        }
        if (c.seen.filter((a) => a.from?.role === 'bot').length > before) answered++;
      }
      return answered;
    }),
  );

  // A failing request loop must not leave the load running past the server's stop.
  load.catch(() => undefined);
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let held = 0;
  let dropped = 0;
  let nextIndex = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (nextIndex < requests.length) {
        const i = nextIndex++;
        const m = requests[i];
        const reply = await rawHttp(server.base, m.method, m.path, {
          headers: m.headers,
          chunks: m.body && m.method !== 'GET' ? [m.body] : [],
          timeoutMs: 15_000,
        });
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (reply.status === -1) held++;
        else if (reply.status === 0) dropped++;
        else if (reply.status >= 500)
          failures.push(`#${i} ${m.method} ${m.path.slice(0, 80)} → ${reply.status} ${reply.text.slice(0, 120)}`);
      }
    }),
  );
  const answered = await load;

  if (process.env.MALFORMED_REPORT) process.stderr.write(`statuses: ${JSON.stringify([...statuses].sort())}\n`);
  expect(failures).toEqual([]);
  // The requests reached the handlers' own checks, not only the router's 404.
  for (const status of [400, 401, 403, 404]) expect(statuses.get(status) ?? 0).toBeGreaterThan(50);
  expect(held).toBe(0);
  expect(dropped).toBe(0);
  expect(answered).toEqual(Array.from({ length: RESIDENTS }, () => TURNS_EACH));
  expect(await server.alive()).toBe(true);
  // The staff account still works: nothing stored was damaged.
  expect(
    (
      await rawHttp(server.base, 'POST', '/console/api/login', {
        headers: { 'content-type': 'application/json' },
        chunks: [JSON.stringify(ADMIN)],
      })
    ).status,
  ).toBe(200);
}, 600_000);
