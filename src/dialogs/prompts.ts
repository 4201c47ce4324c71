import { ActionTypes, MessageFactory, type Activity, type Attachment, type CardAction } from 'botbuilder';
import {
  TextPrompt,
  type ComponentDialog,
  type PromptValidatorContext,
  type WaterfallStepContext,
  type DialogTurnResult,
} from 'botbuilder-dialogs';
import { todayIn } from '../domain/dates';
import { proxyRule, type ProxyActor } from '../domain/eligibility';
import { fileIdFromUrl } from '../domain/files';
import { ageOn, validateIdNumber } from '../domain/idNumber';
import { getPolicy } from '../domain/policies';
import { render } from '../messages';
import { validateMobile } from '../domain/phone';
import type { Clock } from '../domain/ports';
import { matchChoice, numberedList, type ChoiceOption } from './choices';
import { notAName } from './nameCheck';
import { chineseNumber, readResidentDate } from './residentDates';
import { commonTexts } from './texts/common';
import { correctionOf, interpretTurn, withoutKinWords, type CorrectionTarget } from './turn/utterance';
import { promptTexts } from './texts/prompts';

/** Prompt ids; every procedure registers all of them with addResidentPrompts. */
export const PROMPT = {
  choice: 'prompt.choice',
  name: 'prompt.name',
  idNumber: 'prompt.idNumber',
  phone: 'prompt.phone',
  address: 'prompt.address',
  pastDate: 'prompt.pastDate',
  expiryDate: 'prompt.expiryDate',
  signature: 'prompt.signature',
  photo: 'prompt.photo',
  reference: 'prompt.reference',
  idLast4: 'prompt.idLast4',
} as const;

/** After this many failed answers to one prompt, a person is offered. */
export const FAILURES_BEFORE_OFFERING_A_PERSON = 3;

type Check = { ok: true; value: unknown } | { ok: false; reason: string };
type Validations = {
  choices?: ChoiceOption[];
  expected?: string;
  photo?: PhotoRules;
  existingTitle?: string;
  outside?: Outside;
  details?: string;
  exactDay?: boolean;
  /** Who acts for the applicant: the ID's age must allow it, else the ID is asked again (audit M1). */
  proxy?: { city: string; actor: ProxyActor; disabled: boolean; limitedMobility: boolean };
  /** A relative's name: a kin word in front of it ("我舅舅赵大海") is not part of the name. */
  relative?: boolean;
  /** At the summary: the fields a free-text correction may name ("电话写错了 改成…"). */
  corrections?: CorrectionTarget[];
};
/** Answers that need their own reply: listed words, or (addresses) a leading province or city other than `ownCity`. */
export type Outside = { words: string[]; reason: string; ownCity?: string };

// "北京市朝阳区…", "江苏省苏州市…": the leading region of an address; 区/路/街 before it means it is a street name (杨浦区市光路).
const LEADING_REGION = /^[^\d区县路街道镇弄号]{2,7}?(?:省|自治区|市)/;

export function namesAnotherRegion(address: string, ownCity: string): boolean {
  const region = LEADING_REGION.exec(address)?.[0];
  return region !== undefined && !region.startsWith(ownCity);
}
export interface PhotoRules {
  formats?: string[];
  maxSizeMb?: number;
}

/** Buttons that send their own title, so a tap and typing the title are the same answer. */
export function withButtons(text: string, titles: string[]): Partial<Activity> {
  const actions: CardAction[] = titles.map((t) => ({ type: ActionTypes.ImBack, title: t, value: t }));
  return MessageFactory.suggestedActions(actions, text);
}

function validator(check: (ctx: PromptValidatorContext<string>, validations: Validations) => Check | Promise<Check>) {
  return async (ctx: PromptValidatorContext<string>): Promise<boolean> => {
    const validations = (ctx.options as { validations?: Validations }).validations ?? {};
    const result = await check(ctx, validations);
    if (result.ok) {
      ctx.recognized.value = result.value as string;
      return true;
    }
    // The reason first, then the same question again (the prompt would stay silent once we replied).
    await ctx.context.sendActivity(result.reason);
    const again = ctx.options.retryPrompt ?? ctx.options.prompt;
    if (again) await ctx.context.sendActivity(again);
    if (
      ctx.attemptCount >= FAILURES_BEFORE_OFFERING_A_PERSON &&
      ctx.attemptCount % FAILURES_BEFORE_OFFERING_A_PERSON === 0
    ) {
      await ctx.context.sendActivity(withButtons(commonTexts.tooManyFailures, [commonTexts.handoffAction]));
    }
    return false;
  };
}

