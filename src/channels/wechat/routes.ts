import { randomInt } from 'node:crypto';
import { plugins, type Next, type Request, type Response, type Server } from 'restify';
import type { ActivityHandler } from 'botbuilder';
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import type { Coordination, Store } from '../../domain/ports';
import { localCoordination } from '../localCoordination';
import type { FileStore } from '../../domain/files';
import { ingestMiddleware } from '../uploads/ingest';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from '../uploads/inspect';
import { CustomerServiceApi } from './customerService';
import { wechatMediaSource } from './media';
import { sha1Signature, signatureMatches, WeChatCipher, WeChatCryptoError } from './crypto';
import { WeChatOutbox, type UndeliverableMessage } from './outbox';
import { WeChatAdapter } from './wechatAdapter';
import { buildEncryptedReply, buildTextReply, parseInboundMessage, parseXmlFields, WeChatXmlError } from './xml';

/** GET /wechat (URL verification) and POST /wechat (messages and events), reference §1–§5. */

export const WECHAT_PATH = '/wechat';
const MAX_BODY_BYTES = 256 * 1024;

export interface WeChatRouteDeps {
  config: Config;
  bot: ActivityHandler;
  store: Store;
  log: Logger;
  /**
   * One turn at a time per WeChat user, across instances: two messages sent in a row must not race over
   * one dialog state. Defaults to an in-process lock.
   */
  coordination?: Coordination;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Erases the bot's own data about a user who unsubscribed (conversation and user state). */
  eraseUser?: (openId: string) => Promise<void>;
  /** A message that could not be delivered (window closed, quota, API failure): hand it to staff. */
  onUndeliverable?: (message: UndeliverableMessage) => Promise<void> | void;
  /** Defaults: 4000 ms budget (WeChat waits 5 s), 1000 ms before overflow messages. */
  replyBudgetMs?: number;
  overflowDelayMs?: number;
  /** Uploaded files: image messages are downloaded (media API), checked and stored before the bot sees them. */
  files?: FileStore;
  uploadLimits?: UploadLimits;
}

class RequestRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function queryOf(req: Request): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

function sendText(res: Response, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  if (!res.headersSent) res.sendRaw(status, body, { 'Content-Type': contentType });
}

function bodyText(req: Request): string {
  const body: unknown = req.body;
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  if (body === undefined) return '';
  throw new RequestRefused(400, 'body must be XML text');
}

