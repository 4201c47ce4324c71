import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { createAssistantBot } from '../../dialogs';
import { handoffTexts } from '../../dialogs/handoff/texts';
import { commonTexts } from '../../dialogs/texts/common';
import { ApplicationService } from '../../domain/applicationService';
import type { Clock } from '../../domain/ports';
import type { KnowledgeBase } from '../../knowledge';
import { createLogger } from '../../logger';
import { createMemoryStore } from '../../storage/memoryStore';
import { HANDOFF_TEXT, type Observation } from './judge';
import { PROCEDURE_TEXT } from './procedureText';

/** Something that answers one question in a fresh conversation and reports what the resident saw. */
export interface AssistantUnderTest {
  name: string;
  ask(text: string, city?: string | null): Promise<Observation>;
  close?(): Promise<void>;
}

/** A Wednesday 10:00 in China: inside any service hours, away from holidays. */
const EVAL_NOW = Date.parse('2026-05-20T02:00:00.000Z');
const fixedClock: Clock = { now: () => new Date(EVAL_NOW) };

function observe(activities: Partial<Activity>[]): Pick<Observation, 'text' | 'buttons'> {
  const messages = activities.filter((a) => a.type === ActivityTypes.Message);
  return {
    text: messages.map((a) => a.text ?? '').join('\n'),
    buttons: messages.flatMap((a) => (a.suggestedActions?.actions ?? []).map((b) => String(b.title ?? ''))),
  };
}

/**
 * The whole assistant in this process: the real dialogs (router, city handling, did-you-mean,
 * procedures) on the given knowledge base, a memory store, one fresh conversation per question. A
 * handoff is seen through the hook the server would call; a started procedure through the saved
 * conversation state (a procedure on the dialog stack, or the router asking its city).
 */
export function inProcessAssistant(knowledge: KnowledgeBase): AssistantUnderTest {
  const store = createMemoryStore();
  const applications = new ApplicationService({ repository: store.applications, clock: fixedClock });
  const handedOff = new Set<string>();
  const bot = createAssistantBot({
    knowledge,
    applications,
    store,
    clock: fixedClock,
    log: createLogger('silent'),
    handoff: {
      async request(context) {
        handedOff.add(context.activity.conversation.id);
        await context.sendActivity(handoffTexts.queued(1));
      },
    },
  });
  const adapter = new TestAdapter(async (context) => bot.run(context));
  let n = 0;
  return {
    name: 'ours, end to end (in-process)',
    async ask(text) {
      n += 1;
      const conversation = { id: `eval-${n}`, isGroup: false, name: 'eval', conversationType: 'personal' };
      await adapter.receiveActivity({
        type: ActivityTypes.Message,
        text,
        conversation,
        from: { id: `resident-${n}`, name: 'resident', role: 'user' },
      });
      const replies = adapter.activeQueue.splice(0, adapter.activeQueue.length);
      const state = (await store.documents.list<Record<string, unknown>>('bot-state')).find((d) =>
        d.key.includes(`/conversations/${conversation.id}/`),
      );
      return { ...observe(replies), handoff: handedOff.has(conversation.id), ...startedProcedure(state?.value) };
    },
    close: () => store.close(),
  };
}

/** The procedure on the dialog stack, or the one whose city the router is asking for. */
function startedProcedure(state: Record<string, unknown> | undefined): { procedure?: string } {
  const dialogState = state?.dialogState as { dialogStack?: unknown[] } | undefined;
  if (!dialogState?.dialogStack?.length) return {};
  const match = /"(?:intent|procedure)":"(procedure\.[A-Za-z]+)"/.exec(JSON.stringify(dialogState));
  return match ? { procedure: match[1] } : {};
}

/**
 * The knowledge layer alone, given the question's city (as the issue measured it): the model's intent
 * and the corpus answer for that city (each city's answer when the question names none). `classify`
 * may be our model or NLP.js out of the box; both get the same answers, so only understanding differs.
 */
export function knowledgeLayer(
  name: string,
  knowledge: KnowledgeBase,
  classify: (text: string) => Promise<string> | string,
  cities: readonly string[],
): AssistantUnderTest {
  return {
    name,
    async ask(text, city) {
      const intent = await classify(text);
      const none = { text: commonTexts.notUnderstood, buttons: [], handoff: false };
      if (intent === 'None') return none;
      if (intent.startsWith('procedure.')) return { text: '', buttons: [], handoff: false, procedure: intent };
      if (intent.startsWith('handoff.')) return { text: handoffTexts.queued(1), buttons: [], handoff: true };
      const texts: string[] = [];
      for (const c of city ? [city] : [undefined, ...cities]) {
        const r = knowledge.answer(intent, c);
        if (r.kind === 'answer') {
          texts.push(r.answer.text);
          if (!c) break; // one answer for every city
        }
      }
      return texts.length ? { text: texts.join('\n\n'), buttons: [], handoff: false } : none;
    },
  };
}

interface DlActivity extends Partial<Activity> {
  replyToId?: string;
}

/**
 * A running server over Direct Line 3.0, as Web Chat talks to it: a token and a conversation per
 * question, the question posted, then polling until the bot's replies to it have stopped coming.
 * Only text is seen here: a handoff and a started procedure are recognised by their wording.
 */
export function directLineAssistant(base: string, pollMs = 150, settleMs = 600): AssistantUnderTest {
  const dl = `${base.replace(/\/$/, '')}/v3/directline`;
  const call = async (method: string, p: string, token?: string, body?: unknown): Promise<unknown> => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const res = await fetch(dl + p, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      if (res.status === 429) {
        await new Promise((r) => setTimeout(r, 3000));
        continue;
      }
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
      return res.json();
    }
    throw new Error(`${method} ${p}: rate limited`);
  };
  let n = 0;
  return {
    name: `ours, end to end over Direct Line (${base})`,
    async ask(text) {
      n += 1;
      const ticket = (await call('POST', '/tokens/generate', undefined, { user: { id: `dl-eval-${n}` } })) as {
        token: string;
        conversationId: string;
      };
      await call('POST', '/conversations', ticket.token, {});
      const posted = (await call('POST', `/conversations/${ticket.conversationId}/activities`, ticket.token, {
        type: 'message',
        text,
        from: { id: `dl-eval-${n}`, role: 'user' },
      })) as { id: string };
      let watermark = '';
      const replies: DlActivity[] = [];
      let lastNew = Date.now();
      const started = Date.now();
      while (Date.now() - started < 20_000) {
        const page = (await call(
          'GET',
          `/conversations/${ticket.conversationId}/activities?watermark=${watermark}`,
          ticket.token,
        )) as { activities: DlActivity[]; watermark: string };
        watermark = page.watermark;
        const mine = page.activities.filter((a) => a.from?.role === 'bot' && a.replyToId === posted.id);
        if (mine.length) {
          lastNew = Date.now();
          replies.push(...mine);
        }
        if (replies.length && Date.now() - lastNew >= settleMs) break;
        await new Promise((r) => setTimeout(r, pollMs));
      }
      const seen = observe(replies);
      const procedure = Object.entries(PROCEDURE_TEXT).find(([, re]) => re.test(seen.text))?.[0];
      return { ...seen, handoff: HANDOFF_TEXT.test(seen.text), ...(procedure ? { procedure } : {}) };
    },
  };
}