/** The turn interpreter's text: Simplified, half-width, trimmed. */
const text = (ctx: PromptValidatorContext<string>): string => interpretTurn(ctx.context).text;

/** The year and month a "which day of it?" follow-up asked about, kept across the prompt's retries. */
interface DateAskState {
  askedDay?: { year: number; month: number };
}

const HAS_OWN_YEAR = /\d{4}|今年|去年|前年|明年|上个?月|下个?月|这个?月|本月|[前后]$/;
const DAY_ONLY = /^(\d{1,2}|[一二三四五六七八九十]{1,3})[日号]?$/;
const MONTH_FIRST = /^(?:\d{1,2}|[一二三四五六七八九十]{1,3})月/;

/**
 * The answer to "请说2025年9月的哪一天": "10号" or "9月10號" is that month of that year, not the last
 * 9 September (audit R1-B1: a resident registered 15 months ago was told to wait until 2027).
 */
function withAskedMonth(input: string, asked: DateAskState['askedDay']): string {
  if (!asked || HAS_OWN_YEAR.test(input)) return input;
  const day = DAY_ONLY.exec(input);
  const n = day ? chineseNumber(day[1]) : undefined;
  if (n !== undefined) return `${asked.year}.${asked.month}.${n}`;
  if (MONTH_FIRST.test(input)) return `${asked.year}.${input}`;
  return input;
}

/** A date prompt: a registration or moving date (past) or an expiry date (future). */
function dateValidator(lean: 'past' | 'future', today: () => string) {
  return validator(async (ctx, v) => {
    const state = ctx.state as DateAskState;
    const r = readResidentDate(withAskedMonth(text(ctx), state.askedDay), today(), lean);
    if (!r.ok) return { ok: false, reason: r.problems[0].message };
    if (lean === 'past' && r.value.date > today()) return { ok: false, reason: promptTexts.dateFuture };
    // A deadline counted from this date needs the day: the month's last day could say "too late" wrongly.
    if (v.exactDay && r.value.assumed) {
      const asked = { year: Number(r.value.date.slice(0, 4)), month: Number(r.value.date.slice(5, 7)) };
      state.askedDay = asked;
      return { ok: false, reason: promptTexts.dateNeedsDay(asked.year, asked.month) };
    }
    if (r.value.assumed) await ctx.context.sendActivity(promptTexts.dateAssumed(r.value.assumed));
    return { ok: true, value: r.value.date };
  });
}

export type { Check };

export function checkName(input: string): Check {
  const name = input.replace(/\s+/g, '');
  if (name.length < 2) return { ok: false, reason: promptTexts.nameTooShort };
  if (name.length > 30 || !/^[\u4e00-\u9fa5A-Za-z·•.]+$/.test(name))
    return { ok: false, reason: promptTexts.nameChars };
  const problem = notAName(name);
  if (problem === 'unsure') return { ok: false, reason: promptTexts.notAName.unsure };
  if (problem) return { ok: false, reason: promptTexts.notAName[problem](name) };
  return { ok: true, value: name.replace(/•/g, '·') };
}

/** An address: long and specific enough, and (with `outside`) in the procedure's city. */
export function checkAddress(input: string, outside?: Outside): Check {
  const a = input.replace(/\s+/g, '');
  if (
    outside &&
    (outside.words.some((w) => a.includes(w)) || (outside.ownCity && namesAnotherRegion(a, outside.ownCity)))
  )
    return { ok: false, reason: outside.reason };
  if (a.length < 6) return { ok: false, reason: promptTexts.addressShort };
  if (a.length > 100) return { ok: false, reason: promptTexts.addressLong };
  if (!/[0-9一二三四五六七八九十]+\s*[号弄栋幢室楼]|[路街道巷村区]/.test(a))
    return { ok: false, reason: promptTexts.addressVague };
  return { ok: true, value: a };
}

