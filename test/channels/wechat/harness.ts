import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createRestify, type Server } from 'restify';
import type { ActivityHandler } from 'botbuilder';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/logger';
import { createMemoryStore } from '../../../src/storage/memoryStore';
import type { Store } from '../../../src/domain/ports';
import type { FileStore } from '../../../src/domain/files';
import { DEFAULT_UPLOAD_LIMITS } from '../../../src/channels/uploads/inspect';
import { sha1Signature, WeChatCipher } from '../../../src/channels/wechat/crypto';
import type { UndeliverableMessage } from '../../../src/channels/wechat/outbox';
import { registerWeChatRoutes } from '../../../src/channels/wechat/routes';
import type { WeChatAdapter } from '../../../src/channels/wechat/wechatAdapter';
import { parseXmlFields } from '../../../src/channels/wechat/xml';
import { listenOnLoopback } from '../directLineClient';

/** Test harness: the server under test plus a loopback stand-in for WeChat's token and customer-service API. */

export const TOKEN = 'AAAAA';
export const APP_ID = 'wxb11529c136998cb6';
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const ACCOUNT = 'gh_banshi';

export interface StubCall {
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown> | undefined;
}

/** Records every call; `sendErrors` are errcodes answered to the next sends, in order. */
export class WeChatApiStub {
  readonly calls: StubCall[] = [];
  readonly sendErrors: number[] = [];
  /** Temporary media by MediaId, served at /cgi-bin/media/get as WeChat does (JSON errcode when unknown). */
  readonly media = new Map<string, { bytes: Buffer; contentType: string }>();
  private tokens = 0;
  private server: HttpServer | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void readAll(req).then((raw) => {
        const url = new URL(req.url ?? '/', 'http://stub');
        const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
        this.calls.push({ path: url.pathname, query: url.searchParams, body });
        res.setHeader('content-type', 'application/json');
        const media = this.media.get(url.searchParams.get('media_id') ?? '');
        if (
          url.pathname === '/cgi-bin/media/get' &&
          media &&
          url.searchParams.get('access_token')?.startsWith('TOKEN-')
        ) {
          res.setHeader('content-type', media.contentType);
          res.end(media.bytes);
        } else if (url.pathname === '/cgi-bin/media/get') {
          res.setHeader('content-type', 'text/plain');
          res.end(JSON.stringify({ errcode: 40007, errmsg: 'invalid media_id' }));
        } else if (url.pathname === '/cgi-bin/token') {
          this.tokens += 1;
          res.end(JSON.stringify({ access_token: `TOKEN-${this.tokens}`, expires_in: 7200 }));
        } else {
          const errcode = this.sendErrors.shift() ?? 0;
          res.end(JSON.stringify({ errcode, errmsg: errcode ? 'stub error' : 'ok' }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  sends(): { touser: string; content: string; token: string }[] {
    return this.calls
      .filter((c) => c.path === '/cgi-bin/message/custom/send')
      .map((c) => ({
        touser: String(c.body?.touser),
        content: String((c.body?.text as { content: string }).content),
        token: c.query.get('access_token') ?? '',
      }));
  }

  tokenFetches(): number {
    return this.calls.filter((c) => c.path === '/cgi-bin/token').length;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
  });
}

export interface Harness {
  url: string;
  adapter: WeChatAdapter;
  store: Store;
  stub: WeChatApiStub;
  undeliverable: UndeliverableMessage[];
  erased: string[];
  safeMode: boolean;
  close(): Promise<void>;
}

export async function startHarness(
  bot: ActivityHandler,
  options: {
    safeMode?: boolean;
    replyBudgetMs?: number;
    limit?: number;
    files?: FileStore;
    store?: Store;
    uploadMaxBytes?: number;
  } = {},
): Promise<Harness> {
  const stub = new WeChatApiStub();
  await stub.start();
  const store = options.store ?? createMemoryStore();
  const undeliverable: UndeliverableMessage[] = [];
  const erased: string[] = [];
  const config = loadConfig({
    WECHAT_TOKEN: TOKEN,
    WECHAT_APP_ID: APP_ID,
    WECHAT_APP_SECRET: 'secret',
    WECHAT_ENCODING_AES_KEY: options.safeMode ? AES_KEY : '',
    WECHAT_API_BASE: stub.url,
    WECHAT_CS_MESSAGE_LIMIT: String(options.limit ?? 5),
  });
  const server: Server = createRestify();
  const adapter = registerWeChatRoutes(server, {
    config,
    bot,
    store,
    log: createLogger('silent'),
    replyBudgetMs: options.replyBudgetMs ?? 1500,
    ...(options.files ? { files: options.files } : {}),
    ...(options.uploadMaxBytes ? { uploadLimits: { ...DEFAULT_UPLOAD_LIMITS, maxBytes: options.uploadMaxBytes } } : {}),
    overflowDelayMs: 10,
    onUndeliverable: (m) => {
      undeliverable.push(m);
    },
    eraseUser: async (openId) => {
      erased.push(openId);
    },
  });
  const url = await listenOnLoopback(server);
  return {
    url,
    adapter,
    store,
    stub,
    undeliverable,
    erased,
    safeMode: options.safeMode ?? false,
    async close() {
      await adapter.idle();
      server.close();
      await stub.stop();
    },
  };
}

let clock = 1714036504;

/** A WeChat message XML; CreateTime advances so that events never collide unless a test wants them to. */
export function messageXml(fields: Record<string, string>, from = 'oUser1'): string {
  const all = { ToUserName: ACCOUNT, FromUserName: from, CreateTime: String((clock += 1)), ...fields };
  return `<xml>${Object.entries(all)
    .map(([k, v]) => `<${k}><![CDATA[${v}]]></${k}>`)
    .join('')}</xml>`;
}

export interface Posted {
  status: number;
  body: string;
  /** The reply's Content (decrypted in safe mode), when it was a passive text reply. */
  content?: string;
}

/** POSTs like WeChat does: signed query, and in safe mode the encrypted envelope. */
export async function post(
  h: Harness,
  xml: string,
  tamper: { signature?: string; body?: string } = {},
): Promise<Posted> {
  const timestamp = '1714036504';
  const nonce = '1514711492';
  const query = new URLSearchParams({
    signature: tamper.signature ?? sha1Signature(TOKEN, timestamp, nonce),
    timestamp,
    nonce,
    openid: 'x',
  });
  let body = xml;
  if (h.safeMode) {
    const encrypt = new WeChatCipher(AES_KEY, APP_ID).encrypt(xml);
    query.set('encrypt_type', 'aes');
    query.set('msg_signature', sha1Signature(TOKEN, timestamp, nonce, encrypt));
    body = `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
  }
  const response = await fetch(`${h.url}/wechat?${query.toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: tamper.body ?? body,
  });
  const text = await response.text();
  let content: string | undefined;
  if (response.status === 200 && text.startsWith('<xml>')) {
    let fields = parseXmlFields(text);
    if (h.safeMode) {
      const expected = sha1Signature(TOKEN, fields.TimeStamp, fields.Nonce, fields.Encrypt);
      if (expected !== fields.MsgSignature) throw new Error('reply signature does not verify');
      fields = parseXmlFields(new WeChatCipher(AES_KEY, APP_ID).decrypt(fields.Encrypt));
    }
    content = fields.Content;
  }
  return { status: response.status, body: text, content };
}
