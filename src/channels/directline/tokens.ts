import { createHash, randomBytes } from 'node:crypto';
import type { Clock, DocumentStore } from '../../domain/ports';

export const TOKENS = 'directline-tokens';

interface TokenRecord {
  conversationId: string;
  expiresAt: string;
  /** No token of this conversation, refreshed or not, is valid after this (absent on older records). */
  notAfter?: string;
}

export type TokenCheck =
  { ok: true; conversationId: string; expiresAt: Date; notAfter?: Date } | { ok: false; reason: 'unknown' | 'expired' };

/** 256 random bits, URL-safe: unguessable, and safe in a header. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Direct Line tokens. One conversation, one token at a time (plus the previous one during the grace
 * period after a refresh). Only a hash is stored, so a copy of the store does not hand out sessions.
 */
export class TokenService {
  private readonly cache = new Map<string, TokenRecord>();

  constructor(
    private readonly documents: DocumentStore,
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
    private readonly graceSeconds: number,
    /** Refreshing extends a token up to this many seconds after the conversation's first token. */
    private readonly maxLifetimeSeconds: number = Number.POSITIVE_INFINITY,
    /**
     * Off when instances share the store: a refresh on another instance shortens the old token, and a
     * cached copy here would keep honouring it past the grace period.
     */
    private readonly useCache = true,
  ) {}

  /** A token for the conversation; `notAfter` carries a refreshed conversation's absolute end. */
  async issue(conversationId: string, notAfter?: Date): Promise<{ token: string; expiresIn: number }> {
    const token = newSecret();
    const now = this.clock.now().getTime();
    const end = notAfter?.getTime() ?? now + this.maxLifetimeSeconds * 1000;
    const expiresAt = Math.min(now + this.ttlSeconds * 1000, end);
    const record: TokenRecord = {
      conversationId,
      expiresAt: new Date(expiresAt).toISOString(),
      ...(Number.isFinite(end) ? { notAfter: new Date(end).toISOString() } : {}),
    };
    await this.documents.put(TOKENS, hash(token), record);
    if (this.useCache) this.cache.set(hash(token), record);
    return { token, expiresIn: Math.floor((expiresAt - now) / 1000) };
  }

  async check(token: string): Promise<TokenCheck> {
    const key = hash(token);
    let record = this.useCache ? this.cache.get(key) : undefined;
    if (!record) {
      record = (await this.documents.get<TokenRecord>(TOKENS, key))?.value;
      if (!record) return { ok: false, reason: 'unknown' };
      if (this.useCache) this.cache.set(key, record);
    }
    const expiresAt = new Date(record.expiresAt);
    if (expiresAt.getTime() <= this.clock.now().getTime()) return { ok: false, reason: 'expired' };
    return {
      ok: true,
      conversationId: record.conversationId,
      expiresAt,
      ...(record.notAfter ? { notAfter: new Date(record.notAfter) } : {}),
    };
  }

  /** Seconds the token has left (0 when unknown or expired). */
  async secondsLeft(token: string): Promise<number> {
    const c = await this.check(token);
    return c.ok ? Math.max(0, Math.floor((c.expiresAt.getTime() - this.clock.now().getTime()) / 1000)) : 0;
  }

  /**
   * A new token for the same conversation. The old one stays valid for the grace period, because
   * requests already in flight still carry it.
   */
  async refresh(token: string): Promise<TokenCheck & { token?: string; expiresIn?: number }> {
    const c = await this.check(token);
    if (!c.ok) return c;
    // A conversation's end is fixed when it starts: refreshing never moves it (a record from before
    // lifetimes existed gets one now).
    const now = this.clock.now().getTime();
    const notAfter = c.notAfter ?? new Date(now + this.maxLifetimeSeconds * 1000);
    if (notAfter.getTime() - now < 1000) return { ok: false, reason: 'expired' };
    const fresh = await this.issue(c.conversationId, Number.isFinite(notAfter.getTime()) ? notAfter : undefined);
    const graceEnd = this.clock.now().getTime() + this.graceSeconds * 1000;
    if (c.expiresAt.getTime() > graceEnd) {
      const shortened = { conversationId: c.conversationId, expiresAt: new Date(graceEnd).toISOString() };
      await this.documents.put(TOKENS, hash(token), shortened);
      if (this.useCache) this.cache.set(hash(token), shortened);
    }
    return { ...c, token: fresh.token, expiresIn: fresh.expiresIn };
  }

  /** Deletes expired tokens; returns how many. */
  async purgeExpired(): Promise<number> {
    const now = this.clock.now().getTime();
    let removed = 0;
    for (const doc of await this.documents.list<TokenRecord>(TOKENS)) {
      if (Date.parse(doc.value.expiresAt) <= now) {
        await this.documents.delete(TOKENS, doc.key);
        this.cache.delete(doc.key);
        removed++;
      }
    }
    return removed;
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
