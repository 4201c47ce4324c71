import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateCounter, RateDecision } from '../domain/ports';
import type { Logger } from '../logger';

const WINDOW_SECONDS = 60;

/** Keys are tokens, addresses and user names: hashed when long, so they fit the table's key column. */
const keyOf = (key: string): string => (key.length <= 180 ? key : createHash('sha256').update(key).digest('hex'));

const refused = (res: RateLimiterRes): RateDecision => ({
  ok: false,
  retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
});

/**
 * Rate limits shared by every instance on one PostgreSQL (rate-limiter-flexible, table rate_limits
 * from migration 3): one upsert per counted request. While the database cannot be reached each
 * instance counts on its own (the library's insurance limiter), so a database hiccup neither lets a
 * flood through unlimited nor refuses everyone.
 */
export function postgresRateCounter(pool: Pool, logger?: Logger): RateCounter {
  const limiters = new Map<string, RateLimiterPostgres>();
  const limiter = (bucket: string, perMinute: number): RateLimiterPostgres => {
    const name = `${bucket}:${perMinute}`;
    let found = limiters.get(name);
    if (!found) {
      found = new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        tableName: 'rate_limits',
        tableCreated: true,
        keyPrefix: bucket,
        points: perMinute,
        duration: WINDOW_SECONDS,
        clearExpiredByTimeout: false,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: bucket, points: perMinute, duration: WINDOW_SECONDS }),
      });
      limiters.set(name, found);
    }
    return found;
  };
  return {
    async take(bucket, key, perMinute) {
      try {
        await limiter(bucket, perMinute).consume(keyOf(key));
        return { ok: true, retryAfterSeconds: 0 };
      } catch (err) {
        if (err instanceof RateLimiterRes) return refused(err);
        logger?.warn({ err, bucket }, 'rate limit counter failed; request allowed');
        return { ok: true, retryAfterSeconds: 0 };
      }
    },
    async peek(bucket, key, perMinute) {
      try {
        const res = await limiter(bucket, perMinute).get(keyOf(key));
        return res && res.remainingPoints <= 0 ? refused(res) : { ok: true, retryAfterSeconds: 0 };
      } catch (err) {
        logger?.warn({ err, bucket }, 'rate limit counter failed; request allowed');
        return { ok: true, retryAfterSeconds: 0 };
      }
    },
  };
}
