import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { unauthenticatedCallerProblem } from '../../src/channels/botFrameworkRoute';
import { parseXmlFields } from '../../src/channels/wechat/xml';
import { DirectLineTestClient, request, type ErrorBody } from '../channels/directLineClient';
import {
  isClientError,
  postWeChat,
  rawHttp,
  signedWeChatQuery,
  startHostileServer,
  wechatText,
  type HostileServer,
} from './hostileServer';

/** The assistant, /api/messages, WeChat and the static files under hostile input. */

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer({
    DIRECTLINE_RATE_PER_IP_PER_MINUTE: '100000',
    DIRECTLINE_RATE_PER_TOKEN_PER_MINUTE: '100000',
  });
}, 120_000);
afterAll(async () => {
  await server?.stop();
});
afterEach(async () => {
  expect(await server.alive()).toBe(true);
});

const APOLOGY = '抱歉，系统出了点问题';
const hasChinese = (s: string | undefined) => /[\u4e00-\u9fff]/.test(s ?? '');

describe('odd chat messages get a sensible answer from the assistant', () => {
  it.each([
    ['only punctuation', '？？？！！！。。。，，，'],
    ['only emoji', '😀😂👍🙏🏻👨‍👩‍👧'],
    ['only zero-width characters', '\u200b\u200c\u200d\ufeff'],
    ['HTML and script', '<img src=x onerror=alert(1)><script>alert(1)</script>'],
    ['SQL', "'; DROP TABLE applications; --"],
    ['4000 Chinese characters (the limit)', '我想办居住证'.repeat(666) + '请问'],
    ['right-to-left override and combining marks', '\u202e证住居办\u0301\u0301\u0301'],
  ])(
    '%s',
    async (_name, text) => {
      const c = new DirectLineTestClient(server.base);
      await c.start(`odd${Math.random().toString(36).slice(2, 8)}`);
      const sent = await c.send(text);
      expect(sent.status).toBe(200);
      const reply = await c.waitForBot((a) => a.replyToId === sent.body.id, 15_000);
      expect(hasChinese(reply.text)).toBe(true);
      expect(reply.text).not.toContain(APOLOGY);
      expect(reply.text).not.toContain('<script>');
      // Stored and returned as the resident sent it: data, never rewritten markup.
      expect(c.seen.find((a) => a.id === sent.body.id)?.text).toBe(text);
    },
    30_000,
  );

  it('refuses 5,000 Chinese characters on Direct Line with 400 and a reason', async () => {
    const c = new DirectLineTestClient(server.base);
    await c.start('longtext');
    const r = await c.send('字'.repeat(5000));
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/text/);
  });

  it('answers 5,000 Chinese characters on WeChat (no length limit there) in Chinese', async () => {
    const r = await postWeChat(server.base, wechatText('我想问居住证怎么办理'.repeat(500)));
    expect(r.status).toBe(200);
    const content = parseXmlFields(r.body).Content;
    expect(hasChinese(content)).toBe(true);
    expect(content).not.toContain(APOLOGY);
  }, 30_000);

  it('refuses a message with a NUL character with 400 (no store can keep it)', async () => {
    const c = new DirectLineTestClient(server.base);
    await c.start('nul');
    const r = await c.send('居住\u0000证');
    expect(r.status).toBe(400);
    expect((r.body as unknown as { error: { message: string } }).error.message).toMatch(/NUL/);
  });
});

