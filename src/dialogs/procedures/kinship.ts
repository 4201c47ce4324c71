import type { TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { todayIn } from '../../domain/dates';
import { maskIdNumber } from '../../domain/idNumber';
import { kinshipLetterText } from '../../domain/kinshipLetter';
import type { CityPolicy } from '../../domain/policies';
import type { Clock } from '../../domain/ports';
import { ask, askChoice, PROMPT } from '../prompts';
import { registrationTexts as t } from '../texts/registration';
import { vocabulary } from '../turn/utterance';

/** Living with relatives (any residence type the city marks so) needs the signed commitment letter. */
export function needsKinshipLetter(policy: CityPolicy, answers: Record<string, unknown>): boolean {
  return policy.residenceTypes.value.some((r) => r.id === answers.residenceType && r.needsKinshipLetter);
}

/** The relative's own name: "我舅舅赵大海" gives 赵大海 (the relationship is asked next; audit M4). */
export const askRelativeName = (step: WaterfallStepContext) =>
  ask(step, PROMPT.name, t.relativeNameAsk, { relative: true });
export const askRelationship = (step: WaterfallStepContext) =>
  askChoice(
    step,
    t.relationshipAsk,
    t.relationships.map((r) => ({ id: r, title: r, synonyms: vocabulary.kin[r] ?? [] })),
  );

/**
 * Generates the letter from the answers, shows it and asks for the full name as signature. The
 * letter text is kept in the answers; any earlier signature is cleared because the text changed.
 */
export async function showLetterAndAskSignature(
  step: WaterfallStepContext,
  policy: CityPolicy,
  clock: Clock,
  answers: Record<string, unknown>,
  remember: (context: TurnContext, key: string, value: unknown) => Promise<void>,
): Promise<DialogTurnResult> {
  const text = kinshipLetterText({
    city: policy,
    applicantName: String(answers.name),
    applicantIdMasked: maskIdNumber(String(answers.idNumber)),
    relativeName: String(answers.relativeName),
    relationship: String(answers.relationship),
    address: String(answers.address),
    date: todayIn(clock),
  });
  await remember(step.context, 'kinshipLetterText', text);
  await remember(step.context, 'signedName', undefined);
  await step.context.sendActivity(`${t.letterShown}\n\n${text}`);
  return ask(step, PROMPT.signature, t.signAsk(String(answers.name)), { expected: String(answers.name) });
}

export async function saveSignature(
  step: WaterfallStepContext,
  clock: Clock,
  value: unknown,
  remember: (context: TurnContext, key: string, value: unknown) => Promise<void>,
): Promise<void> {
  if (typeof value !== 'string') return;
  await remember(step.context, 'signedName', value);
  await remember(step.context, 'signedAt', clock.now().toISOString());
  await step.context.sendActivity(t.signed);
}

/** The relative's lines on a summary, when a letter is involved. */
export function relativeLines(a: Record<string, unknown>): string[] {
  if (typeof a.relativeName !== 'string') return [];
  return [`${t.labels.relativeName}：${a.relativeName}`, `${t.labels.relationship}：${String(a.relationship)}`];
}

/** The letter as the domain's submission expects it, when one was signed. */
export function signedLetter(
  a: Record<string, unknown>,
): { kinshipLetter: { text: string; signedName: string; signedAt?: string } } | Record<string, never> {
  if (typeof a.kinshipLetterText !== 'string' || typeof a.signedName !== 'string') return {};
  return {
    kinshipLetter: {
      text: a.kinshipLetterText,
      signedName: a.signedName,
      ...(typeof a.signedAt === 'string' ? { signedAt: a.signedAt } : {}),
    },
  };
}