export function registerWeChatRoutes(server: Server, deps: WeChatRouteDeps): WeChatAdapter {
  const { config, log } = deps;
  const token = config.WECHAT_TOKEN;
  if (!token) throw new Error('WECHAT_TOKEN must be set to enable the WeChat channel');
  const appId = config.WECHAT_APP_ID ?? '';
  if (config.WECHAT_ENCODING_AES_KEY && !appId)
    throw new Error('WECHAT_APP_ID must be set when WECHAT_ENCODING_AES_KEY is set');
  const cipher = config.WECHAT_ENCODING_AES_KEY ? new WeChatCipher(config.WECHAT_ENCODING_AES_KEY, appId) : undefined;
  const now = deps.now ?? (() => new Date());
  const documents = deps.store.documents;

  const api = new CustomerServiceApi({
    appId,
    appSecret: config.WECHAT_APP_SECRET ?? '',
    apiBase: config.WECHAT_API_BASE.replace(/\/+$/, ''),
    documents,
    log,
    fetch: deps.fetch ?? fetch,
    now,
  });
  const outbox = new WeChatOutbox({
    api,
    documents,
    log,
    now,
    windowHours: 48,
    windowMessageLimit: config.WECHAT_CS_MESSAGE_LIMIT,
    onUndeliverable: deps.onUndeliverable,
  });
  const turnLock = deps.coordination ?? localCoordination();
  const adapter = new WeChatAdapter({
    documents,
    outbox,
    log,
    now,
    serviceUrl: config.WECHAT_API_BASE,
    replyBudgetMs: deps.replyBudgetMs ?? 4000,
    overflowDelayMs: deps.overflowDelayMs ?? 1000,
    eraseUser: deps.eraseUser,
  });

  if (deps.files) {
    adapter.use(
      ingestMiddleware({
        files: deps.files,
        log,
        limits: deps.uploadLimits ?? DEFAULT_UPLOAD_LIMITS,
        source: wechatMediaSource(api),
      }),
    );
  }

  const signed = (query: URLSearchParams): boolean => {
    const timestamp = query.get('timestamp') ?? '';
    const nonce = query.get('nonce') ?? '';
    return signatureMatches(sha1Signature(token, timestamp, nonce), query.get('signature') ?? undefined);
  };

  server.get(WECHAT_PATH, (req: Request, res: Response, next: Next) => {
    const query = queryOf(req);
    if (!signed(query)) {
      log.warn('wechat verification refused: bad signature');
      sendText(res, 401, 'bad signature');
    } else {
      sendText(res, 200, query.get('echostr') ?? '');
    }
    next();
  });

  /** The inbound message XML, after checking signatures and decrypting in safe mode. */
  const openEnvelope = (query: URLSearchParams, body: string): string => {
    if (!signed(query)) throw new RequestRefused(401, 'bad signature');
    const encrypted = query.get('encrypt_type') === 'aes';
    if (!cipher) {
      if (encrypted) throw new RequestRefused(400, 'safe mode is not configured on this server');
      return body;
    }
    if (!encrypted) throw new RequestRefused(400, 'this server expects safe-mode (encrypt_type=aes) messages');
    const encrypt = parseXmlFields(body).Encrypt?.trim();
    if (!encrypt) throw new RequestRefused(400, 'encrypted message has no Encrypt field');
    const expected = sha1Signature(token, query.get('timestamp') ?? '', query.get('nonce') ?? '', encrypt);
    if (!signatureMatches(expected, query.get('msg_signature') ?? undefined))
      throw new RequestRefused(401, 'bad msg_signature');
    return cipher.decrypt(encrypt);
  };

  const sealReply = (xml: string): string => {
    if (!cipher) return xml;
    const encrypt = cipher.encrypt(xml);
    const timestamp = String(Math.floor(now().getTime() / 1000));
    const nonce = String(randomInt(100_000_000, 999_999_999));
    return buildEncryptedReply({
      encrypt,
      timestamp,
      nonce,
      signature: sha1Signature(token, timestamp, nonce, encrypt),
    });
  };

  const receive = async (req: Request, res: Response): Promise<void> => {
    const message = parseInboundMessage(openEnvelope(queryOf(req), bodyText(req)));
    const reply = await turnLock.withLock(`turn:wechat:${message.FromUserName}`, () =>
      adapter.processMessage(message, (context) => deps.bot.run(context)),
    );
    if (reply === undefined) return sendText(res, 200, 'success');
    const xml = buildTextReply({
      toUser: message.FromUserName,
      fromUser: message.ToUserName,
      createTime: now().getTime() / 1000,
      content: reply,
    });
    sendText(res, 200, sealReply(xml), 'application/xml; charset=utf-8');
  };

  server.post(
    WECHAT_PATH,
    plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES }),
    (req: Request, res: Response, next: Next) => {
      receive(req, res)
        .catch((err: unknown) => {
          if (err instanceof RequestRefused) {
            log.warn({ status: err.status, reason: err.message }, 'wechat request refused');
            sendText(res, err.status, err.message);
          } else if (err instanceof WeChatCryptoError || err instanceof WeChatXmlError) {
            log.warn({ reason: err.message }, 'wechat request refused');
            sendText(res, 400, err.message);
          } else {
            // A 500 makes WeChat retry, which is better than acknowledging a message we did not handle.
            log.error({ err }, 'wechat message could not be handled');
            sendText(res, 500, 'internal error');
          }
        })
        .finally(() => next());
    },
  );

  return adapter;
}
