import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { request, type ActivitySetBody, type TokenBody, type WireActivity } from './directLineClient';

/**
 * kill -9 under load, on each store: a server process is killed without warning while conversations
 * are posting and polling, and a new process starts on the same data. A client that keeps its token and
 * watermark must then see no id at or below what it already saw handed out again (ids never go back), and
 * no activity hidden below its watermark (every stored activity up to the watermark is one it was shown).
 * The echo bot stands in for the assistant: the log, tokens and watermarks are the channel's, not the bot's.
 */
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONVERSATIONS = 12;
const MESSAGES_BEFORE_KILL = 60;

const seq = (a: WireActivity): number => Number(String(a.id).split('|')[1]);

async function startChild(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; base: string }> {
  const child = fork(path.join(__dirname, '..', '..', 'bench', 'directlineServer.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_BOT: 'echo', ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

interface Visitor {
  userId: string;
  conversationId: string;
  token: string;
  watermark: number;
  seen: Map<string, WireActivity>;
}

async function open(base: string, i: number): Promise<Visitor> {
  const gen = await request<TokenBody>(base, 'POST', '/v3/directline/tokens/generate', {
    body: { user: { id: `kill${i}` } },
  });
  const conv = await request<{ conversationId: string }>(base, 'POST', '/v3/directline/conversations', {
    token: gen.body.token,
    body: {},
  });
  return {
    userId: `kill${i}`,
    conversationId: conv.body.conversationId,
    token: gen.body.token,
    watermark: 0,
    seen: new Map(),
  };
}

/** One poll from the visitor's watermark; returns the HTTP status. */
async function poll(base: string, v: Visitor): Promise<number> {
  const r = await request<ActivitySetBody>(
    base,
    'GET',
    `/v3/directline/conversations/${v.conversationId}/activities?watermark=${v.watermark}`,
    { token: v.token },
  );
  if (r.status !== 200) return r.status;
  for (const a of r.body.activities) v.seen.set(String(a.id), a);
  if (r.body.watermark) v.watermark = Math.max(v.watermark, Number(r.body.watermark));
  return 200;
}

const post = (base: string, v: Visitor, text: string) =>
  request<{ id: string }>(base, 'POST', `/v3/directline/conversations/${v.conversationId}/activities`, {
    token: v.token,
    body: { type: 'message', from: { id: v.userId }, text },
  });

/** Posts and polls round-robin until `total` posts were accepted, then kills the server mid-flight. */
async function loadThenKill(base: string, child: ChildProcess, visitors: Visitor[], total: number): Promise<void> {
  let accepted = 0;
  const inFlight: Promise<unknown>[] = [];
  for (let round = 0; accepted < total && round < total; round++) {
    await Promise.all(
      visitors.map(async (v, i) => {
        const r = await post(base, v, `第${round}条 来自${i}`);
        if (r.status === 200) accepted++;
        await poll(base, v);
      }),
    );
  }
  // The kill lands while a last wave of posts and polls is on the wire.
  for (const v of visitors)
    inFlight.push(
      post(base, v, '最后一条').catch(() => undefined),
      poll(base, v).catch(() => undefined),
    );
  await kill9(child);
  await Promise.allSettled(inFlight);
}

interface Outcome {
  tokensLost: number;
  idsWentBack: number;
  hidden: number;
  shownThenLost: number;
  repliesAfterRestart: number;
}

async function afterRestart(base: string, visitors: Visitor[]): Promise<Outcome> {
  const out: Outcome = { tokensLost: 0, idsWentBack: 0, hidden: 0, shownThenLost: 0, repliesAfterRestart: 0 };
  for (const v of visitors) {
    const before = Math.max(0, ...[...v.seen.values()].map(seq));
    const sent = await post(base, v, '重启后还在吗');
    if (sent.status === 401 || sent.status === 403) {
      out.tokensLost++;
      continue;
    }
    expect(sent.status).toBe(200);
    if (Number(sent.body.id.split('|')[1]) <= before) out.idsWentBack++;
    // Wait (bounded) for the echo of the new message.
    for (
      let i = 0;
      i < 50 && ![...v.seen.values()].some((a) => a.from?.id !== v.userId && a.replyToId === sent.body.id);
      i++
    ) {
      const status = await poll(base, v);
      if (status !== 200) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    if ([...v.seen.values()].some((a) => a.replyToId === sent.body.id)) out.repliesAfterRestart++;
    // The whole log as stored now, against what this visitor was shown.
    const all = await request<ActivitySetBody>(
      base,
      'GET',
      `/v3/directline/conversations/${v.conversationId}/activities`,
      {
        token: v.token,
      },
    );
    const stored = all.body.activities;
    const ids = stored.map(seq);
    for (let i = 1; i < ids.length; i++) if (ids[i] <= ids[i - 1]) out.idsWentBack++;
    for (const a of stored) if (seq(a) <= before && !v.seen.has(String(a.id))) out.hidden++;
    const storedIds = new Set(stored.map((a) => String(a.id)));
    for (const id of v.seen.keys()) if (!storedIds.has(id)) out.shownThenLost++;
  }
  return out;
}

async function run(env: NodeJS.ProcessEnv): Promise<Outcome> {
  const first = await startChild(env);
  const visitors = await Promise.all(Array.from({ length: CONVERSATIONS }, (_, i) => open(first.base, i)));
  await loadThenKill(first.base, first.child, visitors, MESSAGES_BEFORE_KILL);
  const second = await startChild(env);
  try {
    return await afterRestart(second.base, visitors);
  } finally {
    await kill9(second.child);
  }
}

describe('kill -9 under load, then a restart on the same data', () => {
  it('lowdb: no id goes back and no reply hides below a watermark', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'banshi-kill-'));
    try {
      const out = await run({ BENCH_STORE: 'lowdb', BENCH_DATA_DIR: dir, DATABASE_URL: '' });
      if (process.env.KILL_REPORT) process.stderr.write(`lowdb after kill -9: ${JSON.stringify(out)}\n`);
      expect(out.idsWentBack).toBe(0);
      expect(out.hidden).toBe(0);
      // Conversations whose token reached the disk carry on and are answered.
      expect(out.repliesAfterRestart).toBe(CONVERSATIONS - out.tokensLost);
      expect(out.tokensLost).toBeLessThan(CONVERSATIONS);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('PostgreSQL: the same, and nothing a visitor was shown is lost (every write is committed first)', async () => {
    const db = `banshi_kill_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${db}"`);
    try {
      const url = new URL(ADMIN_URL);
      url.pathname = `/${db}`;
      const out = await run({ BENCH_STORE: 'postgres', DATABASE_URL: url.toString() });
      expect(out).toEqual({
        tokensLost: 0,
        idsWentBack: 0,
        hidden: 0,
        shownThenLost: 0,
        repliesAfterRestart: CONVERSATIONS,
      });
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);
});
