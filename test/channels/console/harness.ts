import { ActivityHandler, ConversationState, MemoryStorage, type TurnContext } from 'botbuilder';
import { loadConfig } from '../../../src/config';
import { registerHandoff, type HandoffSetup } from '../../../src/channels/console/registerHandoff';
import type { ConsoleLine } from '../../../src/channels/console/conversationView';
import type { PublicStaff } from '../../../src/channels/console/staffDirectory';
import type { HandoffHook } from '../../../src/dialogs/types';
import type { AuditEntry, Ticket } from '../../../src/domain/handoff/records';
import type { HandoffSession } from '../../../src/domain/handoff/session';
import type { Clock, Store } from '../../../src/domain/ports';
import { createLogger } from '../../../src/logger';
import { createMemoryStore } from '../../../src/storage/memoryStore';
import { request, startServer, type Reply, type Running } from '../directLineClient';

/**
 * A bot that counts the messages it handled (in conversation state) and hands off on 转人工, so a test
 * can tell whether it answered while staff owned the conversation and whether its state survived.
 */
export class CountingBot extends ActivityHandler {
  private readonly state: ConversationState;
  private readonly count;
  hook: HandoffHook | undefined;

  /** A state different from the default per-process memory, e.g. one shared by two instances. */
  constructor(state: ConversationState = new ConversationState(new MemoryStorage())) {
    super();
    this.state = state;
    this.count = this.state.createProperty<number>('count');
    this.onMessage(async (context, next) => {
      const n = (await this.count.get(context, 0)) + 1;
      await this.count.set(context, n);
      if (context.activity.text === '转人工' && this.hook)
        await this.hook.request(context, 'resident asked for a person');
      else await context.sendActivity(`第${n}条：${context.activity.text}`);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.state.saveChanges(context);
  }
}

/** The console API's JSON answers as the tests read them (built in src/channels/console/routes.ts). */
export interface QueueItem {
  conversationId: string;
  channel: string;
  city: string | null;
  topic: string;
  status: HandoffSession['status'];
  claimedBy: string | null;
  waitingSeconds: number;
  position: number | null;
  lastResidentMessage: string | null;
}
export interface QueueBody {
  waiting: QueueItem[];
  mine: QueueItem[];
  others: QueueItem[];
}
export interface ConversationView {
  session: HandoffSession;
  revealed: boolean;
  city: string | null;
  procedure: { title: string; startedAt: string; answers: Record<string, unknown> } | null;
  transcript: ConsoleLine[];
}
export interface TicketsBody {
  tickets: Ticket[];
}
export interface AuditBody {
  entries: AuditEntry[];
}
export type { HandoffSession, PublicStaff, Ticket };

export interface HandoffServer extends Running {
  handoff: HandoffSetup;
  api<T = unknown>(method: string, path: string, options?: { cookie?: string; body?: unknown }): Promise<Reply<T>>;
  login(username: string, password: string): Promise<string>;
}

export const PASSWORD = 'correct horse battery';

export async function startHandoffServer(
  options: {
    env?: Record<string, string>;
    clock?: Clock;
    bot?: (setup: HandoffSetup, store: Store) => ActivityHandler;
    /** A store shared with another server (then staff accounts are created only if missing). */
    store?: Store;
  } = {},
): Promise<HandoffServer> {
  const env = { LOG_LEVEL: 'silent', ...options.env };
  const config = loadConfig(env);
  const store = options.store ?? createMemoryStore();
  const handoff = registerHandoff({
    config,
    store,
    log: createLogger('silent'),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  let bot: ActivityHandler;
  if (options.bot) bot = options.bot(handoff, store);
  else {
    const counting = new CountingBot();
    counting.hook = handoff.service;
    bot = counting;
  }
  const running = await startServer({
    env,
    store,
    bot: handoff.wrapBot(bot),
    plugins: [handoff.plugin],
    ...(options.clock ? { clock: options.clock } : {}),
  });
  for (const account of [
    { username: 'admin', displayName: '管理员', role: 'admin' as const },
    { username: 'li', displayName: '李明', role: 'staff' as const },
    { username: 'wang', displayName: '王芳', role: 'staff' as const },
  ])
    if (!(await handoff.staff.get(account.username))) await handoff.staff.create({ ...account, password: PASSWORD });
  const api = <T = unknown>(method: string, path: string, o: { cookie?: string; body?: unknown } = {}) =>
    request<T>(running.base, method, `/console/api${path}`, {
      ...(o.body !== undefined ? { body: o.body } : {}),
      ...(o.cookie ? { headers: { cookie: o.cookie } } : {}),
    });
  return {
    ...running,
    handoff,
    api,
    async login(username: string, password: string) {
      const r = await api('POST', '/login', { body: { username, password } });
      if (r.status !== 200) throw new Error(`login ${r.status}`);
      return r.headers.get('set-cookie')!.split(';')[0];
    },
  };
}

/** Polls until the predicate holds (events arrive asynchronously). */
export async function eventually<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 3000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
