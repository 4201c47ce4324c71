import { randomBytes } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { Client } from 'pg';
import { DocumentStoreStorage, EtagConversationState } from '../../src/dialogs/stateStorage';
import type { Store } from '../../src/domain/ports';
import { createLogger } from '../../src/logger';
import { createPostgresStore } from '../../src/storage/postgresStore';
import { CountingBot, eventually, PASSWORD, startHandoffServer, type HandoffServer } from './console/harness';
import { request } from './directLineClient';
import { StreamClient } from './streamClient';

/**
 * Two servers on one PostgreSQL schema, as behind a load balancer with no sticky sessions: whichever
 * instance a request reaches, the resident sees one history, every turn is answered once, and staff
 * actions and console events cross instances. (Reminders firing once with two instances is covered in
 * backoffice/reminderScheduler.test.ts.)
 */
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `banshi_two_${randomBytes(4).toString('hex')}`;

let stores: Store[] = [];
let a: HandoffServer;
let b: HandoffServer;

async function startOn(store: Store): Promise<HandoffServer> {
  return startHandoffServer({
    store,
    bot: (setup, s) => {
      const bot = new CountingBot(new EtagConversationState(new DocumentStoreStorage(s.documents)));
      bot.hook = setup.service;
      return bot;
    },
  });
}

