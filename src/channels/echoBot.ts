import { ActivityHandler, ActionTypes, MessageFactory } from 'botbuilder';
import { render } from '../messages';

export const ECHO_WELCOME = render('echo.welcome');
export const ECHO_SUGGESTIONS = [render('echo.suggestion.howTo'), render('echo.suggestion.staff')];

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
      await context.sendActivity(withSuggestions(render('echo.reply', { text })));
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
