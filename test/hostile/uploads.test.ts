import { ActivityHandler, type Activity } from 'botbuilder';
import { request as rawRequest } from 'node:http';
import { createMemoryFileStore } from '../../src/storage/files';
import type { FileStore } from '../../src/domain/files';
import { DirectLineTestClient, startServer, type Running } from '../channels/directLineClient';
import { png, pngBomb } from '../fixtures/images';

/**
 * Hostile and careless uploads against POST /v3/directline/conversations/{id}/upload and the file
 * reads behind contentUrl. Each must get a 4xx with a reason, store nothing, and lose nothing stored.
 */

class RecordingBot extends ActivityHandler {
  readonly seen: Partial<Activity>[] = [];
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      this.seen.push(context.activity);
      await next();
    });
  }
}

interface UploadAnswer {
  id?: string;
  error?: { code: string; message: string };
}

let server: Running;
let files: FileStore;
let bot: RecordingBot;
let alice: DirectLineTestClient;
let bob: DirectLineTestClient;
const photo = png(358, 441);

async function upload(
  client: DirectLineTestClient,
  parts: { bytes: Buffer; type?: string; name?: string }[],
  options: { conversationId?: string; token?: string } = {},
): Promise<{ status: number; body: UploadAnswer }> {
  const form = new FormData();
  form.append(
    'activity',
    new Blob([JSON.stringify({ type: 'message', from: { id: 'visitor1' }, channelData: { clientActivityID: 'u1' } })], {
      type: 'application/vnd.microsoft.activity',
    }),
  );
  for (const p of parts) form.append('file', new Blob([p.bytes], { type: p.type ?? 'image/png' }), p.name ?? 'a.png');
  const res = await fetch(
    `${server.base}/v3/directline/conversations/${options.conversationId ?? client.conversationId}/upload?userId=visitor1`,
    { method: 'POST', headers: { authorization: `Bearer ${options.token ?? client.token}` }, body: form },
  );
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as UploadAnswer };
}