function attachmentFormat(att: Attachment): string | undefined {
  const byType = /image\/(jpeg|jpg|png)/i.exec(att.contentType ?? '');
  if (byType) return byType[1].toUpperCase() === 'PNG' ? 'PNG' : 'JPG';
  const byName = /\.(jpe?g|png)$/i.exec(att.name ?? '');
  if (byName) return byName[1].toUpperCase() === 'PNG' ? 'PNG' : 'JPG';
  return undefined;
}

function isImage(att: Attachment): boolean {
  return /^image\//i.test(att.contentType ?? '') || /\.(jpe?g|png|gif|bmp|webp|heic|heif|tiff?)$/i.test(att.name ?? '');
}

/** Bytes when the channel tells us: a data: URL's payload or a size field some channels add. */
function attachmentBytes(att: Attachment): number | undefined {
  const url = att.contentUrl ?? '';
  const data = /^data:[^;,]*;base64,(.*)$/.exec(url);
  if (data) return Math.floor((data[1].length * 3) / 4);
  const size = (att.content as { size?: unknown } | undefined)?.size;
  return typeof size === 'number' ? size : undefined;
}

function checkPhoto(ctx: PromptValidatorContext<string>, v: Validations): Check {
  const attachments = ctx.context.activity.attachments ?? [];
  if (attachments.length === 0) {
    if (
      v.existingTitle &&
      matchChoice(text(ctx), [{ id: 'existing', title: v.existingTitle, synonyms: ['已有', '有照片', '复用'] }])
    ) {
      return { ok: true, value: 'existing' };
    }
    // 「照片要求」: the full requirements, then the same short question again.
    if (v.details && /要求|规格|尺寸|标准|规定|什么样/.test(text(ctx))) return { ok: false, reason: v.details };
    return { ok: false, reason: promptTexts.photoMissing };
  }
  const att = attachments[0];
  // One of our uploads: its type was established from its content when it was stored; the city's photo
  // rules are applied by the materials step, which has the file.
  const stored = fileIdFromUrl(att.contentUrl);
  if (stored) return { ok: true, value: `file:${stored}` };
  const rules = v.photo ?? {};
  const format = attachmentFormat(att);
  // Formats are checked only where the city states them as a rule; otherwise any image will do (003, 001 "等").
  if (rules.formats) {
    if (!format || !rules.formats.includes(format))
      return { ok: false, reason: promptTexts.photoFormat(rules.formats) };
  } else if (!format && !isImage(att)) {
    return { ok: false, reason: promptTexts.photoNotImage };
  }
  const bytes = attachmentBytes(att);
  if (rules.maxSizeMb !== undefined && bytes !== undefined && bytes > rules.maxSizeMb * 1024 * 1024) {
    return { ok: false, reason: promptTexts.photoSize(rules.maxSizeMb) };
  }
  return { ok: true, value: `uploaded:${att.name ?? format ?? 'image'}` };
}

