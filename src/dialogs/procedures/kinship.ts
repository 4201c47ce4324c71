import type { TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { todayIn } from '../../domain/dates';
import { maskIdNumber } from '../../domain/idNumber';
import { kinshipLetterText } from '../../domain/kinshipLetter';
import type { CityPolicy } from '../../domain/policies';
import type { Clock } from '../../domain/ports';
import { ask, askChoice, PROMPT } from '../prompts';
import { registrationTexts as t } from '../texts/registration';

/** Living with relatives (any residence type the city marks so) needs the signed commitment letter. */
export function needsKinshipLetter(policy: CityPolicy, answers: Record<string, unknown>): boolean {
  return policy.residenceTypes.value.some((r) => r.id === answers.residenceType && r.needsKinshipLetter);
}

export const askRelativeName = (step: WaterfallStepContext) => ask(step, PROMPT.name, t.relativeNameAsk);
/** How residents name the relative ("我姐姐", "老公"), keyed by the option title. */
const RELATIONSHIP_WORDS: Record<string, string[]> = {
  父母: ['父亲', '母亲', '爸爸', '妈妈', '爸', '妈', '老爸', '老妈', '爸妈'],
  子女: ['儿子', '女儿', '孩子', '闺女'],
  配偶: ['老公', '老婆', '丈夫', '妻子', '爱人', '媳妇'],
  兄弟姐妹: ['哥哥', '姐姐', '弟弟', '妹妹', '哥', '姐', '弟', '妹', '兄弟', '姐妹'],
  祖父母或外祖父母: ['爷爷', '奶奶', '外公', '外婆', '姥姥', '姥爷', '祖父', '祖母'],
  其他亲属: [
    '舅舅',
    '姑姑',
    '叔叔',
    '阿姨',
    '姨妈',
    '伯伯',
    '表哥',
    '表姐',
    '堂哥',
    '堂姐',
    '亲戚',
    '岳父',
    '岳母',
    '公公',
    '婆婆',
  ],
};
export const askRelationship = (step: WaterfallStepContext) =>
  askChoice(
    step,
    t.relationshipAsk,
    t.relationships.map((r) => ({ id: r, title: r, synonyms: RELATIONSHIP_WORDS[r] ?? [] })),
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
