import type { ActivityHandler, TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { ProcedureIntent } from '../knowledge/types';
import { AssistantBot } from './assistantBot';
import type { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { MainDialog } from './mainDialog';
import { AddressChangeDialog } from './procedures/addressChangeDialog';
import { CorrectionDialog } from './procedures/correctionDialog';
import { ReminderOptOutDialog } from './procedures/reminderOptOutDialog';
import { correctionTexts } from './texts/correction';
import { REMINDER_ACTIONS } from '../domain/reminders';
import { LossReportDialog } from './procedures/lossReportDialog';
import { PermitApplicationDialog } from './procedures/permitApplicationDialog';
import { RegistrationDialog } from './procedures/registrationDialog';
import { RenewalDialog } from './procedures/renewalDialog';
import { StatusLookupDialog } from './procedures/statusLookupDialog';
import { recordHandoffRequest } from './records';
import { DocumentStoreStorage, EtagConversationState } from './stateStorage';
import { commonTexts } from './texts/common';
import type { AssistantDeps, ConversationData, DialogDeps } from './types';

export type { AssistantDeps, HandoffHook } from './types';
export { BOT_STATE_COLLECTION } from './stateStorage';
export { HANDOFF_REQUESTS, REMINDER_REQUESTS } from './records';

const DEFAULT_DRAFT_TTL_HOURS = 72;

/**
 * The whole assistant as one ActivityHandler: conversation state in the project's store (collection
 * "bot-state", eTag-checked), the main router and one dialog per procedure. The caller passes each
 * turn to `bot.run(context)`; state is saved at the end of the turn.
 */
export function createAssistantBot(deps: AssistantDeps): ActivityHandler {
  const conversationState = new EtagConversationState(new DocumentStoreStorage(deps.store.documents));
  const dialogState = conversationState.createProperty<DialogState>('dialogState');
  const conversationData = conversationState.createProperty<ConversationData>('conversationData');
  const draftTtlHours = deps.draftTtlHours ?? DEFAULT_DRAFT_TTL_HOURS;

  const dialogDeps: DialogDeps = {
    knowledge: deps.knowledge,
    applications: deps.applications,
    store: deps.store,
    clock: deps.clock,
    log: deps.log,
    draftTtlHours,
    lookupAttemptsPerHour: deps.lookupAttemptsPerHour ?? 5,
    conversationData,
    ...(deps.files ? { files: deps.files } : {}),
    handoff: async (context: TurnContext, reason: string) => {
      if (deps.handoff) return deps.handoff.request(context, reason);
      await recordHandoffRequest(deps.store, deps.clock, context, reason);
      await context.sendActivity(commonTexts.handoffRecorded);
    },
  };

  const procedures: Record<ProcedureIntent, CancelAndHelpDialog> = {
    'procedure.registration': new RegistrationDialog(dialogDeps),
    'procedure.permit': new PermitApplicationDialog(dialogDeps),
    'procedure.renewal': new RenewalDialog(dialogDeps),
    'procedure.addressChange': new AddressChangeDialog(dialogDeps),
    'procedure.lossReport': new LossReportDialog(dialogDeps, 'lossReport'),
    'procedure.lossCancellation': new LossReportDialog(dialogDeps, 'lossCancellation'),
    'procedure.statusLookup': new StatusLookupDialog(dialogDeps),
  };
  const procedureTitles = Object.fromEntries(Object.entries(procedures).map(([intent, d]) => [intent, d.title]));
  const optOut = new ReminderOptOutDialog(dialogDeps);
  const mainDialog = new MainDialog(
    dialogDeps,
    procedures,
    { [correctionTexts.action]: new CorrectionDialog(dialogDeps), [REMINDER_ACTIONS.optOut]: optOut },
    optOut,
  );
  return new AssistantBot({
    conversationState,
    dialogState,
    conversationData,
    mainDialog,
    clock: deps.clock,
    log: deps.log,
    draftTtlHours,
    resumeAfterMinutes: deps.resumeAfterMinutes ?? 30,
    procedureTitles,
  });
}