describe('the console pages never turn data into markup', () => {
  const dir = path.join(__dirname, '..', '..', 'web', 'console');
  it.each(readdirSync(dir).filter((f) => f.endsWith('.js')))(
    '%s uses textContent, not innerHTML and friends',
    (file) => {
      const source = readFileSync(path.join(dir, file), 'utf8');
      expect(source).not.toMatch(
        /\.(innerHTML|outerHTML)\s*[+]?=|insertAdjacentHTML|document\.write|\beval\(|new Function\(/,
      );
    },
  );

  it('the chat page sets innerHTML only to fixed text', () => {
    const source = readFileSync(path.join(__dirname, '..', '..', 'web', 'chat.js'), 'utf8');
    const uses = source.match(/innerHTML\s*=[^;]*;/g) ?? [];
    expect(uses.length).toBeGreaterThan(0);
    for (const statement of uses) expect(statement).toMatch(/^innerHTML\s*=\s*'[^'+]*';$/);
  });
});

describe('POST /api/messages without Bot Framework credentials', () => {
  const activity = (serviceUrl: unknown) => ({
    type: 'message',
    text: '你好',
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: 'conv1' },
    from: { id: 'user1' },
    recipient: { id: 'bot' },
    id: 'a1',
  });

  it.each([
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['a private address', 'http://10.0.0.1:5432/'],
    ['a public host', 'https://evil.example/'],
    ['a file URL', 'file:///etc/passwd'],
    ['localhost over another scheme', 'gopher://localhost:25/'],
    ['a host that merely starts with 127', 'http://127.0.0.1.evil.example/'],
    ['not a URL', 'not a url'],
    ['missing', undefined],
    ['a number', 42],
  ])('refuses a serviceUrl that is %s with 403', async (_name, serviceUrl) => {
    const r = await request<ErrorBody>(server.base, 'POST', '/api/messages', { body: activity(serviceUrl) });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toEqual(expect.any(String));
  });

  it('answers the local Emulator at its loopback serviceUrl', async () => {
    const received: string[] = [];
    const emulator: HttpServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        res.setHeader('content-type', 'application/json');
        res.end('{"id":"r1"}');
      });
    });
    await new Promise<void>((r) => emulator.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(emulator.address() as AddressInfo).port}`;
      const r = await request(server.base, 'POST', '/api/messages', { body: activity(url) });
      expect(r.status).toBeLessThan(300);
      expect(received.some((b) => hasChinese((JSON.parse(b) as { text?: string }).text))).toBe(true);
    } finally {
      await new Promise<void>((r) => emulator.close(() => r()));
    }
  }, 30_000);

  it('refuses callers from another machine whatever the serviceUrl', () => {
    expect(unauthenticatedCallerProblem('http://localhost:3979', '203.0.113.5')).toMatch(/local Emulator/);
    expect(unauthenticatedCallerProblem('http://localhost:3979', '::ffff:127.0.0.1')).toBeUndefined();
    expect(unauthenticatedCallerProblem('http://[::1]:3979', '::1')).toBeUndefined();
  });

  it.each([
    ['an array', [1]],
    ['no type', { hello: 1 }],
    ['type as a number', { type: 1 }],
  ])('answers %s with 400', async (_name, body) => {
    expect((await request(server.base, 'POST', '/api/messages', { body })).status).toBe(400);
  });

  it('answers a huge body with 413 and garbage with 400', async () => {
    expect(
      (await request(server.base, 'POST', '/api/messages', { body: { type: 'message', text: 'x'.repeat(100_000) } }))
        .status,
    ).toBe(413);
    expect(
      (
        await request(server.base, 'POST', '/api/messages', {
          raw: '\u0000\u0001garbage',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);
  });
});

describe('WeChat', () => {
  const entities = ['<!ENTITY l0 "lollollollollollollollollollol">'];
  for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`);
  const message = (content: string, doctype = '') =>
    `<?xml version="1.0"?>${doctype}<xml><ToUserName>gh</ToUserName><FromUserName>o_bomb</FromUserName><CreateTime>1700000000</CreateTime><MsgType>text</MsgType><Content>${content}</Content><MsgId>${Math.floor(Math.random() * 1e12)}</MsgId></xml>`;

  it('does not expand a billion-laughs bomb', async () => {
    const started = Date.now();
    const r = await postWeChat(server.base, message('&l9;', `<!DOCTYPE lolz [${entities.join('')}]>`));
    expect(r.status).toBeLessThan(500);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.body).not.toContain('lollollol');
  }, 30_000);

  it('does not read external entities', async () => {
    const r = await postWeChat(
      server.base,
      message('&xxe;', '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
    );
    expect(r.status).toBeLessThan(500);
    expect(r.body).not.toContain('root:');
  });

  it.each([
    ['non-XML', 400, 'hello'],
    ['JSON', 400, '{"Content":"hi"}'],
    ['an empty body', 400, ''],
    ['no <xml> root', 400, '<foo><Content>x</Content></foo>'],
    ['missing fields', 400, '<xml><MsgType>text</MsgType></xml>'],
    ['CreateTime in milliseconds', 400, wechatText('你好', { createTime: String(Date.now()) })],
    ['CreateTime not a number', 400, wechatText('你好', { createTime: 'yesterday' })],
    ['5000-deep nesting', 400, `<xml>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</xml>`],
    ['unclosed tags', 400, '<xml><ToUserName>'],
    ['a NUL in the sender', 400, wechatText('你好', { from: 'o\u0000x' })],
    ['a 100 KB sender', 400, wechatText('你好', { from: 'o'.repeat(100_000) })],
    ['a body over 256 KB', 413, wechatText('字'.repeat(100_000))],
  ])('answers %s with %s', async (_name, status, xml) => {
    const r = await postWeChat(server.base, xml);
    expect(r.status).toBe(status);
    // A reason: plain text from the WeChat route, JSON from restify's body size check.
    expect(JSON.stringify(r.body ?? '').length).toBeGreaterThan(4);
  });

  it.each([
    ['no signature', ''],
    ['a wrong signature', 'timestamp=1&nonce=2&signature=0000000000000000000000000000000000000000'],
    [
      'a signature for another timestamp',
      signedWeChatQuery('1700000000', '5').replace('timestamp=1700000000', 'timestamp=1700000001'),
    ],
    ['a 10 KB signature', `timestamp=1&nonce=2&signature=${'a'.repeat(10_000)}`],
  ])('answers a POST with %s with 401', async (_name, query) => {
    expect((await postWeChat(server.base, wechatText('你好'), query)).status).toBe(401);
    const verify = await request(server.base, 'GET', `/wechat?echostr=hi&${query}`);
    expect(verify.status).toBe(401);
  });

  it('answers a replayed message once: the same reply, no second turn', async () => {
    const q = signedWeChatQuery();
    const xml = wechatText('居住证怎么办', { msgId: '900000000000001', from: 'o_replay' });
    const first = await postWeChat(server.base, xml, q);
    const again = await postWeChat(server.base, xml, q);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body === 'success' || parseXmlFields(again.body).Content === parseXmlFields(first.body).Content).toBe(
      true,
    );
  }, 30_000);
});

