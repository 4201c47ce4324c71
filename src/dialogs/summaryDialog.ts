import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { numberedList, type ChoiceOption } from './choices';
import { PROMPT, withButtons } from './prompts';
import { commonTexts } from './texts/common';

/** How residents say "all correct, submit" (a bare 对 or 是的 must not be refused at the last step). */
const FIX_WORDS = ['不对', '不是', '有错', '错了', '不正确', '有误', '要改', '修改', '改一下', '填错'];
const CONFIRM_WORDS = [
  '确认',
  '提交',
  '没问题',
  '对',
  '对的',
  '是',
  '是的',
  '正确',
  '好',
  '好的',
  '可以',
  '没错',
  '都对',
  '确定',
  '无误',
  '确认无误',
  'ok',
  '行',
];

/** One answer the resident may change from the summary. */
export interface EditableField {
  key: string;
  label: string;
  /** Asks for the new value (same prompt and validation as the first time). */
  ask(step: WaterfallStepContext): Promise<DialogTurnResult>;
}

const FIX = 'fix';

export interface SummaryOptions {
  confirmTitle: string;
  /** Said when the resident says something is wrong without naming it. */
  whichField?: string;
  editPrefix: string;
  question: string;
  /** The summary text shown before the question. */
  render(step: WaterfallStepContext): Promise<string>;
  fields(step: WaterfallStepContext): Promise<EditableField[]>;
  save(step: WaterfallStepContext, key: string, value: unknown): Promise<void>;
  /** After a change: a further prompt (e.g. signing the letter again), or undefined to show the summary again. */
  afterEdit?(step: WaterfallStepContext, key: string): Promise<DialogTurnResult | undefined>;
  afterEditAnswer?(step: WaterfallStepContext, key: string, value: unknown): Promise<void>;
}

/**
 * The summary page: shows what was entered, then either confirms (ends with "submit") or lets the
 * resident change one field and shows the summary again.
 */
export function summaryDialog(id: string, o: SummaryOptions): WaterfallDialog {
  return new WaterfallDialog(id, [
    async (step) => {
      const fields = await o.fields(step);
      const shown: ChoiceOption[] = [
        { id: 'submit', title: o.confirmTitle, synonyms: CONFIRM_WORDS },
        ...fields.map((f) => ({ id: f.key, title: `${o.editPrefix}${f.label}`, synonyms: [f.label, `改${f.label}`] })),
      ];
      // "不对" must not read as "对": a hidden option catches it and asks which field to change.
      const choices = [...shown, { id: FIX, title: FIX, synonyms: FIX_WORDS }];
      const text = `${await o.render(step)}\n\n${o.question}\n${numberedList(shown)}`;
      return step.prompt(PROMPT.choice, {
        prompt: withButtons(
          text,
          shown.map((c) => c.title),
        ),
        validations: { choices },
      });
    },
    async (step) => {
      if (step.result === 'submit') return step.endDialog('submit');
      if (step.result === FIX) {
        await step.context.sendActivity(o.whichField ?? commonTexts.summaryWhichField);
        return step.replaceDialog(id);
      }
      const field = (await o.fields(step)).find((f) => f.key === step.result);
      if (!field) return step.replaceDialog(id);
      (step.values as Record<string, unknown>).key = field.key;
      return field.ask(step);
    },
    async (step) => {
      const key = (step.values as Record<string, unknown>).key as string;
      await o.save(step, key, step.result);
      const more = o.afterEdit ? await o.afterEdit(step, key) : undefined;
      return more ?? step.replaceDialog(id);
    },
    async (step) => {
      if (o.afterEditAnswer)
        await o.afterEditAnswer(step, (step.values as Record<string, unknown>).key as string, step.result);
      return step.replaceDialog(id);
    },
  ]);
}
