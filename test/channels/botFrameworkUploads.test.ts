import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { ActivityHandler, TurnContext, type Attachment } from 'botbuilder';
import { botFrameworkAttachmentSource } from '../../src/channels/uploads/botFrameworkSource';
import { fileIdFromUrl, fileOwner } from '../../src/domain/files';
import { createMemoryFileStore } from '../../src/storage/files';
import { png } from '../fixtures/images';
import { request, startServer, type Running } from './directLineClient';

/**
 * Files sent through /api/messages (the Emulator here; Bot Service channels in production) take the same
 * path as Direct Line uploads: fetched under an address rule and a size cap, checked by content, stored
 * for the conversation; the bot sees only the stored file. Refusals reach the resident as a reason.
 */

/** Says what it was given, so a test sees what reached the bot. */
class ReportingBot extends ActivityHandler {
  readonly seen: Attachment[][] = [];
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const attachments = context.activity.attachments ?? [];
      this.seen.push(attachments);
      await context.sendActivity(
        attachments.length ? `files:${attachments.map((a) => a.contentUrl).join(',')}` : 'text',
      );
      await next();
    });
  }
}

/** A stand-in for the Emulator: receives the bot's replies and serves attachment files. */
class FakeEmulator {
  readonly replies: string[] = [];
  readonly requested: string[] = [];
  /** The User-Agent of each GET, by path. */
  readonly agents = new Map<string, string>();
  /** Bytes written for the endless file before the server stopped reading. */
  streamed = 0;
  private server: HttpServer | undefined;
  url = '';
  constructor(private readonly files: Record<string, { type: string; bytes: Buffer }>) {}

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const path = req.url ?? '/';
      if (req.method === 'GET') {
        this.requested.push(path);
        this.agents.set(path, String(req.headers['user-agent'] ?? ''));
        if (path === '/files/endless' || path === '/v3/attachments/big/views/original') return this.endless(res);
        const file = this.files[path];
        if (!file) {
          res.statusCode = 404;
          return res.end();
        }
        res.setHeader('content-type', file.type);
        return res.end(file.bytes);
      }
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const text = (JSON.parse(body || '{}') as { text?: string }).text;
        if (text) this.replies.push(text);
        res.setHeader('content-type', 'application/json');
        res.end('{"id":"r1"}');
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** An image header followed by megabytes, without a Content-Length: only a cap while reading stops it. */
  private endless(res: ServerResponse): void {
    res.setHeader('content-type', 'image/png');
    const chunk = Buffer.alloc(64 * 1024, 7);
    let sent = 0;
    const write = () => {
      while (sent < 64) {
        sent += 1;
        this.streamed += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', write);
      }
      res.end();
    };
    res.on('close', () => (sent = 64));
    write();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()));
  }
}

const photo = png(358, 441);
const svg = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
);

