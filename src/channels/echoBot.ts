import { ActivityHandler, ActionTypes, MessageFactory } from 'botbuilder';

export const ECHO_WELCOME = '您好！这里是居住登记与居住证办事助手（测试版）。请输入您的问题。';
export const ECHO_SUGGESTIONS = ['怎么办理居住证', '人工服务'];

/**
 * The stand-in bot: welcomes, echoes, offers two suggested actions. The server stack is tested and
 * benchmarked against it, so it does as little as a bot can while still exercising every reply path.
 */
export class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) await context.sendActivity(withSuggestions(ECHO_WELCOME));
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      const text = (context.activity.text ?? '').trim();
      await context.sendActivity(withSuggestions(`您说的是：${text}`));
      await next();
    });
  }
}

function withSuggestions(text: string) {
  return MessageFactory.suggestedActions(
    ECHO_SUGGESTIONS.map((title) => ({ type: ActionTypes.ImBack, title, value: title })),
    text,
  );
}
