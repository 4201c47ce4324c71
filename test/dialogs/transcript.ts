import { ActivityTypes, TestAdapter, type Activity, type ActivityHandler } from 'botbuilder';
import { ApplicationService } from '../../src/domain/applicationService';
import { REFERENCE_ALPHABET } from '../../src/domain/referenceNumber';
import type { Clock, Store } from '../../src/domain/ports';
import { createAssistantBot, type HandoffHook } from '../../src/dialogs';
import { createLogger } from '../../src/logger';
import { createMemoryStore } from '../../src/storage/memoryStore';
import { createFakeKnowledge } from './fakeKnowledge';
import type { FileStore } from '../../src/domain/files';
import { createMemoryFileStore } from '../../src/storage/files';

/** 2026-05-20 10:00 in Shanghai, a Wednesday. */
export const START = '2026-05-20T02:00:00.000Z';

export class TestClock implements Clock {
  private t: number;
  constructor(iso: string = START) {
    this.t = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.t);
  }
  advanceMinutes(m: number): void {
    this.t += m * 60_000;
  }
}

export interface Env {
  store: Store;
  clock: TestClock;
  applications: ApplicationService;
  bot: ActivityHandler;
  adapter: TestAdapter;
  handoffs: string[];
  /** Present with withFiles: the materials step runs. */
  files?: FileStore;
}

/** What the user does in one turn: says something, sends an attachment, joins, or waits. */
export type UserTurn =
  | string
  | { attachment: { name: string; contentType: string; contentUrl?: string } }
  /** An attachment naming a file a setup stored, by the variable holding its contentUrl. */
  | { upload: string }
  | { join: true }
  | { waitMinutes: number };

/**
 * A turn's expectation: fragments that must all appear in the bot's replies of that turn (text and
 * buttons, buttons rendered as [title]); a fragment starting with "!" must not appear.
 */
export type Expect = string | string[];
export type Step = [UserTurn, Expect];

export interface TranscriptCase {
  name: string;
  /** Clock start (ISO instant). */
  at?: string;
  /** May return variables: "{name}" in later user turns and expectations is replaced by their values. */
  setup?: (env: Env) => Promise<Record<string, string> | void>;
  steps: Step[];
  check?: (env: Env) => Promise<void>;
  withHandoffHook?: boolean;
  withFiles?: boolean;
}

export function render(activities: Partial<Activity>[]): string {
  return activities
    .map((a) => {
      const buttons = (a.suggestedActions?.actions ?? []).map((b) => `[${b.title}]`).join(' ');
      return [a.text ?? '', buttons].filter(Boolean).join('\n');
    })
    .join('\n---\n');
}

export async function makeEnv(c: Pick<TranscriptCase, 'at' | 'withHandoffHook' | 'withFiles'> = {}): Promise<Env> {
  const store = createMemoryStore();
  const clock = new TestClock(c.at);
  let n = 0;
  // Distinct, valid reference numbers in submission order.
  const random = (): string => {
    n++;
    return `TEST${REFERENCE_ALPHABET[Math.floor(n / 32) % 32]}${REFERENCE_ALPHABET[n % 32]}AA`;
  };
  const applications = new ApplicationService({ repository: store.applications, clock, random });
  const handoffs: string[] = [];
  const files = c.withFiles ? createMemoryFileStore(clock) : undefined;
  const handoff: HandoffHook = {
    async request(context, reason) {
      handoffs.push(reason);
      await context.sendActivity('（人工客服已接入）');
    },
  };
  const bot = createAssistantBot({
    knowledge: createFakeKnowledge(),
    applications,
    store,
    clock,
    log: createLogger('silent'),
    draftTtlHours: 72,
    ...(c.withHandoffHook ? { handoff } : {}),
    ...(files ? { files } : {}),
  });
  const adapter = new TestAdapter(async (context) => bot.run(context));
  return { store, clock, applications, bot, adapter, handoffs, ...(files ? { files } : {}) };
}

/** Sends one user turn and returns the bot's replies, rendered. */
export async function say(env: Env, turn: UserTurn): Promise<string> {
  if (typeof turn === 'object' && 'waitMinutes' in turn) {
    env.clock.advanceMinutes(turn.waitMinutes);
    return '';
  }
  let activity: Partial<Activity>;
  if (typeof turn === 'string') activity = { type: ActivityTypes.Message, text: turn };
  else if ('join' in turn)
    activity = { type: ActivityTypes.ConversationUpdate, membersAdded: [{ id: 'user', name: 'User' }] };
  else if ('upload' in turn)
    activity = {
      type: ActivityTypes.Message,
      text: '',
      attachments: [{ contentType: 'image/png', contentUrl: turn.upload, name: 'upload.png' }],
    };
  else activity = { type: ActivityTypes.Message, text: '', attachments: [turn.attachment] };
  await env.adapter.receiveActivity(activity);
  const replies = env.adapter.activeQueue.splice(0, env.adapter.activeQueue.length);
  return render(replies);
}

export function expectFragments(reply: string, expected: Expect, context: string): void {
  for (const fragment of Array.isArray(expected) ? expected : [expected]) {
    const negated = fragment.startsWith('!');
    const text = negated ? fragment.slice(1) : fragment;
    const found = reply.includes(text);
    if (found === negated) {
      throw new Error(
        `${context}: expected the reply ${negated ? 'not ' : ''}to contain "${text}"\n--- reply ---\n${reply}\n-------------`,
      );
    }
  }
}

/** Runs a case; returns the whole transcript (for reports and debugging). */
export async function runCase(c: TranscriptCase): Promise<{ env: Env; transcript: string }> {
  const env = await makeEnv(c);
  const vars = (c.setup ? await c.setup(env) : undefined) ?? {};
  const fill = (x: string): string => x.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
  const lines: string[] = [];
  for (const [i, [rawTurn, rawExpected]] of c.steps.entries()) {
    const turn =
      typeof rawTurn === 'string' ? fill(rawTurn) : 'upload' in rawTurn ? { upload: fill(rawTurn.upload) } : rawTurn;
    const expected = Array.isArray(rawExpected) ? rawExpected.map(fill) : fill(rawExpected);
    const reply = await say(env, turn);
    const shown = typeof turn === 'string' ? turn : JSON.stringify(turn);
    lines.push(`居民: ${shown}`, ...(reply ? [`助手: ${reply.replace(/\n/g, '\n      ')}`] : []));
    expectFragments(reply, expected, `${c.name}, step ${i + 1} (${shown})`);
  }
  if (c.check) await c.check(env);
  return { env, transcript: lines.join('\n') };
}
