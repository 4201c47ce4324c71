import type { TurnContext } from 'botbuilder';
import { z } from 'zod';
import { listPolicies } from '../../domain/policies';
import { toHalfWidth } from '../../domain/text';
// One Traditional → Simplified converter for the model and the dialogs alike.
import { toSimplified } from '../../knowledge/normalize';
import vocabularyJson from './vocabulary.json';

/**
 * The turn interpreter: what a resident's message means is decided once, here, and every layer (the
 * router, the procedures' interruptions, the prompts, pending confirmations) reads the result instead
 * of matching the text again with its own words (code review P1). The words are data, in
 * vocabulary.json, validated at load.
 */
const words = z.array(z.string().min(1)).min(1);
const vocabularySchema = z.object({
  commands: z.object({
    cancel: words,
    restart: words,
    help: words,
    human: words,
    back: words,
    leaveQueue: words,
    /** Instead of waiting for a person: leave a number and be called back. */
    callBack: words,
  }),
  yes: words,
  no: words,
  /** Declining to leave a call-back message. */
  decline: words,
  /** A bare "对" or "没有" after "还有什么可以帮您？" with nothing running. */
  acknowledgements: words,
  nothingElse: words,
  /** At the summary: all correct, submit; or something is wrong without naming what. */
  submit: words,
  somethingWrong: words,
  /** Ways to say 退订提醒 (audit M19), whole messages; reminderStop reads the sentences around them. */
  reminderOptOut: words,
  /** "别再提醒我了", "不要再发了": [lead] stop [again] object [tail]. */
  reminderStop: z.object({ lead: words, stops: words, again: words, objects: words, tail: words }),
  /** "我想取消申请", "撤回申请": withdrawing an application, which is not 解挂 (audit M11). */
  withdraw: z.object({ verbs: words, objects: words, not: words }),
  questionCues: z.object({ ending: words, opening: words, anywhere: words }),
  /** How residents name a relative ("我姐姐", "老公"), by the relationship the letter states. */
  kin: z.record(z.string(), words),
  /** Words around a city's name that leave the message only naming it ("等等 我其实是在上海办"). */
  cityFiller: words,
  /**
   * A short message containing one of these phrases asks for a person ("我要找真人客服", "能帮我转人工吗",
   * "人工服務"), unless a negation stands right before it ("不用转人工").
   */
  humanRequest: z.object({ phrases: words, negations: words }),
  /**
   * A free-text correction at the summary ("电话写错了 改成13800138000"): a cue that something changes, the
   * field by the words residents use for it, and the new value after a marker.
   */
  correction: z.object({ cues: words, markers: words, fields: z.record(z.string(), words) }),
});
export const vocabulary = vocabularySchema.parse(vocabularyJson);

export type Command = keyof typeof vocabulary.commands;

export interface Utterance {
  /** What the resident typed, untouched (kept for transcripts). */
  original: string;
  /** Simplified (OpenCC), half-width, trimmed: what every prompt validates and every layer reads. */
  text: string;
  /** `text` without spaces and punctuation, for matching short answers and commands. */
  key: string;
  /** When the whole message is the command; for 'human' also a short sentence asking for a person. */
  command?: Command;
  /** Only when the whole message is a yes or a no. */
  yesNo?: 'yes' | 'no';
  isQuestion: boolean;
  /** The city, when the whole message only names one city we serve ("我其实是在上海办", "切换到成都"). */
  city?: string;
  /** No more reminders, however said (退订提醒, 别提醒我了, 不要再发了). */
  optsOutOfReminders: boolean;
  /** Withdrawing an application (取消申请, 撤回申请), never 解挂. */
  withdrawsApplication: boolean;
}

/** Traditional → Simplified, full-width → half-width, trimmed; punctuation inside is kept (addresses). */
export function normalizeTurnText(raw: string): string {
  return toHalfWidth(toSimplified((raw ?? '').normalize('NFKC'))).trim();
}

