/**
 * npm run soak: 200 concurrent Direct Line conversations for 60 s against the real assistant, on lowdb
 * and then on PostgreSQL (a fresh database, dropped afterwards). Each visitor asks, polls every 300 ms
 * until the reply, pauses, asks again. Prints turns, client timeouts (no reply within 10 s), connection
 * resets, 5xx, 429, reply latency, /healthz during the load, and server RSS in the middle and at the end.
 * Goal: 0 timeouts, 0 resets, 0 5xx, RSS at the end within 10 % of the middle.
 *
 * SOAK_CONVERSATIONS (200), SOAK_SECONDS (60), SOAK_STORES (lowdb,postgres), SOAK_PORT (4610),
 * SOAK_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres: where the scratch database is made).
 * Rate limits are raised in the server so that 429s do not mask it (see README for the defaults).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

const N = Number(process.env.SOAK_CONVERSATIONS ?? 200);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const STORES = (process.env.SOAK_STORES ?? 'lowdb,postgres').split(',');
const PORT = Number(process.env.SOAK_PORT ?? 4610);
const ADMIN_URL = process.env.SOAK_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const POLL_MS = 300;
const THINK_MS = 2000;
const TURN_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 10_000;
const QUESTIONS = ['你好', '居住证怎么办理', '需要什么材料', '办理要多久', '上海居住登记在哪里办', '谢谢'];

const agent = new http.Agent({ keepAlive: true, maxSockets: 2000 });

interface Counters {
  turns: number;
  timeouts: number;
  resets: number;
  errors5xx: number;
  limited429: number;
  otherErrors: number;
  latencies: number[];
  healthFailures: number;
  healthSamples: number;
}

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

function call<T = unknown>(
  base: string,
  method: string,
  p: string,
  token: string | undefined,
  body?: unknown,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<T> {
  const url = new URL(base + p);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (payload !== undefined) headers['content-length'] = Buffer.byteLength(payload);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 400) return reject(new HttpStatusError(res.statusCode ?? 0));
          resolve((text ? JSON.parse(text) : undefined) as T);
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

function classify(err: unknown, c: Counters): void {
  if (err instanceof HttpStatusError) {
    if (err.status >= 500) c.errors5xx++;
    else if (err.status === 429) c.limited429++;
    else c.otherErrors++;
    return;
  }
  const code = (err as { code?: string }).code;
  if (code === 'ECONNRESET' || code === 'EPIPE') c.resets++;
  else if (code === 'ETIMEDOUT') c.timeouts++;
  else c.otherErrors++;
}

interface BotActivity {
  id: string;
  type: string;
  from?: { role?: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function visitor(base: string, i: number, until: number, c: Counters): Promise<void> {
  let token: string;
  let conversationId: string;
  try {
    const gen = await call<{ token: string }>(base, 'POST', '/v3/directline/tokens/generate', undefined, {
      user: { id: `soak${i}` },
    });
    token = gen.token;
    const conv = await call<{ conversationId: string }>(base, 'POST', '/v3/directline/conversations', token, {});
    conversationId = conv.conversationId;
  } catch (err) {
    classify(err, c);
    return;
  }
  let watermark = '';
  let turn = 0;
  await sleep(Math.random() * THINK_MS);
  while (Date.now() < until) {
    const text = QUESTIONS[(i + turn++) % QUESTIONS.length];
    const sent = performance.now();
    try {
      const posted = await call<{ id: string }>(
        base,
        'POST',
        `/v3/directline/conversations/${conversationId}/activities`,
        token,
        {
          type: 'message',
          text,
          from: { id: `soak${i}` },
        },
      );
      const mine = Number(posted.id.split('|')[1]);
      let answered = false;
      while (!answered && performance.now() - sent < TURN_TIMEOUT_MS) {
        await sleep(POLL_MS);
        const page = await call<{ watermark: string; activities: BotActivity[] }>(
          base,
          'GET',
          `/v3/directline/conversations/${conversationId}/activities?watermark=${watermark}`,
          token,
        );
        watermark = page.watermark;
        answered = page.activities.some(
          (a) => a.type === 'message' && a.from?.role === 'bot' && Number(a.id.split('|')[1]) > mine,
        );
      }
      if (answered) {
        c.turns++;
        c.latencies.push(performance.now() - sent);
      } else c.timeouts++;
    } catch (err) {
      classify(err, c);
    }
    await sleep(THINK_MS * (0.5 + Math.random()));
  }
}

function startServer(store: string, databaseUrl?: string): Promise<ChildProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BENCH_BOT: 'assistant',
    BENCH_STORE: store,
    BENCH_PORT: String(PORT),
  };
  delete env.DATABASE_URL;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const child = fork(path.join(__dirname, 'directlineServer.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`soak server exited with ${code}`)));
  });
}

function rss(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (m: { rssMb: number }) => resolve(m.rssMb));
    child.send({ type: 'stats' });
  });
}

async function waitHealthy(base: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      await call(base, 'GET', '/healthz', undefined, undefined, 2000);
      return;
    } catch {
      await sleep(500);
    }
  }
  throw new Error('server never became healthy');
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(s.length * p))];
};

async function soak(store: string): Promise<void> {
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  if (store === 'postgres') {
    dbName = `banshi_wt16_soak_${randomBytes(3).toString('hex')}`;
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    databaseUrl = ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
  }
  const child = await startServer(store, databaseUrl);
  const base = `http://127.0.0.1:${PORT}`;
  try {
    await waitHealthy(base);
    const c: Counters = {
      turns: 0,
      timeouts: 0,
      resets: 0,
      errors5xx: 0,
      limited429: 0,
      otherErrors: 0,
      latencies: [],
      healthFailures: 0,
      healthSamples: 0,
    };
    const until = Date.now() + SECONDS * 1000;
    const health = setInterval(() => {
      c.healthSamples++;
      call(base, 'GET', '/healthz', undefined, undefined, 2000).catch(() => c.healthFailures++);
    }, 2000);
    let middle = NaN;
    const mid = setTimeout(() => void rss(child).then((m) => (middle = m)), (SECONDS * 1000) / 2);
    await Promise.all(Array.from({ length: N }, (_, i) => visitor(base, i, until, c)));
    clearInterval(health);
    clearTimeout(mid);
    const end = await rss(child);
    const ms = (x: number) => `${Math.round(x)} ms`;
    process.stdout.write(
      `${store}: ${N} conversations, ${SECONDS} s: ${c.turns} turns answered, timeouts ${c.timeouts}, resets ${c.resets}, ` +
        `5xx ${c.errors5xx}, 429 ${c.limited429}, other errors ${c.otherErrors}; reply latency p50 ${ms(pct(c.latencies, 0.5))} ` +
        `p99 ${ms(pct(c.latencies, 0.99))} max ${ms(pct(c.latencies, 1))}; /healthz failed ${c.healthFailures}/${c.healthSamples}; ` +
        `RSS middle ${middle} MB, end ${end} MB (${(((end - middle) / middle) * 100).toFixed(1)} %)\n`,
    );
  } finally {
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.send({ type: 'stop' });
      setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
    });
    if (dbName) {
      const admin = new Client({ connectionString: ADMIN_URL });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    }
  }
}

async function main(): Promise<void> {
  for (const store of STORES) await soak(store);
  agent.destroy();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