beforeAll(async () => {
  stores = [
    await createPostgresStore(DATABASE_URL, { schema, logger: createLogger('silent') }),
    await createPostgresStore(DATABASE_URL, { schema, logger: createLogger('silent') }),
  ];
  a = await startOn(stores[0]);
  b = await startOn(stores[1]);
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

/** One resident whose requests may go to either instance. */
class Resident {
  conversationId = '';
  token = '';

  async start(on: HandoffServer, userId: string): Promise<void> {
    const gen = await request<{ token: string }>(on.base, 'POST', '/v3/directline/tokens/generate', {
      body: { user: { id: userId } },
    });
    this.token = gen.body.token;
    const conv = await request<{ conversationId: string }>(on.base, 'POST', '/v3/directline/conversations', {
      token: this.token,
    });
    expect(conv.status).toBe(201);
    this.conversationId = conv.body.conversationId;
  }

  async send(on: HandoffServer, text: string): Promise<void> {
    const r = await request(on.base, 'POST', `/v3/directline/conversations/${this.conversationId}/activities`, {
      token: this.token,
      body: { type: 'message', text, from: { id: 'resident' } },
    });
    expect(r.status).toBe(200);
  }

  async all(on: HandoffServer, watermark = ''): Promise<{ activities: Partial<Activity>[]; watermark: string }> {
    const r = await request<{ activities: Partial<Activity>[]; watermark: string }>(
      on.base,
      'GET',
      `/v3/directline/conversations/${this.conversationId}/activities?watermark=${watermark}`,
      { token: this.token },
    );
    expect(r.status).toBe(200);
    return r.body;
  }

  async botTexts(on: HandoffServer): Promise<string[]> {
    return (await this.all(on)).activities
      .filter((x) => x.from?.role === 'bot' && x.type === 'message')
      .map((x) => x.text ?? '');
  }

  waitForBot(on: HandoffServer, pattern: RegExp, timeoutMs = 5000): Promise<string> {
    return eventually(async () => (await this.botTexts(on)).find((t) => pattern.test(t)), timeoutMs);
  }
}

const seqOf = (id: string | undefined) => Number((id ?? '').split('|')[1]);

describe('two servers on one PostgreSQL', () => {
  it('keeps one gap-free, ordered log for a conversation whose requests alternate between them', async () => {
    const r = new Resident();
    await r.start(a, 'alternating');
    for (let i = 1; i <= 8; i++) {
      const [to, from] = i % 2 === 1 ? [a, b] : [b, a];
      await r.send(to, `问题${i}`);
      // The reply is read from the other instance.
      await r.waitForBot(from, new RegExp(`^第${i}条：问题${i}$`));
    }
    const fromA = await r.all(a);
    const fromB = await r.all(b);
    expect(fromB).toEqual(fromA);
    const seqs = fromA.activities.map((x) => seqOf(x.id));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(fromA.watermark).toBe(String(seqs.length));
    const lines = fromA.activities.filter((x) => x.type === 'message').map((x) => x.text);
    expect(lines).toEqual(Array.from({ length: 8 }, (_, i) => [`问题${i + 1}`, `第${i + 1}条：问题${i + 1}`]).flat());
    // A client holding a watermark sees exactly what came after it, from either instance.
    expect((await r.all(b, '4')).activities.map((x) => seqOf(x.id))[0]).toBe(5);
  });

  it('answers every one of many concurrent turns once, in order, with no lost state', async () => {
    const r = new Resident();
    await r.start(b, 'concurrent');
    await Promise.all(Array.from({ length: 8 }, (_, i) => r.send(i % 2 === 0 ? a : b, `并发${i}`)));
    await eventually(async () => (await r.botTexts(a)).length >= 8, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const replies = await r.botTexts(b);
    // Each turn read the state the previous one saved: numbers 1..8, none twice, no error reply.
    expect(replies.map((t) => Number(/^第(\d+)条/.exec(t)?.[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const asked = new Set(Array.from({ length: 8 }, (_, i) => `并发${i}`));
    expect(new Set(replies.map((t) => t.replace(/^第\d+条：/, '')))).toEqual(asked);
  });

  it('silences the bot on B once staff take the conversation over on A, and delivers staff replies through B', async () => {
    const r = new Resident();
    await r.start(b, 'takeover');
    await r.send(b, '转人工');
    await r.waitForBot(b, /已为您转人工/);
    const li = await a.login('li', PASSWORD);
    expect((await a.api('POST', `/conversations/${r.conversationId}/claim`, { cookie: li })).status).toBe(200);
    await r.waitForBot(b, /工作人员李明已接入/);
    await r.send(b, '我的居住证丢了怎么办');
    const sent = await a.api('POST', `/conversations/${r.conversationId}/messages`, {
      cookie: li,
      body: { text: '请先挂失。' },
    });
    expect(sent.status).toBe(200);
    await r.waitForBot(b, /^工作人员 李明：请先挂失。$/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await r.botTexts(b)).some((t) => /^第\d+条/.test(t))).toBe(false);
    // The staff reply from A and the resident's message on B got distinct, consecutive ids.
    const seqs = (await r.all(a)).activities.map((x) => seqOf(x.id));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('sends console events from A to a console connected to B', async () => {
    const wang = await b.login('wang', PASSWORD);
    const controller = new AbortController();
    const res = await fetch(`${b.base}/console/api/events`, { headers: { cookie: wang }, signal: controller.signal });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let received = '';
    const r = new Resident();
    await r.start(a, 'console-events');
    try {
      // The stream is open once its first bytes arrive; only then can it miss nothing.
      received += new TextDecoder().decode((await reader.read()).value);
      await r.send(a, '转人工');
      const deadline = Date.now() + 5000;
      while (!received.includes(r.conversationId) && Date.now() < deadline) {
        const chunk = await Promise.race([
          reader.read(),
          new Promise<{ value?: Uint8Array }>((resolve) => setTimeout(() => resolve({ value: undefined }), 500)),
        ]);
        if (chunk.value) received += new TextDecoder().decode(chunk.value);
      }
    } finally {
      controller.abort();
    }
    expect(received).toMatch(new RegExp(`event: (changed|entry)\\ndata: \\{"conversationId":"${r.conversationId}"`));
  });

  it('streams to a WebSocket on B the reply to a message posted to A', async () => {
    const r = new Resident();
    await r.start(a, 'streaming');
    const ticket = await request<{ streamUrl: string }>(
      b.base,
      'GET',
      `/v3/directline/conversations/${r.conversationId}`,
      {
        token: r.token,
      },
    );
    const stream = await StreamClient.open(ticket.body.streamUrl);
    try {
      await r.send(a, '流式');
      const reply = await stream.waitFor((x) => x.from?.role === 'bot' && /流式/.test(x.text ?? ''));
      expect(reply.text).toBe('第1条：流式');
      const ids = stream.received.map((x) => seqOf(x.id));
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      stream.close();
    }
  });
});
