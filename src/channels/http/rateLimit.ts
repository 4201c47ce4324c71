import type { RateCounter, RateDecision } from '../../domain/ports';

export type { RateDecision };

/**
 * Rate limiting keyed by a string (a Direct Line token, a client address, an address and user name).
 * With a shared counter (PostgreSQL, any number of instances) the limit holds across instances: a
 * minute's window per key, counted in the database. Without one (lowdb, memory: one process) it is a
 * token bucket in memory, which also lets a short burst through.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    readonly perMinute: number,
    readonly burst: number = Math.max(1, Math.ceil(perMinute / 3)),
    private readonly now: () => number = Date.now,
    /** Counted across instances under this bucket name. */
    private readonly shared?: { counter: RateCounter; bucket: string },
  ) {
    this.perMs = perMinute / 60_000;
  }

  take(key: string): Promise<RateDecision> {
    if (this.shared) return this.shared.counter.take(this.shared.bucket, key, this.perMinute);
    return Promise.resolve(this.takeLocal(key));
  }

  /** Whether one more request would be allowed now, without spending it. */
  peek(key: string): Promise<RateDecision> {
    if (this.shared) return this.shared.counter.peek(this.shared.bucket, key, this.perMinute);
    return Promise.resolve(this.peekLocal(key));
  }

  private takeLocal(key: string): RateDecision {
    const t = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (t - bucket.at) * this.perMs);
    bucket.at = t;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 50_000) this.sweep(t);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, retryAfterSeconds: 0 };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  private peekLocal(key: string): RateDecision {
    const b = this.buckets.get(key);
    if (!b) return { ok: true, retryAfterSeconds: 0 };
    const tokens = Math.min(this.burst, b.tokens + (this.now() - b.at) * this.perMs);
    if (tokens >= 1) return { ok: true, retryAfterSeconds: 0 };
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
  }

  /** Forgets buckets that have refilled completely: they carry no information. */
  private sweep(t: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (t - b.at) * this.perMs >= this.burst) this.buckets.delete(key);
    }
  }
}