async function readFile(client: DirectLineTestClient, url: string, token = client.token) {
  const res = await fetch(server.base + url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

async function storedCount(): Promise<number> {
  return (await files.listByOwner(`webchat:${alice.conversationId}`)).length;
}

beforeAll(async () => {
  files = createMemoryFileStore();
  bot = new RecordingBot();
  server = await startServer({ bot, files, env: { UPLOAD_MAX_MB: '2' } });
  alice = new DirectLineTestClient(server.base);
  await alice.start('alice');
  bob = new DirectLineTestClient(server.base);
  await bob.start('bob');
});
afterAll(() => server.stop());

describe('Direct Line upload', () => {
  let firstUrl = '';

  it('stores a photo and the bot gets an attachment only this conversation can read', async () => {
    const r = await upload(alice, [{ bytes: photo, name: '..\\..\\证件照.png' }]);
    expect(r.status).toBe(200);
    expect(r.body.id).toEqual(expect.any(String));
    await server.app.directLine.drain();
    const seen = bot.seen.find((a) => a.conversation?.id === alice.conversationId && a.attachments?.length);
    const attachment = seen?.attachments?.[0];
    expect(attachment).toMatchObject({ contentType: 'image/png', name: '证件照.png' });
    firstUrl = attachment!.contentUrl!;

    const own = await readFile(alice, firstUrl);
    expect(own.status).toBe(200);
    expect(own.bytes.equals(photo)).toBe(true);
    expect(own.headers.get('content-type')).toBe('image/png');
    expect(own.headers.get('x-content-type-options')).toBe('nosniff');
    expect(own.headers.get('content-disposition')).toMatch(/^inline; /);
    // The echo the resident's Web Chat shows carries the same attachment.
    await alice.poll();
    expect(alice.seen.some((a) => a.from?.role === 'user' && a.attachments?.[0]?.contentUrl === firstUrl)).toBe(true);
  });

  it('takes the type from the content, not from the name or the declared type', async () => {
    const r = await upload(alice, [{ bytes: png(100, 80), type: 'text/plain', name: 'scan.txt' }]);
    expect(r.status).toBe(200);
    const mine = await files.listByOwner(`webchat:${alice.conversationId}`);
    expect(mine.at(-1)).toMatchObject({ contentType: 'image/png', name: 'scan.png', width: 100, height: 80 });
  });

  it('someone else’s token cannot read the file, and someone else’s file is not found', async () => {
    expect((await readFile(alice, firstUrl, bob.token)).status).toBe(403);
    const fileId = firstUrl.split('/').pop()!;
    const viaBob = await readFile(bob, `/v3/directline/conversations/${bob.conversationId}/files/${fileId}`);
    expect(viaBob.status).toBe(404);
    expect((await readFile(alice, firstUrl, 'not-a-token')).status).toBe(403);
    const none = await fetch(server.base + firstUrl);
    expect(none.status).toBe(401);
  });

  it('refuses an upload to someone else’s conversation and stores nothing', async () => {
    const before = await storedCount();
    const r = await upload(bob, [{ bytes: photo }], { conversationId: alice.conversationId });
    expect(r.status).toBe(403);
    expect(r.body.error?.message).toMatch(/does not belong/);
    expect(await storedCount()).toBe(before);
    expect(await files.listByOwner(`webchat:${bob.conversationId}`)).toEqual([]);
  });

  const refusals: [string, () => { bytes: Buffer; type?: string; name?: string }[], number, RegExp][] = [
    ['an oversized file', () => [{ bytes: png(1200, 1200, { noise: true }) }], 413, /最大 2 MB/],
    ['an image bomb (50,000 × 50,000 px claimed)', () => [{ bytes: pngBomb() }], 422, /超出了本系统能处理的范围/],
    [
      'an SVG with script declared as PNG',
      () => [
        {
          bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'),
          type: 'image/png',
          name: 'photo.png',
        },
      ],
      415,
      /不是能识别的图片/,
    ],
    [
      'a PNG with a ZIP appended (polyglot)',
      () => [{ bytes: Buffer.concat([photo, Buffer.from('PK\x03\x04\x14\x00\x00\x00evil.jar', 'latin1')]) }],
      422,
      /夹带了图片以外的内容/,
    ],
    [
      'a PNG carrying HTML (polyglot)',
      () => [{ bytes: Buffer.concat([photo, Buffer.from('<html><script>fetch("/console")</script>')]) }],
      422,
      /夹带了图片以外的内容/,
    ],
    [
      'text declared as a JPEG',
      () => [{ bytes: Buffer.from('hello, not a photo'), type: 'image/jpeg' }],
      415,
      /不是能识别的图片/,
    ],
    [
      'a PDF',
      () => [{ bytes: Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF'), type: 'application/pdf' }],
      415,
      /不是能识别的图片/,
    ],
    ['a PNG cut off before its end', () => [{ bytes: photo.subarray(0, photo.length - 20) }], 422, /不完整或已损坏/],
    ['an empty file', () => [{ bytes: Buffer.alloc(0) }], 422, /没有收到文件内容/],
    ['six files at once', () => Array.from({ length: 6 }, () => ({ bytes: photo })), 413, /最多上传 5 个/],
  ];

  it.each(refusals)(
    'refuses %s with a reason the resident also sees, storing nothing',
    async (_name, parts, status, reason) => {
      const before = await storedCount();
      const r = await upload(alice, parts());
      expect(r.status).toBe(status);
      expect(r.body.error?.message).toMatch(reason);
      expect(await storedCount()).toBe(before);
      await alice.poll();
      expect(alice.seen.some((a) => a.from?.role === 'bot' && reason.test(a.text ?? ''))).toBe(true);
    },
  );

  it('refuses a body that is not multipart, and a multipart body cut off mid-file', async () => {
    const before = await storedCount();
    const json = await fetch(`${server.base}/v3/directline/conversations/${alice.conversationId}/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);

    const boundary = 'XbOuNdArY';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`;
    const body = Buffer.concat([Buffer.from(head), photo.subarray(0, 200)]);
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${server.base}/v3/directline/conversations/${alice.conversationId}/upload`);
      const req = rawRequest(
        url,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${alice.token}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': String(body.length),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(400);
    expect(await storedCount()).toBe(before);
  });

  it('still has every file stored before the hostile uploads', async () => {
    const again = await readFile(alice, firstUrl);
    expect(again.status).toBe(200);
    expect(again.bytes.equals(photo)).toBe(true);
    expect(await storedCount()).toBe(2);
  });
});
