import type { TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { Application } from '../../domain/application';
import { formatChineseDate, todayIn } from '../../domain/dates';
import { maskIdNumber } from '../../domain/idNumber';
import { maskPhone, validateMobile } from '../../domain/phone';
import { getPolicy, listPolicies, type CityPolicy } from '../../domain/policies';
import { promptTexts } from '../texts/prompts';
import type { Problem, Result } from '../../domain/result';
import { expectedMilestones, type SubmissionInput } from '../../domain/submission';
import type { ChoiceOption } from '../choices';
import { vocabulary } from '../turn/utterance';
import type { EditableField } from '../summaryDialog';
import { ask, askChoice, checkAddress, checkName, PROMPT, type Outside, type PhotoRules } from '../prompts';
import { procedureTexts as t } from '../texts/procedures';
import type { DialogDeps, Draft } from '../types';

export async function policyFor(deps: DialogDeps, context: TurnContext): Promise<CityPolicy> {
  const data = await deps.conversationData.get(context, {});
  // The main dialog asks the city before any procedure starts; Shanghai only guards a broken state.
  return getPolicy(data.city ?? 'shanghai');
}

const RESIDENCE_SYNONYMS: Record<string, string[]> = {
  rented: ['租房', '租的', '租赁', '租住', '房租', '合租', '整租'],
  owned: ['自己的房子', '自己的房', '自己买的', '买的房', '买的', '自有', '自购', '自家的', '房产证'],
  dormitory: ['宿舍', '集体宿舍', '单位宿舍', '学校宿舍', '单位提供', '公司宿舍', '员工宿舍', '单位的房'],
  relatives: [
    '亲戚家',
    '亲属家',
    '父母家',
    '爸妈家',
    '住亲戚',
    '投靠亲属',
    '子女家',
    '儿子家',
    '女儿家',
    '亲戚',
    '亲属',
    '爸妈',
    '父母',
    // "住在我姐家": a relative's home named by the kin word.
    '姐家',
    '哥家',
    '弟家',
    '妹家',
    '姐姐家',
    '哥哥家',
    '弟弟家',
    '妹妹家',
    '舅舅家',
    '姑姑家',
    '叔叔家',
    '阿姨家',
    '姨妈家',
    '伯伯家',
    '爷爷家',
    '奶奶家',
    '外婆家',
    '外公家',
    '岳父家',
    '岳母家',
    '公婆家',
    '婆家',
    '娘家',
    '丈母娘家',
  ],
};

export function residenceOptions(policy: CityPolicy): ChoiceOption[] {
  return policy.residenceTypes.value.map((r) => ({
    id: r.id,
    title: r.name,
    synonyms: RESIDENCE_SYNONYMS[r.id] ?? [],
  }));
}

/**
 * Asks the residence type. A resident naming a kind the city's documents do not list (living with
 * relatives in Chengdu) is told so plainly instead of "没有这个选项".
 */
export function askResidence(
  step: WaterfallStepContext,
  policy: CityPolicy,
  question: string,
): Promise<DialogTurnResult> {
  const options = residenceOptions(policy);
  const listed = new Set(options.map((o) => o.id));
  const missing = Object.entries(RESIDENCE_SYNONYMS).filter(([id]) => !listed.has(id));
  if (missing.length === 0) return askChoice(step, question, options);
  const words = missing.flatMap(([, w]) => w);
  const reason = t.residenceUnlisted(
    policy.name,
    options.map((o) => o.title),
  );
  return askChoice(step, question, options, { words, reason });
}

const OCCUPATION_SYNONYMS: Record<string, string[]> = {
  employed: ['上班', '工作', '打工', '在职', '就业'],
  student: ['上学', '读书', '学生', '在读'],
  investor: ['开公司', '创业', '投资', '做生意', '老板'],
};

export function occupationOptions(policy: CityPolicy): ChoiceOption[] {
  return policy.occupations.value.map((o) => ({ id: o.id, title: o.name, synonyms: OCCUPATION_SYNONYMS[o.id] ?? [] }));
}

/**
 * The formats and size the city states as rules. Where its source gives them only as examples (Shanghai,
 * 001: "通常支持JPG、PNG等", "如2MB或5MB"), they are said as examples and not enforced; a city that states
 * none (Chengdu, 003: "符合系统规定") gets no rule borrowed from another.
 */
export function photoRules(policy: CityPolicy): PhotoRules {
  const { formats, maxSizeMb, formatsAreExamples, maxSizeMbAreExamples } = policy.upload;
  const sizes = maxSizeMbAreExamples ? undefined : maxSizeMb?.value;
  return {
    ...(formats && !formatsAreExamples ? { formats: formats.value } : {}),
    ...(sizes && sizes.length ? { maxSizeMb: Math.min(...sizes) } : {}),
  };
}

/** The city's example formats and sizes, said as examples ("如JPG、PNG等"). */
function photoExamples(policy: CityPolicy): string | undefined {
  const { formats, maxSizeMb, formatsAreExamples, maxSizeMbAreExamples } = policy.upload;
  const f = formats && formatsAreExamples ? formats.value : undefined;
  const mb = maxSizeMb && maxSizeMbAreExamples ? maxSizeMb.value : undefined;
  return f || mb ? t.photoExamples(f, mb) : undefined;
}

export function askPhoto(step: WaterfallStepContext, policy: CityPolicy): Promise<DialogTurnResult> {
  const rules = photoRules(policy);
  const examples = photoExamples(policy);
  // Reusing the photo on file is Shanghai's 一网通办 feature (000); offered only where the city states it.
  const reuse = policy.photo.reuse !== undefined;
  const question = t.photoAsk(rules.formats, rules.maxSizeMb, examples, reuse);
  const details = t.photoDetails(
    policy.photo.requirements.value,
    rules.formats,
    rules.maxSizeMb,
    policy.photo.widthPx?.value,
    policy.photo.heightPx?.value,
    examples,
    policy.photo.dpi?.value,
  );
  const validations = { photo: rules, details, ...(reuse ? { existingTitle: t.photoExisting } : {}) };
  return ask(
    step,
    PROMPT.photo,
    question,
    validations,
    reuse ? [t.photoExisting, t.photoRequirementsAction] : [t.photoRequirementsAction],
  );
}

export const askName = (step: WaterfallStepContext) => ask(step, PROMPT.name, t.nameAsk);
export const askIdNumber = (step: WaterfallStepContext) => ask(step, PROMPT.idNumber, t.idAsk);
export const askPhone = (step: WaterfallStepContext) => ask(step, PROMPT.phone, t.phoneAsk);
/** Another city we serve, by its names: an address naming it is not in this city. */
export function otherCityWords(policy: CityPolicy): string[] {
  return listPolicies()
    .filter((p) => p.id !== policy.id)
    .flatMap((p) => [p.name, ...p.aliases]);
}

/** A home address, which must lie in the procedure's city (audit M17), like the post address. */
export const askAddress = (step: WaterfallStepContext, policy: CityPolicy, question: string = t.addressAsk) =>
  ask(step, PROMPT.address, question, { outside: addressOutside(policy) });

/** What makes a home address not this city's: another city's names, or a leading region elsewhere. */
export const addressOutside = (policy: CityPolicy): Outside => ({
  words: otherCityWords(policy),
  reason: promptTexts.addressOtherCity(policy.name),
  ownCity: policy.name,
});

/** A home address field of the summary, asked (or read from a correction) as the first time. */
export const addressField = (deps: DialogDeps, key: string, label: string, question?: string): EditableField => ({
  key,
  label,
  ask: async (s) => askAddress(s, await policyFor(deps, s.context), question),
  parse: async (value, s) => checkAddress(value, addressOutside(await policyFor(deps, s.context))),
});

/** The applicant's details as the summary offers them for change. */
export const applicantFields = (): EditableField[] => [
  { key: 'name', label: t.labels.name, ask: (s) => askName(s), parse: (value) => checkName(value) },
  { key: 'idNumber', label: t.labels.idNumber, ask: (s) => askIdNumber(s) },
  {
    key: 'phone',
    label: t.labels.phone,
    ask: (s) => askPhone(s),
    parse: (value) => {
      const r = validateMobile(value);
      return r.ok ? { ok: true, value: r.value } : { ok: false, reason: r.problems[0].message };
    },
  },
];

export const bulletList = (items: string[]): string => items.map((i) => `· ${i}`).join('\n');

export function applicantLines(answers: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const { name, idNumber, phone } = answers;
  if (typeof name === 'string' && name) lines.push(`${t.labels.name}：${name}`);
  if (typeof idNumber === 'string' && idNumber) lines.push(`${t.labels.idNumber}：${maskIdNumber(idNumber)}`);
  if (typeof phone === 'string' && phone) lines.push(`${t.labels.phone}：${maskPhone(phone)}`);
  return lines;
}

/** Submits the draft; the idempotency key is the draft's, so a repeated submit returns the first record. */
export async function submitDraft(
  deps: DialogDeps,
  context: TurnContext,
  draft: Draft,
  input: Omit<SubmissionInput, 'idempotencyKey' | 'conversationId'>,
): Promise<Result<Application>> {
  const conversationId = context.activity.conversation?.id;
  return deps.applications.submit({
    ...input,
    idempotencyKey: `draft-${draft.id}`,
    ...(conversationId ? { conversationId } : {}),
  });
}

export function problemsText(problems: Problem[]): string {
  return `${t.submitFailed}\n${bulletList(problems.map((p) => p.message))}`;
}

/** Reference number, expected date and what happens next: what the 办理成功 page shows. */
export function submittedText(app: Application, policy: CityPolicy, next: string): string {
  const lines = [t.submitted(t.kindNames[app.kind] ?? app.kind), `${t.labels.reference}：${app.referenceNumber}`];
  const submittedOn = app.timeline[0] ? todayIn({ now: () => new Date(app.timeline[0].at) }) : undefined;
  const milestones = submittedOn ? expectedMilestones(policy, app.kind, submittedOn) : [];
  if (milestones.length > 0)
    lines.push(
      t.expectedTitle,
      ...milestones.map(
        (m) =>
          `· ${t.milestone(m.code, formatChineseDate(m.date), m.workingDays, m.provisional, policy.timeLimits.registrationConfirmWorkingDays?.value)}`,
      ),
    );
  else lines.push(app.expectedBy ? t.expectedBy(formatChineseDate(app.expectedBy)) : t.noExpectedDate(policy.name));
  lines.push(next, t.lookupHint);
  return lines.join('\n');
}

/** A yes/no question with its own button titles; the other ways to say yes or no come from the vocabulary. */
export const yesNoOptions = (yes: string, no: string): ChoiceOption[] => [
  { id: 'yes', title: yes, synonyms: vocabulary.yes },
  { id: 'no', title: no, synonyms: vocabulary.no },
];

export { askChoice };
