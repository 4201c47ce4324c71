import { randomUUID } from 'node:crypto';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  Dialog,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { getPolicy } from '../domain/policies';
import type { ProcedureIntent } from '../knowledge/types';
import { render } from '../messages';
import { matchChoice } from './choices';
import { addResidentPrompts, PROMPT, withButtons } from './prompts';
import { BACK, isSummaryPage } from './summaryDialog';
import { interpretTurn, type Utterance } from './turn/utterance';
import { commonTexts } from './texts/common';
import { looksUpset } from './upset';
import type { ConversationData, DialogDeps, Draft } from './types';

const CONFIRM_CANCEL = 'procedure.confirmCancel';
const CONFIRM_CITY = 'procedure.confirmCity';
/**
 * A question at a prompt is answered from the FAQ only this sure; a wrong answer in the middle of a form
 * misleads more than "I am not sure" (the router's own threshold is lower: there a miss costs nothing).
 */
const PROMPT_ANSWER_CONFIDENCE = 0.6;
/**
 * Prompts where the resident types a value: a question there is never the value. (Choice prompts and the
 * photo prompt read questions themselves: "照片有什么要求", "可以解挂吗" at the summary.)
 */
const FIELD_PROMPTS: ReadonlySet<string> = new Set([
  PROMPT.name,
  PROMPT.idNumber,
  PROMPT.phone,
  PROMPT.address,
  PROMPT.pastDate,
  PROMPT.expiryDate,
  PROMPT.signature,
  PROMPT.reference,
  PROMPT.idLast4,
]);

/**
 * The base of every procedure: global commands (取消/退出, 重新开始, 帮助, 转人工) and policy questions
 * at any prompt. A question is answered and the same prompt asked again; what was entered is kept,
 * because answers live in the draft and the waterfall is not touched.
 */
export abstract class CancelAndHelpDialog extends ComponentDialog {
  /** Whether the procedure depends on the city's rules (the main dialog asks it first). */
  readonly needsCity: boolean = true;
  protected constructor(
    id: string,
    protected readonly deps: DialogDeps,
    readonly procedure: ProcedureIntent,
    readonly title: string,
  ) {
    super(id);
    addResidentPrompts(this, deps.clock);
    // "确定不办了吗？" is a small dialog on the stack above the question it interrupted: when it ends,
    // that prompt asks its question again (code review P1: no modal flag beside the stack).
    this.addDialog(
      new WaterfallDialog(CONFIRM_CANCEL, [
        async (step) => {
          await step.context.sendActivity(
            withButtons(commonTexts.cancelConfirm(this.title), [commonTexts.cancelYes, commonTexts.cancelNo]),
          );
          return Dialog.EndOfTurn;
        },
        (step) => this.confirmCancelStep(step),
      ]),
    );
    // "等等 我其实是在上海办" at any prompt: asked before the procedure starts again for that city.
    this.addDialog(
      new WaterfallDialog(CONFIRM_CITY, [
        async (step) => {
          const { city, current } = step.options as { city: string; current: string };
          const to = getPolicy(city).name;
          await step.context.sendActivity(
            withButtons(render('procedure.citySwitch.ask', { city: to, current: getPolicy(current).name, title }), [
              render('procedure.citySwitch.yes', { city: to }),
              render('procedure.citySwitch.no', { city: getPolicy(current).name }),
            ]),
          );
          return Dialog.EndOfTurn;
        },
        (step) => this.confirmCityStep(step),
      ]),
    );
  }

  protected async data(context: TurnContext): Promise<ConversationData> {
    return this.deps.conversationData.get(context, {});
  }

  /** The draft of this procedure; created when the procedure begins. */
  protected async draft(context: TurnContext): Promise<Draft> {
    const data = await this.data(context);
    const now = this.deps.clock.now().toISOString();
    if (!data.draft || data.draft.procedure !== this.procedure) {
      data.draft = { id: randomUUID(), procedure: this.procedure, answers: {}, startedAt: now, updatedAt: now };
    }
    return data.draft;
  }

  protected async answers(context: TurnContext): Promise<Record<string, unknown>> {
    return (await this.draft(context)).answers;
  }

  /** Stores one answer in the draft and stamps it, so a later visit can resume from here. */
  protected async remember(context: TurnContext, field: string, value: unknown): Promise<void> {
    const draft = await this.draft(context);
    draft.answers[field] = value;
    draft.updatedAt = this.deps.clock.now().toISOString();
  }

  override async onBeginDialog(innerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    const data = await this.data(innerDc.context);
    if (!(options as { resume?: boolean } | undefined)?.resume) data.draft = undefined;
    await this.draft(innerDc.context);
    return super.onBeginDialog(innerDc, options);
  }

  override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interrupted = await this.interrupt(innerDc);
    return interrupted ?? super.onContinueDialog(innerDc);
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const context = innerDc.context;
    if ((context.activity.type as ActivityTypes) !== ActivityTypes.Message) return undefined;
    if (innerDc.activeDialog?.id === CONFIRM_CANCEL || innerDc.activeDialog?.id === CONFIRM_CITY) return undefined;
    const utterance = interpretTurn(context);

