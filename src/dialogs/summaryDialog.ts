import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { render } from '../messages';
import { numberedList, type ChoiceOption } from './choices';
import { PROMPT, withButtons, type Check } from './prompts';
import { commonTexts } from './texts/common';
import { correctionOf, interpretTurn, vocabulary } from './turn/utterance';

/** One answer the resident may change from the summary. */
export interface EditableField {
  key: string;
  label: string;
  /** Asks for the new value (same prompt and validation as the first time). */
  ask(step: WaterfallStepContext): Promise<DialogTurnResult>;
  /**
   * Reads a new value given in a free-text correction ("改成13800138000") with the prompt's own check;
   * without it, or when the value does not pass, the field's prompt is asked.
   */
  parse?(value: string, step: WaterfallStepContext): Check | Promise<Check>;
}

const FIX = 'fix';
const PAGE_SUFFIX = '.summary-page';

/** The id of a review's summary page; the interruption layer recognises a field being changed from it. */
export const summaryPageId = (reviewId: string): string => `${reviewId}${PAGE_SUFFIX}`;
export const isSummaryPage = (dialogId: string): boolean => dialogId.endsWith(PAGE_SUFFIX);
/** What a field's prompt ends with when the resident says 返回 while changing it: nothing is saved. */
export const BACK = { back: true } as const;
const isBack = (result: unknown): boolean => (result as { back?: unknown } | undefined)?.back === true;

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
      // A bare 对 or 是的 must not be refused at the last step; "不对" must not read as "对" (below).
      const shown: ChoiceOption[] = [
        { id: 'submit', title: o.confirmTitle, synonyms: vocabulary.submit },
        ...fields.map((f) => ({ id: f.key, title: `${o.editPrefix}${f.label}`, synonyms: [f.label, `改${f.label}`] })),
      ];
      // "不对" must not read as "对": a hidden option catches it and asks which field to change.
      const choices = [...shown, { id: FIX, title: FIX, synonyms: vocabulary.somethingWrong }];
      const text = `${await o.render(step)}\n\n${o.question}\n${numberedList(shown)}`;
      return step.prompt(PROMPT.choice, {
        prompt: withButtons(
          text,
          shown.map((c) => c.title),
        ),
        validations: { choices, corrections: fields.map((f) => ({ key: f.key, label: f.label })) },
      });
    },
    async (step) => {
      if (step.result === 'submit') return step.endDialog('submit');
      if (step.result === FIX) {
        await step.context.sendActivity(o.whichField ?? commonTexts.summaryWhichField);
        return step.replaceDialog(id);
      }
      const fields = await o.fields(step);
      const field = fields.find((f) => f.key === step.result);
      if (!field) return step.replaceDialog(id);
      (step.values as Record<string, unknown>).key = field.key;
      // "电话写错了 改成13800138000": the value given with the correction is applied when it passes the check.
      const correction = correctionOf(
        interpretTurn(step.context).text,
        fields.map((f) => ({ key: f.key, label: f.label })),
      );
      if (correction?.key === field.key && correction.value !== undefined && field.parse) {
        const parsed = await field.parse(correction.value, step);
        if (parsed.ok) {
          await step.context.sendActivity(render('summary.changed', { label: field.label }));
          return step.next(parsed.value);
        }
        await step.context.sendActivity(parsed.reason);
      }
      return field.ask(step);
    },
    async (step) => {
      if (isBack(step.result)) return step.replaceDialog(id);
      const key = (step.values as Record<string, unknown>).key as string;
      await o.save(step, key, step.result);
      const more = o.afterEdit ? await o.afterEdit(step, key) : undefined;
      return more ?? step.replaceDialog(id);
    },
    async (step) => {
      if (isBack(step.result)) return step.replaceDialog(id);
      if (o.afterEditAnswer)
        await o.afterEditAnswer(step, (step.values as Record<string, unknown>).key as string, step.result);
      return step.replaceDialog(id);
    },
  ]);
}
