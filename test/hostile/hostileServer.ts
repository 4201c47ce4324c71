import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createConfiguredBot } from '../../src/channels/botSelection';
import { sha1Signature } from '../../src/channels/wechat/crypto';
import { loadConfig } from '../../src/config';
import type { Clock } from '../../src/domain/ports';
import { createLogger } from '../../src/logger';
import { createMemoryStore } from '../../src/storage/memoryStore';
import { request, startServer, type Reply, type Running } from '../channels/directLineClient';

/** The whole server as main.ts assembles it: real assistant, staff console, review API, WeChat. */

export const WECHAT_TOKEN = 'hostiletoken';
export const ADMIN = { username: 'admin', password: 'correct horse battery' };

export interface HostileServer extends Running {
  /** GET /healthz answers 200: the process survived whatever came before. */
  alive(): Promise<boolean>;
  login(): Promise<string>;
}

export async function startHostileServer(env: Record<string, string> = {}, clock?: Clock): Promise<HostileServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'banshi-hostile-'));
  const fullEnv = {
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    WECHAT_TOKEN,
    STAFF_ADMIN_USERNAME: ADMIN.username,
    STAFF_ADMIN_PASSWORD: ADMIN.password,
    ...env,
  };
  const config = loadConfig(fullEnv);
  const store = createMemoryStore();
  const assistant = await createConfiguredBot({
    config,
    store,
    log: createLogger('silent'),
    ...(clock ? { clock } : {}),
  });
  await assistant.ready;
  const running = await startServer({
    env: fullEnv,
    store,
    bot: assistant.bot,
    isReady: assistant.isReady,
    plugins: assistant.plugins,
    ...(clock ? { clock } : {}),
  });
  return {
    ...running,
    async stop(closeStore = true) {
      await running.stop(closeStore);
      rmSync(dataDir, { recursive: true, force: true });
    },
    async alive() {
      return (await request(running.base, 'GET', '/healthz')).status === 200;
    },
    async login() {
      const r = await request(running.base, 'POST', '/console/api/login', { body: ADMIN });
      if (r.status !== 200) throw new Error(`login ${r.status}`);
      return r.headers.get('set-cookie')!.split(';')[0];
    },
  };
}

/** Query string WeChat would send for a plain-mode POST, signed with our token. */
export function signedWeChatQuery(
  timestamp = String(Math.floor(Date.now() / 1000)),
  nonce = String(Math.floor(Math.random() * 1e9)),
): string {
  return `timestamp=${timestamp}&nonce=${nonce}&signature=${sha1Signature(WECHAT_TOKEN, timestamp, nonce)}`;
}

export function wechatText(
  content: string,
  options: { from?: string; msgId?: string; createTime?: string } = {},
): string {
  return (
    `<xml><ToUserName><![CDATA[gh_banshi]]></ToUserName><FromUserName><![CDATA[${options.from ?? 'o_hostile'}]]></FromUserName>` +
    `<CreateTime>${options.createTime ?? Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${content}]]></Content><MsgId>${options.msgId ?? String(Math.floor(Math.random() * 1e15))}</MsgId></xml>`
  );
}

export function postWeChat(base: string, xml: string | Buffer, query = signedWeChatQuery()): Promise<Reply<string>> {
  return request<string>(base, 'POST', `/wechat?${query}`, { raw: xml, headers: { 'content-type': 'text/xml' } });
}

/** A status a client can act on: 4xx, never a 5xx or a dropped connection. */
export function isClientError(status: number): boolean {
  return status >= 400 && status < 500;
}

/** A clock tests move forward (token expiry, session expiry). */
export class MovableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface RawReply {
  status: number;
  text: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A request exactly as written: the path is not normalised (fetch would resolve `..`), the body may
 * be sent in chunks without a Content-Length. A reset connection is reported as status 0.
 */
export function rawHttp(
  base: string,
  method: string,
  rawPath: string,
  options: { headers?: Record<string, string>; chunks?: (string | Buffer)[]; timeoutMs?: number } = {},
): Promise<RawReply> {
  const url = new URL(base);
  return new Promise((resolve) => {
    // Node 24 answers an oversized request line (431) and then resets the socket: keep the status seen.
    let answered: http.IncomingMessage | undefined;
    const req = http.request(
      { host: url.hostname, port: url.port, method, path: rawPath, headers: options.headers ?? {}, agent: false },
      (res) => {
        answered = res;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
        );
        res.on('error', () => resolve({ status: 0, text: '', headers: {} }));
      },
    );
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error('timeout')));
    req.on('error', (err) =>
      resolve(
        answered
          ? { status: answered.statusCode ?? 0, text: '', headers: answered.headers }
          : { status: err.message === 'timeout' ? -1 : 0, text: err.message, headers: {} },
      ),
    );
    for (const c of options.chunks ?? []) req.write(c);
    req.end();
  });
}