    // "我想取消申请" in the middle of a form: leaving this procedure, asked like 取消.
    switch (utterance.withdrawsApplication ? 'cancel' : utterance.command) {
      case 'cancel': {
        const entered = Object.keys((await this.draft(context)).answers).length > 0;
        if (!entered) return this.cancelProcedure(innerDc);
        return innerDc.beginDialog(CONFIRM_CANCEL);
      }
      case 'restart': {
        const data = await this.data(context);
        data.draft = undefined;
        await this.draft(context);
        await context.sendActivity(commonTexts.restarted(this.title));
        await innerDc.cancelAllDialogs();
        return innerDc.beginDialog(this.initialDialogId);
      }
      case 'back':
        return this.goBack(innerDc);
      case 'help':
        await context.sendActivity(commonTexts.help(this.title));
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'human':
        await this.deps.handoff(context, `procedure:${this.procedure}`);
        await context.sendActivity(commonTexts.handoffKeepsDraft);
        return Dialog.EndOfTurn;
      default:
        if (utterance.city && this.needsCity) {
          const current = (await this.data(context)).city;
          // The city already followed falls through: the prompt says why "上海" is not a name.
          if (current && current !== utterance.city)
            return innerDc.beginDialog(CONFIRM_CITY, { city: utterance.city, current });
        }
        if (looksUpset(utterance.text)) {
          await context.sendActivity(commonTexts.upset);
          await this.deps.handoff(context, `upset:${this.procedure}`);
          await context.sendActivity(commonTexts.handoffKeepsDraft);
          return Dialog.EndOfTurn;
        }
        return this.answerQuestion(innerDc, utterance, await this.data(context));
    }
  }

  /**
   * A question at a prompt: answered for the conversation's city when the model is sure, then the same
   * prompt again. At a field prompt a question is never stored or refused as a bad value ("地址要写到门牌号吗？"
   * would pass as an address, "要是记不清日期怎么办" fail as a date): unsure, the resident is told so and
   * asked the same question again.
   */
  private async answerQuestion(
    innerDc: DialogContext,
    utterance: Utterance,
    data: ConversationData,
  ): Promise<DialogTurnResult | undefined> {
    if (!utterance.isQuestion) return undefined;
    const understanding = this.deps.knowledge.understand(utterance.text);
    const result =
      (understanding.kind === 'faq' || understanding.kind === 'outOfScope') &&
      understanding.score >= PROMPT_ANSWER_CONFIDENCE
        ? this.deps.knowledge.answer(understanding.intent, data.city)
        : undefined;
    if (result?.kind === 'answer') await innerDc.context.sendActivity(result.answer.text);
    else if (FIELD_PROMPTS.has(innerDc.activeDialog?.id ?? ''))
      await innerDc.context.sendActivity(render('procedure.questionNotAnswered'));
    else return undefined;
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }

  /** 确定取消 (or any yes, or 取消 again) cancels; anything else goes back to the question that was asked. */
  private async confirmCancelStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const utterance = interpretTurn(step.context);
    const button = matchChoice(utterance.text, [
      { id: 'yes', title: commonTexts.cancelYes },
      { id: 'no', title: commonTexts.cancelNo },
    ]);
    if (button === 'yes' || (button === undefined && (utterance.yesNo === 'yes' || utterance.command === 'cancel')))
      return this.cancelProcedure(step);
    await step.context.sendActivity(commonTexts.notCancelled);
    return step.endDialog();
  }

  /**
   * A message that only names another city is never stored as an answer (a name, an address): its rules
   * differ (residence types, proxies, documents), so switching is confirmed first and the procedure
   * starts again for that city, with nothing carried over from the other city's form; no keeps the form.
   */
  private async confirmCityStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { city, current } = step.options as { city: string; current: string };
    const utterance = interpretTurn(step.context);
    const button = matchChoice(utterance.text, [
      { id: 'yes', title: render('procedure.citySwitch.yes', { city: getPolicy(city).name }) },
      { id: 'no', title: render('procedure.citySwitch.no', { city: getPolicy(current).name }) },
    ]);
    if (button === 'yes' || (button === undefined && (utterance.yesNo === 'yes' || utterance.city === city))) {
      const data = await this.data(step.context);
      data.city = city;
      data.draft = undefined;
      await this.draft(step.context);
      await step.context.sendActivity(
        render('procedure.citySwitch.done', { city: getPolicy(city).name, title: this.title }),
      );
      await step.cancelAllDialogs();
      return step.beginDialog(this.initialDialogId);
    }
    await step.context.sendActivity(render('procedure.citySwitch.kept', { city: getPolicy(current).name }));
    return step.endDialog();
  }

  /**
   * 返回/上一步: while a field is being changed from the summary, back to the summary with nothing changed;
   * elsewhere, the resident is told where earlier answers can be changed and the question is asked again.
   * Either way the command is never stored as an answer (audit M3).
   */
  private async goBack(innerDc: DialogContext): Promise<DialogTurnResult> {
    const below = innerDc.stack[innerDc.stack.length - 2];
    if (below && isSummaryPage(below.id)) return innerDc.endDialog(BACK);
    await innerDc.context.sendActivity(commonTexts.backHere);
    await innerDc.repromptDialog();
    return Dialog.EndOfTurn;
  }

  private async cancelProcedure(innerDc: DialogContext): Promise<DialogTurnResult> {
    const data = await this.data(innerDc.context);
    data.draft = undefined;
    await innerDc.context.sendActivity(withButtons(commonTexts.cancelled(this.title), commonTexts.mainActions));
    return innerDc.cancelAllDialogs();
  }
}
