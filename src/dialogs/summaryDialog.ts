import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { askChoice } from './prompts';

/** One answer the resident may change from the summary. */
export interface EditableField {
  key: string;
  label: string;
  /** Asks for the new value (same prompt and validation as the first time). */
  ask(step: WaterfallStepContext): Promise<DialogTurnResult>;
}

export interface SummaryOptions {
  confirmTitle: string;
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
      const text = `${await o.render(step)}\n\n${o.question}`;
      return askChoice(step, text, [{ id: 'submit', title: o.confirmTitle, synonyms: ['确认', '提交', '没问题', '对的', '正确'] }, ...fields.map((f) => ({ id: f.key, title: `${o.editPrefix}${f.label}` }))]);
    },
    async (step) => {
      if (step.result === 'submit') return step.endDialog('submit');
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
      if (o.afterEditAnswer) await o.afterEditAnswer(step, (step.values as Record<string, unknown>).key as string, step.result);
      return step.replaceDialog(id);
    },
  ]);
}
