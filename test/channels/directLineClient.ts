import type { Activity } from 'botbuilder';
import { createApp, type App, type ChannelPlugin } from '../../src/app';
import type { ActivityHandler } from 'botbuilder';
import type { Server } from 'restify';
import { loadConfig, type Config } from '../../src/config';
import type { FileStore } from '../../src/domain/files';
import type { Clock, Store } from '../../src/domain/ports';
import { createLogger } from '../../src/logger';
import { createMemoryStore } from '../../src/storage/memoryStore';
import { EchoBot } from '../../src/channels/echoBot';

export interface Running {
  app: App;
  store: Store;
  base: string;
  stop(closeStore?: boolean): Promise<void>;
}

/** Listens on a free loopback port and returns the server's base URL. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  return `http://127.0.0.1:${server.address().port}`;
}

/** A real server on a free loopback port, memory store unless one is given. */
export async function startServer(
  options: {
    env?: Record<string, string>;
    store?: Store;
    bot?: ActivityHandler;
    clock?: Clock;
    isReady?: () => boolean;
    plugins?: ChannelPlugin[];
    files?: FileStore;
  } = {},
): Promise<Running> {
  const config: Config = loadConfig({ LOG_LEVEL: 'silent', ...options.env });
  const store = options.store ?? createMemoryStore();
  const app = await createApp({
    config,
    store,
    bot: options.bot ?? new EchoBot(),
    log: createLogger('silent'),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.isReady ? { isReady: options.isReady } : {}),
    ...(options.plugins ? { plugins: options.plugins } : {}),
    ...(options.files ? { files: options.files } : {}),
  });
  const base = await listenOnLoopback(app.server);
  return {
    app,
    store,
    base,
    async stop(closeStore = true) {
      await app.close();
      if (closeStore) await store.close();
    },
  };
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** The JSON shapes the tests read back; `request<T>` types a reply's body with one of them. */
export interface ErrorBody {
  error: { code: string; message: string };
}
export interface TokenBody {
  token: string;
  conversationId: string;
  expires_in?: number;
}
export interface ConversationBody {
  conversationId: string;
  token?: string;
}
/** An activity as the tests see it on the wire; channelData carries Web Chat's client id. */
export type WireActivity = Omit<Partial<Activity>, 'channelData'> & {
  channelData?: { clientActivityID?: string; [key: string]: unknown };
};
export interface ActivitySetBody {
  activities: WireActivity[];
  watermark: string;
}

export async function request<T = unknown>(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | Buffer | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/** A Direct Line client doing what Web Chat does, for API tests and the benchmark. */
export class DirectLineTestClient {
  conversationId = '';
  token = '';
  watermark = '';
  readonly seen: WireActivity[] = [];

  constructor(readonly base: string) {}

  async start(userId = 'visitor1'): Promise<void> {
    const gen = await request<TokenBody>(this.base, 'POST', '/v3/directline/tokens/generate', {
      body: { user: { id: userId } },
    });
    if (gen.status !== 200) throw new Error(`generate: ${gen.status}`);
    this.token = gen.body.token;
    const conv = await request<ConversationBody>(this.base, 'POST', '/v3/directline/conversations', {
      token: this.token,
      body: { user: { id: userId } },
    });
    if (conv.status !== 201) throw new Error(`start: ${conv.status}`);
    this.conversationId = conv.body.conversationId;
  }

  async send(
    text: string,
    clientActivityID = `c${Math.random().toString(36).slice(2)}`,
  ): Promise<Reply<{ id: string }>> {
    return request(this.base, 'POST', `/v3/directline/conversations/${this.conversationId}/activities`, {
      token: this.token,
      body: { type: 'message', text, from: { id: 'visitor1' }, channelData: { clientActivityID } },
    });
  }

  async poll(): Promise<WireActivity[]> {
    const r = await request<ActivitySetBody>(
      this.base,
      'GET',
      `/v3/directline/conversations/${this.conversationId}/activities?watermark=${this.watermark}`,
      { token: this.token },
    );
    if (r.status !== 200) throw new Error(`poll: ${r.status}`);
    this.watermark = r.body.watermark;
    this.seen.push(...r.body.activities);
    return r.body.activities;
  }

  /** Polls until a bot message matching `predicate` arrives. */
  async waitForBot(
    predicate: (a: Partial<Activity>) => boolean = () => true,
    timeoutMs = 3000,
  ): Promise<Partial<Activity>> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.seen.find((a) => a.from?.role === 'bot' && a.type === 'message' && predicate(a));
      if (found) return found;
      if (Date.now() > end) throw new Error('no bot reply in time');
      await this.poll();
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
