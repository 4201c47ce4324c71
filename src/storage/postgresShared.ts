import { Client, Pool, type PoolConfig } from 'pg';
import type { Coordination, SequenceLog } from '../domain/ports';
import type { Logger } from '../logger';
import { assertKey, jsonCopy } from './storeInput';

/**
 * What several app instances on one database share beyond rows: a sequence log whose numbers are
 * allocated in the insert, advisory locks, and LISTEN/NOTIFY fan-out.
 */

const LOCK_WAIT = '20s';
const RECONNECT_MS = 1000;

export function postgresSequenceLog(
  query: <R extends object>(text: string, values?: unknown[]) => Promise<{ rows: R[]; rowCount: number }>,
): SequenceLog {
  return {
    async append(stream, value) {
      assertKey(stream);
      // The upsert takes the stream row's lock until the statement commits, so concurrent appends from
      // any instance get consecutive numbers and none is reused or skipped.
      const { rows } = await query<{ seq: string }>(
        `WITH s AS (
           INSERT INTO log_streams AS ls (stream, next_seq) VALUES ($1, 2)
           ON CONFLICT (stream) DO UPDATE SET next_seq = ls.next_seq + 1
           RETURNING next_seq - 1 AS seq)
         INSERT INTO log_entries (stream, seq, value) SELECT $1, seq, $2::jsonb FROM s RETURNING seq`,
        [stream, JSON.stringify(jsonCopy(value))],
      );
      return Number(rows[0].seq);
    },
    async since<T>(stream: string, after: number, limit = 1000) {
      assertKey(stream);
      const { rows } = await query<{ seq: string; value: T }>(
        'SELECT seq, value FROM log_entries WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [stream, Math.max(0, Math.floor(after)), limit],
      );
      return rows.map((r) => ({ seq: Number(r.seq), value: r.value }));
    },
    async replace(stream, seq, value) {
      assertKey(stream);
      const { rowCount } = await query('UPDATE log_entries SET value = $3::jsonb WHERE stream = $1 AND seq = $2', [
        stream,
        seq,
        JSON.stringify(jsonCopy(value)),
      ]);
      return rowCount > 0;
    },
    async remove(stream, seq) {
      assertKey(stream);
      const { rowCount } = await query('DELETE FROM log_entries WHERE stream = $1 AND seq = $2', [stream, seq]);
      return rowCount > 0;
    },
    async purgeBefore(cutoff) {
      // The stream rows stay: a later append must never reuse a number a client has seen.
      const { rowCount } = await query('DELETE FROM log_entries WHERE created_at < $1', [cutoff]);
      return rowCount;
    },
    async drop(stream) {
      assertKey(stream);
      // Erasure: the stream's counter goes too (its name holds the conversation id). The conversation
      // itself is erased with it, so no client can append to it and see a number come back.
      const { rowCount } = await query(
        'WITH gone AS (DELETE FROM log_streams WHERE stream = $1) DELETE FROM log_entries WHERE stream = $1',
        [stream],
      );
      return rowCount;
    },
  };
}

export interface PostgresCoordination extends Coordination {
  /** Opens the LISTEN connection; resolves once notices are being received. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Advisory locks on their own small pool (a waiting lock holds its connection, and must not starve the
 * queries the lock holder runs), and one dedicated LISTEN connection per instance: NOTIFY does not
 * pass through a transaction-mode pooler and is never replayed, so after a reconnect subscribers get
 * a `reconnected` call and should drop whatever they cached.
 */
export function postgresCoordination(
  config: PoolConfig,
  schema: string | undefined,
  logger: Logger,
): PostgresCoordination {
  const prefix = `${schema ?? 'public'}:`;
  const channel = `banshi_${schema ?? 'public'}`;
  const locks = new Pool({ ...config, max: 20 });
  locks.on('error', (err) => logger.error({ err }, 'PostgreSQL lock connection error'));
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let listener: Client | undefined;
  let connecting: Promise<void> | undefined;
  let closed = false;

  const deliver = (topic: string, payload: string) => {
    for (const h of handlers.get(topic) ?? []) {
      try {
        h(payload);
      } catch (err) {
        logger.error({ err, topic }, 'notification handler failed');
      }
    }
  };

  const listen = (): Promise<void> => {
    if (connecting) return connecting;
    connecting = (async () => {
      const client = new Client(config);
      client.on('error', (err) => logger.warn({ err }, 'PostgreSQL listener error'));
      client.on('notification', (msg) => {
        if (!msg.payload) return;
        try {
          const { t, p } = JSON.parse(msg.payload) as { t: string; p: string };
          deliver(t, p);
        } catch (err) {
          logger.warn({ err }, 'unreadable notification');
        }
      });
      client.on('end', () => {
        listener = undefined;
        connecting = undefined;
        if (closed) return;
        setTimeout(() => {
          if (closed) return;
          void listen()
            .then(() => deliver('reconnected', ''))
            .catch((err: unknown) => logger.warn({ err }, 'PostgreSQL listener reconnect failed'));
        }, RECONNECT_MS).unref();
      });
      await client.connect();
      await client.query(`LISTEN "${channel}"`);
      listener = client;
    })();
    connecting.catch(() => {
      connecting = undefined;
    });
    return connecting;
  };

  return {
    start: listen,

    async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const client = await locks.connect();
      let held = false;
      try {
        await client.query(`SET lock_timeout = '${LOCK_WAIT}'`);
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [prefix + name]);
        held = true;
      } catch (err) {
        // Running unlocked beats failing the turn: the state's eTag check still catches a race.
        logger.warn({ err, lock: name }, 'advisory lock not obtained; running without it');
      }
      try {
        return await fn();
      } finally {
        if (held) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [prefix + name]).catch(() => undefined);
        client.release(!held);
      }
    },

    async publish(topic, payload) {
      await locks.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify({ t: topic, p: payload })]);
    },

    subscribe(topic, handler) {
      let set = handlers.get(topic);
      if (!set) handlers.set(topic, (set = new Set()));
      set.add(handler);
      if (!listener) void listen().catch((err: unknown) => logger.warn({ err }, 'PostgreSQL listener failed'));
      return () => set.delete(handler);
    },

    async close() {
      closed = true;
      await listener?.end().catch(() => undefined);
      await locks.end();
    },
  };
}
