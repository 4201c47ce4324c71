import { randomUUID } from 'node:crypto';
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { ComponentDialog, Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { ProcedureIntent } from '../knowledge/types';
import { matchChoice, normalizeAnswer } from './choices';
import { addResidentPrompts, withButtons } from './prompts';
import { commonTexts } from './texts/common';
import { looksUpset } from './upset';
import type { ConversationData, DialogDeps, Draft } from './types';

const COMMANDS = {
  cancel: ['取消', '退出', '不办了', '取消办理', '我不办了', '结束'],
  restart: ['重新开始', '重来', '从头开始', '重新填写'],
  help: ['帮助', 'help', '怎么操作', '怎么用'],
  human: ['转人工', '人工', '人工客服', '找人工', '转人工客服', '找工作人员'],
};

/** Matches a global command only when the message is the command itself, not a sentence containing it. */
export function globalCommand(text: string): keyof typeof COMMANDS | undefined {
  const t = normalizeAnswer(text).toLowerCase();
  for (const [name, words] of Object.entries(COMMANDS)) if (words.includes(t)) return name as keyof typeof COMMANDS;
  return undefined;
}

const QUESTION =
  /[?？吗呢么]$|^(请问|想问|问一下)|怎么|怎样|如何|什么|多少|多久|哪里|哪儿|在哪|哪些|能不能|可不可以|可以不|是否|要不要|需不需要|为什么|几天|几个/;

/** Only a message that reads as a question may interrupt a prompt: addresses and names never do. */
export function looksLikeQuestion(text: string): boolean {
  return QUESTION.test(text.trim());
}

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
    const text = context.activity.text ?? '';
    const data = await this.data(context);

    if (data.pendingCancel) {
      data.pendingCancel = false;
      if (
        matchChoice(text, [
          { id: 'yes', title: commonTexts.cancelYes, synonyms: ['确定', '是', '是的', '取消', '对'] },
          { id: 'no', title: commonTexts.cancelNo, synonyms: ['继续', '不', '否', '不取消'] },
        ]) === 'yes'
      ) {
        return this.cancelProcedure(innerDc);
      }
      await context.sendActivity(commonTexts.notCancelled);
      await innerDc.repromptDialog();
      return Dialog.EndOfTurn;
    }

    switch (globalCommand(text)) {
      case 'cancel': {
        const entered = Object.keys((await this.draft(context)).answers).length > 0;
        if (!entered) return this.cancelProcedure(innerDc);
        data.pendingCancel = true;
        await context.sendActivity(
          withButtons(commonTexts.cancelConfirm(this.title), [commonTexts.cancelYes, commonTexts.cancelNo]),
        );
        return Dialog.EndOfTurn;
      }
      case 'restart': {
        data.draft = undefined;
        await this.draft(context);
        await context.sendActivity(commonTexts.restarted(this.title));
        await innerDc.cancelAllDialogs();
        return innerDc.beginDialog(this.initialDialogId);
      }
      case 'help':
        await context.sendActivity(commonTexts.help(this.title));
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'human':
        await this.deps.handoff(context, `procedure:${this.procedure}`);
        await context.sendActivity(commonTexts.handoffKeepsDraft);
        return Dialog.EndOfTurn;
      default:
        if (looksUpset(text)) {
          await context.sendActivity(commonTexts.upset);
          await this.deps.handoff(context, `upset:${this.procedure}`);
          await context.sendActivity(commonTexts.handoffKeepsDraft);
          return Dialog.EndOfTurn;
        }
        return this.answerQuestion(innerDc, text, data);
    }
  }

  /** A policy question at a prompt: answer it for the conversation's city, then ask the prompt again. */
  private async answerQuestion(
    innerDc: DialogContext,
    text: string,
    data: ConversationData,
  ): Promise<DialogTurnResult | undefined> {
    if (!looksLikeQuestion(text)) return undefined;
    const understanding = this.deps.knowledge.understand(text);
    if ((understanding.kind !== 'faq' && understanding.kind !== 'outOfScope') || understanding.score < 0.5)
      return undefined;
    const result = this.deps.knowledge.answer(understanding.intent, data.city);
    if (result.kind !== 'answer') return undefined;
    await innerDc.context.sendActivity(result.answer.text);
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
