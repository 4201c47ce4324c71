import { ActivityHandler, type BotState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import { ConcurrencyError, type Clock } from '../domain/ports';
import type { Logger } from '../logger';
import { matchChoice } from './choices';
import { interpretTurn } from './turn/utterance';
import type { MainDialog } from './mainDialog';
import { withButtons } from './prompts';
import { commonTexts } from './texts/common';
import type { ConversationData } from './types';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export interface AssistantBotOptions {
  conversationState: BotState;
  dialogState: StatePropertyAccessor<DialogState>;
  conversationData: StatePropertyAccessor<ConversationData>;
  mainDialog: MainDialog;
  clock: Clock;
  log: Logger;
  draftTtlHours: number;
  resumeAfterMinutes: number;
  /** Procedure intent → its title, for the resume and expiry messages. */
  procedureTitles: Record<string, string>;
}

/**
 * Receives activities: a welcome when someone joins, the main dialog for messages, and state saved at
 * the end of every turn. Before a message reaches the dialogs it checks the draft: an expired one is
 * dropped, and a resident who comes back after a pause is asked whether to continue.
 */
export class AssistantBot extends ActivityHandler {
  constructor(private readonly o: AssistantBotOptions) {
    super();
    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).some((m) => m.id !== context.activity.recipient?.id);
      if (joined) await this.greet(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    try {
      await this.o.conversationState.saveChanges(context, false);
    } catch (err) {
      if (!(err instanceof ConcurrencyError)) throw err;
      // Another turn of this conversation saved first; ours is dropped rather than overwriting it.
      this.o.log.warn(
        { conversationId: context.activity.conversation?.id },
        'conversation state changed by a concurrent turn; this turn was not saved',
      );
      await context.sendActivity(commonTexts.saveFailed);
    }
  }

  private async greet(context: TurnContext): Promise<void> {
    const data = await this.o.conversationData.get(context, {});
    if (data.draft && (await this.hasActiveDialog(context)) && !this.expired(data)) {
      data.pendingResume = true;
      await context.sendActivity(
        withButtons(commonTexts.resumeAsk(this.title(data)), [commonTexts.resumeYes, commonTexts.resumeNo]),
      );
      return;
    }
    await context.sendActivity(withButtons(commonTexts.welcome.join('\n'), commonTexts.mainActions));
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    // Interpreted once, before any layer reads it: from here on the activity's text is normalised.
    const utterance = interpretTurn(context);
    const data = await this.o.conversationData.get(context, {});
    const now = this.o.clock.now();
    const lastSeen = data.lastActivityAt ? Date.parse(data.lastActivityAt) : undefined;
    data.lastActivityAt = now.toISOString();
    const active = await this.hasActiveDialog(context);

    if (!active) {
      data.draft = undefined;
      data.pendingResume = false;
    } else if (data.draft && this.expired(data)) {
      const title = this.title(data);
      await this.endProcedure(context, data);
      await context.sendActivity(commonTexts.draftExpired(title, this.o.draftTtlHours));
    } else if (data.pendingResume) {
      data.pendingResume = false;
      const choice =
        matchChoice(utterance.text, [
          { id: 'yes', title: commonTexts.resumeYes },
          { id: 'no', title: commonTexts.resumeNo },
        ]) ?? utterance.yesNo;
      if (choice === 'no') {
        const title = this.title(data);
        await this.endProcedure(context, data);
        await context.sendActivity(withButtons(commonTexts.resumeDropped(title), commonTexts.mainActions));
        return;
      }
      if (choice === 'yes') {
        await this.reprompt(context);
        return;
      }
      // Anything else is taken as the answer to the question that was waiting.
    } else if (
      data.draft &&
      lastSeen !== undefined &&
      now.getTime() - lastSeen >= this.o.resumeAfterMinutes * MINUTE_MS
    ) {
      data.pendingResume = true;
      await context.sendActivity(
        withButtons(commonTexts.resumeAsk(this.title(data)), [commonTexts.resumeYes, commonTexts.resumeNo]),
      );
      return;
    }
    await this.o.mainDialog.run(context, this.o.dialogState);
    const stillActive = await this.hasActiveDialog(context);
    if (!stillActive) data.draft = undefined;
  }

  private expired(data: ConversationData): boolean {
    if (!data.draft) return false;
    return this.o.clock.now().getTime() - Date.parse(data.draft.updatedAt) > this.o.draftTtlHours * HOUR_MS;
  }

  private title(data: ConversationData): string {
    return (data.draft && this.o.procedureTitles[data.draft.procedure]) ?? '办理';
  }

  private async hasActiveDialog(context: TurnContext): Promise<boolean> {
    const state = await this.o.dialogState.get(context, { dialogStack: [] });
    return (state.dialogStack?.length ?? 0) > 0;
  }

  private async dialogContext(context: TurnContext) {
    const set = new DialogSet(this.o.dialogState);
    set.add(this.o.mainDialog);
    return set.createContext(context);
  }

  private async reprompt(context: TurnContext): Promise<void> {
    const dc = await this.dialogContext(context);
    await dc.repromptDialog();
  }

  private async endProcedure(context: TurnContext, data: ConversationData): Promise<void> {
    const dc = await this.dialogContext(context);
    await dc.cancelAllDialogs();
    data.draft = undefined;
  }
}
