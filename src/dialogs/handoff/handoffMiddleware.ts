import { ActivityTypes, ActivityHandler, MiddlewareSet, type Middleware, type TurnContext } from 'botbuilder';
import type { HandoffService } from './handoffService';
import { interpretTurn } from '../turn/utterance';
import { handoffTexts } from './texts';

/**
 * Keeps the bot quiet while a person owns the conversation. The resident's messages are still
 * recorded (the transcript middleware runs first) and shown in the console; the bot's state is not
 * touched, so after hand-back it continues where it was. While waiting in the queue the resident can
 * keep asking the bot, or leave the queue; outside service hours a call-back message is taken first.
 */
export class HandoffMiddleware implements Middleware {
  constructor(private readonly handoff: HandoffService) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    const conversationId = activity.conversation?.id;
    if ((activity.type as ActivityTypes) !== ActivityTypes.Message || !conversationId || activity.from?.role === 'bot')
      return next();
    // Staff read what the resident typed; the bot's layers read the interpreted turn.
    const utterance = interpretTurn(context);
    const text = utterance.original.trim();
    const leavesQueue = utterance.command === 'leaveQueue';

    if (await this.handoff.tickets.active(conversationId)) {
      for (const reply of await this.handoff.tickets.answer(conversationId, utterance.text))
        await context.sendActivity(reply);
      return;
    }
    const session = await this.handoff.desk.get(conversationId);
    if (session?.status === 'waiting' && (utterance.command === 'callBack' || this.handoff.waitedTooLong(session))) {
      const replies = await this.handoff.callBackInstead(
        conversationId,
        utterance.command === 'callBack' ? 'asked' : 'timedOut',
      );
      if (replies) {
        for (const reply of replies) await context.sendActivity(reply);
        return;
      }
    }
    if (utterance.command === 'callBack' && session?.status !== 'waiting' && session?.status !== 'claimed') {
      await this.handoff.startCallBack(context);
      return;
    }
    if (session?.status === 'claimed') {
      await this.handoff.desk.noteResidentMessage(conversationId, text || '[非文字消息]');
      this.handoff.emit('changed', conversationId);
      return;
    }
    if (session?.status === 'waiting') {
      if (leavesQueue) {
        if (await this.handoff.cancelByResident(conversationId)) await context.sendActivity(handoffTexts.cancelled);
        return;
      }
      await this.handoff.desk.noteResidentMessage(conversationId, text || '[非文字消息]');
      this.handoff.emit('changed', conversationId);
    } else if (leavesQueue && session) {
      // A late tap on the button after staff took over or the request closed.
      await context.sendActivity(notQueued);
      return;
    }
    await next();
  }
}

const notQueued = '您现在没有在排队。有问题可以直接问我。';

/**
 * The bot with middleware in front of it, for every adapter at once: each channel's adapter calls
 * bot.run, so wrapping the bot covers Web Chat, WeChat and the Bot Framework route alike.
 */
export class BotWithMiddleware extends ActivityHandler {
  private readonly pipeline: MiddlewareSet;

  constructor(
    private readonly inner: ActivityHandler,
    middleware: Middleware[],
  ) {
    super();
    this.pipeline = new MiddlewareSet(...middleware);
  }

  override async run(context: TurnContext): Promise<void> {
    await this.pipeline.run(context, () => this.inner.run(context));
  }
}