/** Registers every resident prompt on a dialog; validators read the clock for "today". */
export function addResidentPrompts(dialog: ComponentDialog, clock: Clock): void {
  const today = (): string => todayIn(clock);
  dialog.addDialog(
    new TextPrompt(
      PROMPT.choice,
      validator((ctx, v) => {
        // Words that name no option but need their own reply ("不符合", a residence type the city lacks).
        // "取件方式改成邮政直投", "地址改一下": the field named, before any option word in it is matched.
        const correction = v.corrections ? correctionOf(text(ctx), v.corrections) : undefined;
        if (correction) return { ok: true, value: correction.key };
        const said = text(ctx).replace(/\s+/g, '');
        if (v.outside && v.outside.words.some((w) => said.includes(w))) return { ok: false, reason: v.outside.reason };
        const id = matchChoice(text(ctx), v.choices ?? []);
        // A question that happens to contain an option's word is not that choice: "灵活就业算就业吗" does not
        // answer 就业 (audit M7), and submitting cannot be undone ("找到了，可以解挂吗", walk F-B1).
        if (id && interpretTurn(ctx.context).isQuestion)
          return {
            ok: false,
            reason: id === 'submit' ? commonTexts.submitNotAQuestion : render('prompt.choiceNotAQuestion'),
          };
        return id ? { ok: true, value: id } : { ok: false, reason: commonTexts.choiceUnknown };
      }),
    ),
  );
  dialog.addDialog(
    new TextPrompt(
      PROMPT.name,
      validator((ctx, v) => checkName(v.relative ? withoutKinWords(text(ctx)) : text(ctx))),
    ),
  );
  dialog.addDialog(
    new TextPrompt(
      PROMPT.idNumber,
      validator((ctx, v) => {
        // "哦，输错了，是孩子的身份证3101…": the one 18-character number in a sentence is the answer.
        const said = text(ctx);
        const inSentence = /(?<![0-9])\d{17}[\dXx](?![0-9Xx])/.exec(said.replace(/\s+/g, ''))?.[0];
        const r = validateIdNumber(inSentence ?? said, today());
        if (!r.ok) return { ok: false, reason: r.problems[0].message };
        if (v.proxy) {
          // A parent often types their own number: say the age it shows and ask again, keeping the form.
          const age = ageOn(r.value.birthDate, today());
          const policy = getPolicy(v.proxy.city);
          const rule = proxyRule(policy, { ...v.proxy, applicantAge: age });
          const minorBelow = policy.proxy?.value.minorAgeBelow;
          if (!rule.ok && v.proxy.actor === 'guardian' && minorBelow !== undefined && age >= minorBelow)
            return { ok: false, reason: promptTexts.idNotAMinor(age, minorBelow) };
          if (!rule.ok)
            return {
              ok: false,
              reason: promptTexts.idProxyMismatch(age, rule.problems.map((p) => p.message).join('')),
            };
        }
        return { ok: true, value: r.value.idNumber };
      }),
    ),
  );
  dialog.addDialog(
    new TextPrompt(
      PROMPT.phone,
      validator((ctx) => {
        const r = validateMobile(text(ctx));
        return r.ok ? { ok: true, value: r.value } : { ok: false, reason: r.problems[0].message };
      }),
    ),
  );
  dialog.addDialog(
    new TextPrompt(
      PROMPT.address,
      validator((ctx, v) => checkAddress(text(ctx), v.outside)),
    ),
  );
  dialog.addDialog(new TextPrompt(PROMPT.pastDate, dateValidator('past', today)));
  dialog.addDialog(new TextPrompt(PROMPT.expiryDate, dateValidator('future', today)));
  dialog.addDialog(
    new TextPrompt(
      PROMPT.signature,
      validator((ctx, v) => {
        const typed = text(ctx).replace(/\s+/g, '');
        return typed === v.expected ? { ok: true, value: typed } : { ok: false, reason: promptTexts.signatureMismatch };
      }),
    ),
  );
  dialog.addDialog(
    new TextPrompt(
      PROMPT.photo,
      validator((ctx, v) => checkPhoto(ctx, v)),
    ),
  );
  dialog.addDialog(
    new TextPrompt(
      PROMPT.reference,
      validator((ctx) => {
        const ref = text(ctx).replace(/\s+/g, '').toUpperCase();
        return /^[A-Z0-9-]{6,40}$/.test(ref)
          ? { ok: true, value: ref }
          : { ok: false, reason: promptTexts.referenceFormat };
      }),
    ),
  );
  dialog.addDialog(
    new TextPrompt(
      PROMPT.idLast4,
      validator((ctx) => {
        const last4 = text(ctx).replace(/\s+/g, '').toUpperCase();
        return /^\d{3}[\dX]$/.test(last4)
          ? { ok: true, value: last4 }
          : { ok: false, reason: promptTexts.idLast4Format };
      }),
    ),
  );
}

/** Asks a question with one button per option and a numbered list, so "1", the title or free text all work. */
export function askChoice(
  step: WaterfallStepContext,
  question: string,
  options: ChoiceOption[],
  outside?: Outside,
): Promise<DialogTurnResult> {
  const prompt = withButtons(
    `${question}\n${numberedList(options)}`,
    options.map((o) => o.title),
  );
  return step.prompt(PROMPT.choice, { prompt, validations: { choices: options, ...(outside ? { outside } : {}) } });
}

export function ask(
  step: WaterfallStepContext,
  promptId: string,
  question: string,
  validations?: Validations,
  buttons: string[] = [],
): Promise<DialogTurnResult> {
  const prompt = buttons.length ? withButtons(question, buttons) : MessageFactory.text(question);
  return step.prompt(promptId, { prompt, validations });
}
