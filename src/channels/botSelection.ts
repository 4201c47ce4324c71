import type { ActivityHandler } from 'botbuilder';
import type { Config } from '../config';
import type { Store } from '../domain/ports';
import type { Logger } from '../logger';
import { EchoBot } from './echoBot';

export interface BotDeps {
  config: Config;
  store: Store;
  log: Logger;
}

export interface ConfiguredBot {
  bot: ActivityHandler;
  /** False while a model still loads; GET /healthz answers 503 until it is true. */
  isReady: () => boolean;
}

/**
 * The bot the server runs, used by src/main.ts and by the benchmark ("assistant" side).
 * INTEGRATION POINT: replace the echo bot with the real assistant here (one line).
 */
export async function createConfiguredBot(_deps: BotDeps): Promise<ConfiguredBot> {
  return { bot: new EchoBot(), isReady: () => true };
}
