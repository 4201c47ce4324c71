/**
 * npm run bench: N concurrent Direct Line conversations on loopback, T turns each, against the bot
 * under test and then against the echo bot on the same server stack; prints turns/s, server-side
 * p50/p99 turn time, RSS, and the throughput ratio (goal: ≥ 0.8× echo, p99 ≤ 10 ms at N = 100).
 *
 * BENCH_BOT=assistant|echo (bot under test, default assistant = src/channels/botSelection.ts),
 * Then the reply latency over the WebSocket vs polling, and throughput on PostgreSQL with 1 vs 2 instances
 * (BENCH_POSTGRES=0 skips it; BENCH_DATABASE_URL names where scratch databases are made).
 *
 * Then upload throughput for a 1 MB photo (bench/uploads.ts; BENCH_UPLOADS=0 skips it).
 *
 * BENCH_CONVERSATIONS (100), BENCH_TURNS (10), BENCH_POLL_MS (300), BENCH_THINK_MS (500), BENCH_STORE=memory|lowdb, BENCH_QUESTIONS (a
 * '|'-separated list of messages the visitors cycle through).
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import WebSocket from 'ws';
import type { ActivitySetBody, TokenBody } from '../test/channels/directLineClient';
import { uploadThroughput } from './uploads';

const N = Number(process.env.BENCH_CONVERSATIONS ?? 100);
const TURNS = Number(process.env.BENCH_TURNS ?? 10);
const BOT = process.argv.find((a) => a.startsWith('--bot='))?.slice(6) ?? process.env.BENCH_BOT ?? 'assistant';
// Visitors do not type in lockstep: each pauses a random 0–THINK_MS before its next message.
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 500);
const QUESTIONS = (process.env.BENCH_QUESTIONS ?? '你好|居住证怎么办理|需要什么材料|办理要多久|谢谢').split('|');
// What the chat page uses. This sandbox's loopback tops out near 2,000 requests/s even for a bare
// Node server, so 100 visitors polling much faster would measure the machine, not the server.
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 300);

interface Stats {
  turns: { count: number; p50: number; p99: number; max: number };
  rssMb: number;
}
interface Result {
  bot: string;
  store: string;
  turnsPerSecond: number;
  clientP50: number;
  clientP99: number;
  server: Stats;
}

function startServer(
  bot: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ child: ChildProcess; port: number; store: string }> {
  const child = fork(path.join(__dirname, 'directlineServer.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_BOT: bot, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { type: string; port: number; store: string }) =>
      resolve({ child, port: m.port, store: m.store }),
    );
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

function ask<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m: T) => resolve(m));
    child.send({ type });
  });
}

// node:http with keep-alive: fetch() costs several times more CPU per request and would make the
// load generator, not the server, the bottleneck.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1000 });

function call<T>(base: string, method: string, p: string, token: string | undefined, body?: unknown): Promise<T> {
  const url = new URL(base + p);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (payload !== undefined) headers['content-length'] = Buffer.byteLength(payload);
  return new Promise<T>((resolve, reject) => {
    const req = http.request(
      { agent, method, hostname: url.hostname, port: url.port, path: url.pathname + url.search, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if ((res.statusCode ?? 500) >= 300) reject(new Error(`${method} ${p}: ${res.statusCode}`));
          else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** One visitor: start, wait for the welcome, then TURNS question/answer rounds. */
