import { z } from 'zod';
import type { Logger } from '../../logger';
import { ConcurrencyError, type DocumentStore } from '../../domain/ports';
import { readCapped, type Fetched } from '../uploads/download';

/**
 * WeChat's customer-service message API (客服消息) and the access token it needs (reference §4).
 * Each token fetch invalidates the previous token and fetches are rationed (2000 a day), so the token
 * lives in ONE place, the shared document store, where every instance reads it.
 */

export const TOKEN_COLLECTION = 'wechat_tokens';
/** Refresh this long before expiry so a token never dies in the middle of a send. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export const ERR_TOKEN_INVALID = 40001;
export const ERR_WINDOW_CLOSED = 45015;
export const ERR_TOO_MANY = 45047;

interface StoredToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

const tokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });
const apiResponse = z.object({ errcode: z.coerce.number().default(0), errmsg: z.string().optional() }).passthrough();

export type SendOutcome = { ok: true } | { ok: false; errcode: number; reason: string };

export interface CustomerServiceOptions {
  appId: string;
  appSecret: string;
  apiBase: string;
  documents: DocumentStore;
  log: Logger;
  fetch: typeof fetch;
  now: () => Date;
}

export class CustomerServiceApi {
  private refreshing: Promise<string> | undefined;

  constructor(private readonly options: CustomerServiceOptions) {}

  /**
   * A valid token. `invalid` names a token WeChat just rejected: if another instance has already
   * replaced it we take theirs, otherwise we fetch a new one.
   */
  async accessToken(invalid?: string): Promise<string> {
    const stored = await this.options.documents.get<StoredToken>(TOKEN_COLLECTION, this.options.appId);
    const fresh = stored && stored.value.expiresAt - REFRESH_MARGIN_MS > this.options.now().getTime();
    if (stored && fresh && stored.value.accessToken !== invalid) return stored.value.accessToken;
    if (!this.options.appId || !this.options.appSecret)
      throw new Error('WECHAT_APP_ID and WECHAT_APP_SECRET are needed for customer-service messages');
    // One refresh at a time in this process; other instances are reconciled through the etag below.
    this.refreshing ??= this.refresh(stored?.etag ?? null).finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refresh(expectedEtag: string | null): Promise<string> {
    const { apiBase, appId, appSecret } = this.options;
    const url = `${apiBase}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(appId)}&secret=${encodeURIComponent(appSecret)}`;
    const body = await this.callJson(url, { method: 'GET' });
    const parsed = tokenResponse.safeParse(body);
    if (!parsed.success) {
      const errcode = apiResponse.safeParse(body).data?.errcode ?? -1;
      throw new Error(`WeChat refused an access token (errcode ${errcode})`);
    }
    const token: StoredToken = {
      accessToken: parsed.data.access_token,
      expiresAt: this.options.now().getTime() + parsed.data.expires_in * 1000,
    };
    try {
      await this.options.documents.put(TOKEN_COLLECTION, appId, token, expectedEtag);
      this.options.log.info({ expiresAt: new Date(token.expiresAt).toISOString() }, 'wechat access token refreshed');
      return token.accessToken;
    } catch (err) {
      if (!(err instanceof ConcurrencyError)) throw err;
      // Another instance refreshed at the same moment; WeChat keeps the older token valid for a few minutes,
      // but everyone should converge on the stored one.
      const winner = await this.options.documents.get<StoredToken>(TOKEN_COLLECTION, appId);
      return winner?.value.accessToken ?? token.accessToken;
    }
  }

  /** Sends one text; a rejected token is refreshed once and the send retried. */
  async sendText(openId: string, content: string): Promise<SendOutcome> {
    return this.post('/cgi-bin/message/custom/send', { touser: openId, msgtype: 'text', text: { content } });
  }

  /**
   * Downloads a user's temporary media (an image message's MediaId) with the cached token:
   * GET /cgi-bin/media/get. WeChat answers the bytes, or JSON with an errcode; a rejected token is
   * refreshed once. The body is cut off at maxBytes.
   */
  async downloadMedia(mediaId: string, maxBytes: number): Promise<Fetched> {
    let token: string;
    try {
      token = await this.accessToken();
    } catch (err) {
      return { ok: false, code: 'Failed', detail: (err as Error).message };
    }
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await this.options.fetch(
          `${this.options.apiBase}/cgi-bin/media/get?access_token=${encodeURIComponent(token)}&media_id=${encodeURIComponent(mediaId)}`,
          { method: 'GET', signal: AbortSignal.timeout(10_000) },
        );
      } catch (err) {
        return { ok: false, code: 'Failed', detail: (err as Error).message };
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return { ok: false, code: 'Failed', detail: `WeChat API answered HTTP ${response.status}` };
      }
      const type = response.headers.get('content-type') ?? '';
      if (!/json|text\/plain/i.test(type)) return readCapped(response, maxBytes);
      const errcode = apiResponse.safeParse(await response.json().catch(() => ({}))).data?.errcode ?? -1;
      if (errcode !== ERR_TOKEN_INVALID || attempt > 0)
        return { ok: false, code: 'Failed', detail: `WeChat refused the media (errcode ${errcode})` };
      this.options.log.warn('wechat rejected the access token (40001) for media; refreshing once');
      try {
        token = await this.accessToken(token);
      } catch (err) {
        return { ok: false, code: 'Failed', detail: (err as Error).message };
      }
    }
  }

  private async post(path: string, payload: unknown): Promise<SendOutcome> {
    let token: string;
    try {
      token = await this.accessToken();
    } catch (err) {
      return { ok: false, errcode: -1, reason: (err as Error).message };
    }
    for (let attempt = 0; ; attempt += 1) {
      let errcode: number;
      let reason: string;
      try {
        const body = apiResponse.parse(
          await this.callJson(`${this.options.apiBase}${path}?access_token=${encodeURIComponent(token)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(payload),
          }),
        );
        errcode = body.errcode;
        reason = body.errmsg ?? '';
      } catch (err) {
        return { ok: false, errcode: -1, reason: (err as Error).message };
      }
      if (errcode === 0) return { ok: true };
      if (errcode !== ERR_TOKEN_INVALID || attempt > 0) return { ok: false, errcode, reason };
      this.options.log.warn('wechat rejected the access token (40001); refreshing once');
      try {
        token = await this.accessToken(token);
      } catch (err) {
        return { ok: false, errcode: -1, reason: (err as Error).message };
      }
    }
  }

  private async callJson(url: string, init: RequestInit): Promise<unknown> {
    const response = await this.options.fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    if (!response.ok) throw new Error(`WeChat API answered HTTP ${response.status}`);
    return response.json();
  }
}