/** No spaces or closing punctuation, lower case: "１。" and " 1 " read as "1", "OK" as "ok". */
export function answerKey(text: string): string {
  return normalizeTurnText(text)
    .replace(/[\s。，,.!！?？、~～"“”'‘’]/g, '')
    .toLowerCase();
}

const commandByWord = new Map<string, Command>(
  (Object.entries(vocabulary.commands) as [Command, string[]][]).flatMap(([c, ws]) =>
    ws.map((w) => [answerKey(w), c] as const),
  ),
);
const yesWords = new Set(vocabulary.yes.map(answerKey));
const noWords = new Set(vocabulary.no.map(answerKey));
const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A regex alternation of the words as answer keys, longest first, so a longer word wins over its prefix. */
const alternatives = (list: readonly string[]) =>
  [...list]
    .map(answerKey)
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');
const QUESTION = new RegExp(
  [
    `(?:${vocabulary.questionCues.ending.map(escape).join('|')})$`,
    `^(?:${vocabulary.questionCues.opening.map(escape).join('|')})`,
    vocabulary.questionCues.anywhere.map(escape).join('|'),
  ].join('|'),
);

/** Whether the whole message is one of the listed words (after normalising both). */
export function isOneOf(text: string, list: readonly string[]): boolean {
  const key = answerKey(text);
  return list.some((w) => answerKey(w) === key);
}

const KIN_PREFIX = new RegExp(
  `^(?:我的?|俺的?)?(?:${Object.values(vocabulary.kin)
    .flat()
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|')})(?:叫|是|的名字是|名字叫)?`,
);

/** "我舅舅赵大海" → "赵大海": a name said with the kin word in front of it. */
export function withoutKinWords(text: string): string {
  return text.replace(KIN_PREFIX, '');
}

const CITY_FILLER = new RegExp(alternatives(vocabulary.cityFiller), 'g');

/** Each city's names, aliases and districts as answer keys, longest first (policy data, read once). */
const CITY_NAMES = listPolicies().map((p) => ({
  id: p.id,
  names: [p.name, ...p.aliases, ...p.districts].map(answerKey).sort((a, b) => b.length - a.length),
}));

/**
 * The one city a message names when it names nothing else: "我在成都", "等等 我其实是在上海办", "切换到上海"
 * (any of a city's names, aliases or districts, with filler words around it). Two cities, or anything
 * more (an address, a question), is not a city switch.
 */
function onlyNamesCity(text: string): string | undefined {
  let rest = answerKey(text);
  const named = new Set<string>();
  for (const city of CITY_NAMES) {
    for (const word of city.names)
      if (word && rest.includes(word)) {
        named.add(city.id);
        rest = rest.split(word).join('');
      }
  }
  if (named.size !== 1) return undefined;
  return rest.replace(CITY_FILLER, '') === '' ? [...named][0] : undefined;
}

/** Longer than this, a phrase like 工作人员 is part of a question or a story, not a request for a person. */
const HUMAN_REQUEST_MAX = 16;
const HUMAN_REQUEST = new RegExp(
  `(?<!${alternatives(vocabulary.humanRequest.negations)})(?:${alternatives(vocabulary.humanRequest.phrases)})`,
);

const optOutWords = new Set(vocabulary.reminderOptOut.map(answerKey));
const stop = vocabulary.reminderStop;
const REMINDER_STOP = new RegExp(
  `^(?:${alternatives(stop.lead)})?(?:${alternatives(stop.stops)})(?:${alternatives(stop.again)})?(?:${alternatives(stop.objects)})(?:${alternatives(stop.tail)})?$`,
);
const WITHDRAW_VERB = new RegExp(alternatives(vocabulary.withdraw.verbs));
const WITHDRAW_OBJECT = new RegExp(alternatives(vocabulary.withdraw.objects));
const NOT_WITHDRAW = new RegExp(alternatives(vocabulary.withdraw.not));

function commandOf(key: string): Command | undefined {
  const exact = commandByWord.get(key);
  if (exact) return exact;
  return key.length <= HUMAN_REQUEST_MAX && HUMAN_REQUEST.test(key) ? 'human' : undefined;
}

export function interpret(raw: string): Utterance {
  const text = normalizeTurnText(raw);
  const key = answerKey(text);
  const command = commandOf(key);
  const yesNo = yesWords.has(key) ? 'yes' : noWords.has(key) ? 'no' : undefined;
  const city = onlyNamesCity(text);
  const optsOutOfReminders = optOutWords.has(key) || REMINDER_STOP.test(key);
  const withdrawsApplication = WITHDRAW_VERB.test(key) && WITHDRAW_OBJECT.test(key) && !NOT_WITHDRAW.test(key);
  return {
    original: raw ?? '',
    text,
    key,
    isQuestion: QUESTION.test(text),
    optsOutOfReminders,
    withdrawsApplication,
    ...(command ? { command } : {}),
    ...(yesNo ? { yesNo } : {}),
    ...(city ? { city } : {}),
  };
}

const UTTERANCE = Symbol('utterance');

/**
 * Interprets the turn's message once (on first use) and keeps the result in turn state. The activity's text becomes
 * the normalised text, so Traditional and full-width input work at every prompt (就業, 網點自取, 確定).
 */
export function interpretTurn(context: TurnContext): Utterance {
  const known = context.turnState.get<Utterance | undefined>(UTTERANCE);
  if (known) return known;
  const utterance = interpret(context.activity.text ?? '');
  context.turnState.set(UTTERANCE, utterance);
  if (typeof context.activity.text === 'string') context.activity.text = utterance.text;
  return utterance;
}

const CORRECTION_CUE = new RegExp(alternatives(vocabulary.correction.cues));
const VALUE_MARKER = new RegExp(`(?:${alternatives(vocabulary.correction.markers)})`);

/** A field the summary offers for change, and the words that name it (its label among them). */
export interface CorrectionTarget {
  key: string;
  label: string;
}

/** The words residents use for a summary field: its label and the vocabulary's words for its key. */
export function fieldWords(target: CorrectionTarget): string[] {
  return [target.label, ...(vocabulary.correction.fields[target.key] ?? [])];
}

/**
 * Which offered field a free-text correction names, and the new value when it gives one: "取件方式改成郵政直投"
 * → pickup, 邮政直投; "地址改一下" → address. The longest naming word decides ("收件地址" is not "地址"); two
 * fields named equally, or none, or no cue that something changes: undefined.
 */
export function correctionOf(
  raw: string,
  targets: readonly CorrectionTarget[],
): { key: string; value?: string } | undefined {
  const text = normalizeTurnText(raw);
  const key = answerKey(text);
  if (!CORRECTION_CUE.test(key)) return undefined;
  const scored = targets.map((t) => ({
    key: t.key,
    len: Math.max(
      0,
      ...fieldWords(t)
        .map(answerKey)
        .filter((w) => w && key.includes(w))
        .map((w) => w.length),
    ),
  }));
  const top = Math.max(0, ...scored.map((s) => s.len));
  const winners = scored.filter((s) => s.len === top && top > 0);
  if (winners.length !== 1) return undefined;
  const marker = VALUE_MARKER.exec(text);
  const value = marker ? text.slice(marker.index + marker[0].length).replace(/^[\s:：,，]+|[\s。.!！]+$/g, '') : '';
  return { key: winners[0].key, ...(value ? { value } : {}) };
}