async function visitor(
  base: string | string[],
  index: number,
  latencies: number[],
  turns = TURNS,
  timed?: 'socket' | 'polling',
): Promise<void> {
  // With several instances (an array of bases) each request goes to the next one, as a load balancer
  // without sticky sessions would send it.
  const bases = Array.isArray(base) ? base : [base];
  let turn = index;
  const next = () => `${bases[turn++ % bases.length]}/v3/directline`;
  const dl = next();
  const gen = await call<TokenBody>(dl, 'POST', '/tokens/generate', undefined, { user: { id: `bench${index}` } });
  const token: string = gen.token;
  const id: string = gen.conversationId;
  const started = await call<{ streamUrl: string }>(next(), 'POST', '/conversations', token, {});
  if (timed) return timedVisitor(timed, started.streamUrl, next, id, token, index, latencies, turns);
  let watermark = '';
  const pollUntil = async (done: (a: { replyToId?: string; from?: { role?: string } }[]) => boolean): Promise<void> => {
    for (;;) {
      const page = await call<ActivitySetBody>(
        next(),
        'GET',
        `/conversations/${id}/activities?watermark=${watermark}`,
        token,
      );
      watermark = page.watermark;
      if (done(page.activities)) return;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };
  await pollUntil((acts) => acts.some((a) => a.from?.role === 'bot'));
  for (let t = 0; t < turns; t++) {
    await new Promise((r) => setTimeout(r, Math.random() * THINK_MS));
    const started = performance.now();
    const posted = await call<{ id: string }>(next(), 'POST', `/conversations/${id}/activities`, token, {
      type: 'message',
      text: QUESTIONS[(index + t) % QUESTIONS.length],
      channelData: { clientActivityID: `b${index}-${t}` },
    });
    await pollUntil((acts) => acts.some((a) => a.from?.role === 'bot' && a.replyToId === posted.id));
    latencies.push(performance.now() - started);
  }
}

/**
 * A Web Chat visitor timed from its POST to the reply's arrival: over the conversation's WebSocket, or
 * (mode "polling") by a poll on a fixed timer every POLL_MS, as DirectLineJS polls, independent of posts.
 */
async function timedVisitor(
  mode: 'socket' | 'polling',
  streamUrl: string,
  next: () => string,
  id: string,
  token: string,
  index: number,
  latencies: number[],
  turns: number,
): Promise<void> {
  const waiting = new Map<string, (at: number) => void>();
  const early = new Map<string, number>();
  let welcomed: () => void = () => undefined;
  const welcome = new Promise<void>((r) => (welcomed = r));
  const receive = (set: ActivitySetBody, at: number) => {
    for (const a of set.activities as { replyToId?: string; from?: { role?: string } }[]) {
      if (a.from?.role !== 'bot') continue;
      welcomed();
      if (!a.replyToId) continue;
      // Over the WebSocket a reply can arrive before the POST that caused it has answered.
      const waiter = waiting.get(a.replyToId);
      if (waiter) waiter(at);
      else if (!early.has(a.replyToId)) early.set(a.replyToId, at);
    }
  };
  let stop: () => void;
  if (mode === 'socket') {
    const ws = new WebSocket(streamUrl);
    ws.on('message', (data: Buffer) => {
      if (data.length > 0) receive(JSON.parse(data.toString('utf8')) as ActivitySetBody, performance.now());
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    stop = () => ws.close();
  } else {
    let watermark = '';
    let running = true;
    const loop = async () => {
      while (running) {
        const page = await call<ActivitySetBody>(
          next(),
          'GET',
          `/conversations/${id}/activities?watermark=${watermark}`,
          token,
        );
        watermark = page.watermark;
        receive(page, performance.now());
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };
    loop().catch(() => undefined);
    stop = () => {
      running = false;
    };
  }
  await welcome;
  for (let t = 0; t < turns; t++) {
    await new Promise((r) => setTimeout(r, Math.random() * THINK_MS));
    const sent = performance.now();
    let arrived: (at: number) => void = () => undefined;
    const reply = new Promise<number>((r) => (arrived = r));
    const posted = await call<{ id: string }>(next(), 'POST', `/conversations/${id}/activities`, token, {
      type: 'message',
      text: QUESTIONS[(index + t) % QUESTIONS.length],
      channelData: { clientActivityID: `s${index}-${t}` },
    });
    const already = early.get(posted.id);
    if (already !== undefined) arrived(already);
    else waiting.set(posted.id, arrived);
    latencies.push((await reply) - sent);
    waiting.delete(posted.id);
    early.delete(posted.id);
  }
  stop();
}

const quantile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
};

/** Reply latency as a Web Chat visitor sees it: over the WebSocket, and by polling every POLL_MS. */
async function latencyRun(bot: string, visitors: number): Promise<{ socket: number[]; polling: number[] }> {
  const { child, port } = await startServer(bot);
  const base = `http://127.0.0.1:${port}`;
  await Promise.all(Array.from({ length: visitors }, (_, i) => visitor(base, 20_000 + i, [], 2)));
  const socket: number[] = [];
  const polling: number[] = [];
  await Promise.all(Array.from({ length: visitors }, (_, i) => visitor(base, 30_000 + i, socket, TURNS, 'socket')));
  await Promise.all(Array.from({ length: visitors }, (_, i) => visitor(base, 40_000 + i, polling, TURNS, 'polling')));
  child.send({ type: 'stop' });
  setTimeout(() => child.kill(), 5000).unref();
  return { socket, polling };
}

/** Throughput on PostgreSQL with one instance, then two behind a round-robin "load balancer". */
async function postgresRun(bot: string, instances: number): Promise<{ turnsPerSecond: number; p99: number }> {
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `banshi_wt16_bench_${instances}_${Date.now().toString(36)}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  const env = { BENCH_STORE: 'postgres', DATABASE_URL: admin.replace(/\/[^/]*$/, `/${name}`) };
  const servers = [];
  for (let i = 0; i < instances; i++) servers.push(await startServer(bot, env));
  const bases = servers.map((s) => `http://127.0.0.1:${s.port}`);
  try {
    await Promise.all(Array.from({ length: N }, (_, i) => visitor(bases, 50_000 + i, [], 2)));
    for (const s of servers) s.child.send({ type: 'reset' });
    const started = performance.now();
    await Promise.all(Array.from({ length: N }, (_, i) => visitor(bases, 60_000 + i, [])));
    const turnsPerSecond = (N * TURNS) / ((performance.now() - started) / 1000);
    const stats = await Promise.all(servers.map((s) => ask<Stats>(s.child, 'stats')));
    return { turnsPerSecond, p99: Math.max(...stats.map((x) => x.turns.p99)) };
  } finally {
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.child.once('exit', () => resolve());
            s.child.send({ type: 'stop' });
            setTimeout(() => s.child.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  }
}

async function run(bot: string): Promise<Result> {
  const { child, port, store } = await startServer(bot);
  const base = `http://127.0.0.1:${port}`;
  // Warm-up: code paths compiled and the bot's caches filled before measuring.
  await Promise.all(Array.from({ length: N }, (_, i) => visitor(base, 10_000 + i, [], 2)));
  child.send({ type: 'reset' });
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: N }, (_, i) => visitor(base, i, latencies)));
  const seconds = (performance.now() - started) / 1000;
  const server = await ask<Stats>(child, 'stats');
  child.send({ type: 'stop' });
  // The child exits after a graceful close; do not let a slow close keep the benchmark alive.
  setTimeout(() => child.kill(), 5000).unref();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { bot, store, turnsPerSecond: (N * TURNS) / seconds, clientP50: q(0.5), clientP99: q(0.99), server };
}

function line(r: Result): string {
  return `${r.bot.padEnd(9)} store=${r.store.padEnd(6)} turns/s=${r.turnsPerSecond.toFixed(0).padStart(6)}  server p50=${r.server.turns.p50.toFixed(2)} ms p99=${r.server.turns.p99.toFixed(2)} ms max=${r.server.turns.max.toFixed(1)} ms  client round trip p50=${r.clientP50.toFixed(1)} ms p99=${r.clientP99.toFixed(1)} ms  server RSS=${r.server.rssMb} MB`;
}

/** The benchmark's report goes to stdout, one line each. */
const print = (text: string): void => void process.stdout.write(`${text}\n`);

async function main(): Promise<void> {
  print(
    `Direct Line benchmark: ${N} concurrent conversations × ${TURNS} turns, polling every ${POLL_MS} ms, think time 0–${THINK_MS} ms, loopback`,
  );
  const target = await run(BOT);
  const echo = await run('echo');
  print(line(target));
  print(line(echo));
  const ratio = target.turnsPerSecond / echo.turnsPerSecond;
  print(
    `throughput ratio ${BOT}/echo = ${ratio.toFixed(2)} (goal ≥ 0.80); ${BOT} server p99 = ${target.server.turns.p99.toFixed(2)} ms (goal ≤ 10 ms)`,
  );
  const visitors = Math.max(1, Math.round(N / 5));
  const latency = await latencyRun(BOT, visitors);
  print(
    `reply latency, ${visitors} visitors × ${TURNS} turns: WebSocket p50=${quantile(latency.socket, 0.5).toFixed(1)} ms p99=${quantile(latency.socket, 0.99).toFixed(1)} ms (goal p50 ≤ 50 ms); ` +
      `polling on a ${POLL_MS} ms timer (as Web Chat) p50=${quantile(latency.polling, 0.5).toFixed(1)} ms p99=${quantile(latency.polling, 0.99).toFixed(1)} ms`,
  );
  if (process.env.BENCH_UPLOADS !== '0') {
    const { child, port } = await startServer('echo', { BENCH_FILES: '1' });
    const up = await uploadThroughput(`http://127.0.0.1:${port}`);
    child.send({ type: 'stop' });
    setTimeout(() => child.kill(), 5000).unref();
    const mb = up.bytes / 1048576;
    print(
      `uploads: ${up.uploads} × ${(mb / up.uploads).toFixed(2)} MB photo through POST …/upload (checked + stored on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'lowdb files'}): ` +
        `${(up.uploads / up.seconds).toFixed(1)} uploads/s, ${(mb / up.seconds).toFixed(1)} MB/s, request p50=${up.p50.toFixed(1)} ms p99=${up.p99.toFixed(1)} ms`,
    );
  }
  if (process.env.BENCH_POSTGRES !== '0') {
    const one = await postgresRun(BOT, 1);
    const two = await postgresRun(BOT, 2);
    print(
      `PostgreSQL, ${N} conversations × ${TURNS} turns, requests alternating between instances: 1 instance ${one.turnsPerSecond.toFixed(0)} turns/s (server p99 ${one.p99.toFixed(1)} ms), ` +
        `2 instances ${two.turnsPerSecond.toFixed(0)} turns/s (server p99 ${two.p99.toFixed(1)} ms; ${(two.turnsPerSecond / one.turnsPerSecond).toFixed(2)}×)`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
