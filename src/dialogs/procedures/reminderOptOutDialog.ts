import { ComponentDialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { optOutOfReminders, optOutTexts } from '../../domain/reminders';
import { withButtons } from '../prompts';
import { commonTexts } from '../texts/common';
import type { DialogDeps } from '../types';

/** 退订提醒: no more 办证/签注 reminders for this conversation and the residents who applied from it. */
export class ReminderOptOutDialog extends ComponentDialog {
  static readonly id = 'reminderOptOut';

  constructor(private readonly deps: DialogDeps) {
    super(ReminderOptOutDialog.id);
    this.addDialog(new WaterfallDialog('reminderOptOut.steps', [this.optOutStep.bind(this)]));
    this.initialDialogId = 'reminderOptOut.steps';
  }

  private async optOutStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const conversationId = step.context.activity.conversation?.id;
    if (conversationId)
      await optOutOfReminders(this.deps.store.documents, conversationId, this.deps.clock.now().toISOString());
    await step.context.sendActivity(withButtons(optOutTexts.done, commonTexts.mainActions));
    return step.endDialog();
  }
}