describe('static files', () => {
  it.each([
    '/..%2fpackage.json',
    '/%2e%2e/package.json',
    '/%2e%2e%2fpackage.json',
    '/vendor/../../package.json',
    '/vendor/..%2f..%2fpackage.json',
    '/%252e%252e/package.json',
    '/%c0%ae%c0%ae/package.json',
    '/..\\package.json',
    '/%5c..%5cpackage.json',
    '//etc/passwd',
    '/%00',
    '/index.html%00.js',
    '/.env',
    '/.git/config',
    '/console/..%2f..%2fsrc%2fconfig.ts',
    '/chat.js%2f',
  ])('refuses %s with a 4xx', async (p) => {
    const r = await rawHttp(server.base, 'GET', p);
    expect(isClientError(r.status)).toBe(true);
    expect(r.text).not.toMatch(/"dependencies"|\[core\]|root:|configSchema/);
  });

  it('answers a 70 KB URL with a 4xx and stays up', async () => {
    const r = await rawHttp(server.base, 'GET', `/${'a'.repeat(70_000)}`);
    expect(isClientError(r.status)).toBe(true);
  });

  it.each(['PUT', 'DELETE', 'PATCH'])('answers %s / with 405', async (method) => {
    expect((await rawHttp(server.base, method, '/')).status).toBe(405);
  });
});
