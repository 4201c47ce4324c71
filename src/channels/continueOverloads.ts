import type { TurnContext } from 'botbuilder';

type Logic = (context: TurnContext) => Promise<void>;

/**
 * BotAdapter.continueConversationAsync has overloads with and without an audience before the logic.
 * Our own adapters (Direct Line, WeChat) need no credentials or audience, so every overload reduces to
 * "the logic function", whichever position it came in.
 */
export function logicOfContinueOverload(logicOrAudience: Logic | string, maybeLogic?: Logic): Logic {
  const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
  if (!logic) throw new Error('continueConversationAsync needs a logic function');
  return logic;
}