describe('/api/messages attachments (Emulator, no credentials)', () => {
  let server: Running;
  let emulator: FakeEmulator;
  let bot: ReportingBot;
  const files = createMemoryFileStore();
  let n = 0;

  beforeAll(async () => {
    emulator = new FakeEmulator({
      '/files/photo.png': { type: 'application/octet-stream', bytes: photo },
      '/files/picture.svg': { type: 'image/png', bytes: svg },
      '/v3/attachments/att1/views/original': { type: 'application/octet-stream', bytes: photo },
    });
    await emulator.start();
    bot = new ReportingBot();
    server = await startServer({ bot, files, env: { UPLOAD_MAX_MB: '1' } });
  });
  afterAll(async () => {
    await server.stop();
    await emulator.stop();
  });

  const conversation = () => `conv-${(n += 1)}`;
  async function send(conversationId: string, attachments: Attachment[]): Promise<void> {
    const before = emulator.replies.length;
    const r = await request(server.base, 'POST', '/api/messages', {
      body: {
        type: 'message',
        text: '',
        channelId: 'emulator',
        serviceUrl: emulator.url,
        conversation: { id: conversationId },
        from: { id: 'user1' },
        recipient: { id: 'bot' },
        id: `a${n}`,
        attachments,
      },
    });
    expect(r.status).toBeLessThan(300);
    expect(emulator.replies.length).toBeGreaterThan(before);
  }
  const lastReply = () => emulator.replies[emulator.replies.length - 1] ?? '';
  const owned = (conversationId: string) => files.listByOwner(fileOwner('emulator', conversationId));

  it('downloads a contentUrl from the Emulator, types it by content and shows the bot the stored file', async () => {
    const id = conversation();
    await send(id, [{ contentType: 'image/jpeg', contentUrl: `${emulator.url}/files/photo.png`, name: '证件照.jpg' }]);
    const [stored] = await owned(id);
    expect(stored).toMatchObject({ contentType: 'image/png', name: '证件照.png', width: 358, height: 441 });
    expect((await files.get(stored?.id ?? ''))?.bytes.equals(photo)).toBe(true);
    // The bot never sees the Emulator's URL, only the stored file, which the dialogs resolve for this conversation.
    expect(lastReply()).toBe(`files:banshi:files/${stored?.id}`);
    expect(fileIdFromUrl(bot.seen[bot.seen.length - 1]?.[0]?.contentUrl)).toBe(stored?.id);
  });

  it('reads a file kept on the connector (serviceUrl /v3/attachments) with the turn’s connector client', async () => {
    const id = conversation();
    await send(id, [{ contentType: 'image/png', contentUrl: `${emulator.url}/v3/attachments/att1/views/original` }]);
    const [stored] = await owned(id);
    expect((await files.get(stored?.id ?? ''))?.bytes.equals(photo)).toBe(true);
    // The connector client (which signs with the bot's credentials when there are any) made the request.
    expect(emulator.agents.get('/v3/attachments/att1/views/original')).toMatch(/BotFramework/i);
  });

  it('checks the addresses a host name resolves to (localhost is this machine)', async () => {
    const id = conversation();
    await send(id, [
      { contentType: 'image/png', contentUrl: `${emulator.url.replace('127.0.0.1', 'localhost')}/files/photo.png` },
    ]);
    expect(await owned(id)).toHaveLength(1);
  });

  it('takes a data: URL through the same checks', async () => {
    const id = conversation();
    await send(id, [{ contentType: 'image/png', contentUrl: `data:image/png;base64,${photo.toString('base64')}` }]);
    expect((await owned(id)).map((f) => f.sha256)).toHaveLength(1);
    expect(lastReply()).toMatch(/^files:banshi:files\//);
  });

  it('refuses an SVG with script, says why, stores nothing, and the bot does not see it', async () => {
    const id = conversation();
    const turns = bot.seen.length;
    await send(id, [{ contentType: 'image/png', contentUrl: `${emulator.url}/files/picture.svg`, name: 'a.png' }]);
    expect(lastReply()).toContain('图片');
    expect(lastReply()).not.toMatch(/^files:/);
    expect(await owned(id)).toEqual([]);
    expect(bot.seen.length).toBe(turns);
  });

  it.each([
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['a private address', 'http://10.0.0.1:5432/x.png'],
    ['an IPv4-mapped private address', 'http://[::ffff:10.0.0.1]/x.png'],
    ['a file URL', 'file:///etc/passwd'],
    ['another scheme', 'gopher://127.0.0.1:25/'],
  ])('does not fetch a contentUrl at %s and tells the resident', async (_name, contentUrl) => {
    const id = conversation();
    await send(id, [{ contentType: 'image/png', contentUrl }]);
    expect(lastReply()).toBe('没能取到您发送的文件。请稍后再发一次。');
    expect(await owned(id)).toEqual([]);
  });

  it('stops reading a download at the size cap and says the limit', async () => {
    const id = conversation();
    await send(id, [{ contentType: 'image/png', contentUrl: `${emulator.url}/files/endless` }]);
    expect(lastReply()).toContain('最大 1 MB');
    expect(await owned(id)).toEqual([]);
    // 4 MB were on offer; the server hung up soon after the first megabyte.
    expect(emulator.streamed).toBeLessThan(4 * 1024 * 1024);
  });

  it('stops reading a connector file at the size cap too', async () => {
    const id = conversation();
    const before = emulator.streamed;
    await send(id, [{ contentType: 'image/png', contentUrl: `${emulator.url}/v3/attachments/big/views/original` }]);
    expect(lastReply()).toContain('最大 1 MB');
    expect(await owned(id)).toEqual([]);
    expect(emulator.streamed - before).toBeLessThan(4 * 1024 * 1024);
  });

  it('leaves a card (no contentUrl) alone', async () => {
    const id = conversation();
    await send(id, [{ contentType: 'application/vnd.microsoft.card.hero', content: { title: 'x' } }]);
    expect(lastReply()).toBe('files:');
    expect(await owned(id)).toEqual([]);
  });
});

describe('/api/messages attachments with Bot Framework credentials', () => {
  it('reads a connector file under a serviceUrl with a path through the turn’s connector client', async () => {
    const key = Symbol('connector');
    const asked: string[][] = [];
    const client = {
      attachments: {
        getAttachment: (id: string, view: string) => {
          asked.push([id, view]);
          return Promise.resolve({ readableStreamBody: Readable.from([photo]) });
        },
      },
    };
    const context = new TurnContext({ ConnectorClientKey: key } as never, {
      type: 'message',
      serviceUrl: 'https://smba.example/emea/',
    });
    context.turnState.set(key, client);
    const fetched = await botFrameworkAttachmentSource({ authenticated: true }).fetch(
      context,
      { contentType: 'image/png', contentUrl: 'https://smba.example/emea/v3/attachments/a%201/views/original' },
      1024 * 1024,
    );
    expect(fetched?.ok && fetched.bytes.equals(photo)).toBe(true);
    expect(asked).toEqual([['a 1', 'original']]);
  });

  const source = botFrameworkAttachmentSource({ authenticated: true });
  const contextFor = (serviceUrl: string) => new TurnContext({} as never, { type: 'message', serviceUrl });

  it.each([
    ['plain HTTP on the serviceUrl host', 'https://smba.example/', 'http://smba.example/v3/attachments/1'],
    ['another host', 'https://smba.example/', 'https://evil.example/x.png'],
    ['the serviceUrl host at a private address', 'https://10.0.0.5/', 'https://10.0.0.5/v3/attachments/1'],
    ['loopback', 'https://127.0.0.1/', 'https://127.0.0.1/v3/attachments/1'],
    ['a host name that resolves to loopback', 'https://localhost/', 'https://localhost/v3/attachments/1'],
  ])('refuses %s without connecting', async (_name, serviceUrl, contentUrl) => {
    const fetched = await source.fetch(contextFor(serviceUrl), { contentType: 'image/png', contentUrl }, 1024);
    expect(fetched).toMatchObject({ ok: false, code: 'Refused' });
  });
});
