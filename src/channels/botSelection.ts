import { ActivityHandler, type TurnContext } from 'botbuilder';
import type { ChannelPlugin } from '../app';
import type { Config } from '../config';
import { createAssistantBot } from '../dialogs';
import { ApplicationService } from '../domain/applicationService';
import type { FileStore } from '../domain/files';
import { systemClock, type Clock, type Store } from '../domain/ports';
import { createKnowledgeBase } from '../knowledge';
import type { Logger } from '../logger';
import { backOfficePlugin, consoleStaffGate } from './backoffice';
import { registerHandoff } from './console/registerHandoff';
import { wechatPlugin } from './wechat/plugin';

export interface BotDeps {
  config: Config;
  store: Store;
  log: Logger;
  clock?: Clock;
  /** Uploaded files; the materials step and the review page need it. */
  files?: FileStore;
}

export interface ConfiguredBot {
  bot: ActivityHandler;
  /** False while the intent model still loads; GET /healthz answers 503 until it is true. */
  isReady: () => boolean;
  /** Resolves once the model is loaded (rejects if it cannot be). */
  ready: Promise<void>;
  /** The staff console (handoff), back office and WeChat routes, for createApp({ plugins }). */
  plugins: ChannelPlugin[];
}

/**
 * Runs turns on the assistant once it exists. The server starts listening at once so that /healthz can
 * report progress while the model loads; a message that arrives meanwhile waits for it.
 */
class DeferredBot extends ActivityHandler {
  private inner: ActivityHandler | undefined;
  constructor(private readonly pending: Promise<ActivityHandler>) {
    super();
    void pending.then(
      (bot) => (this.inner = bot),
      () => undefined,
    );
  }
  override async run(context: TurnContext): Promise<void> {
    const bot = this.inner ?? (await this.pending);
    await bot.run(context);
  }
}

/**
 * The assistant as the server runs it (src/main.ts and the benchmark): the knowledge base, the domain
 * service, the dialogs, and in front of them the handoff (transcript + bot silence while staff own a
 * conversation).
 */
export async function createConfiguredBot(deps: BotDeps): Promise<ConfiguredBot> {
  const { config, store, log } = deps;
  const clock = deps.clock ?? systemClock;
  const applications = new ApplicationService({ repository: store.applications, clock });
  const handoff = registerHandoff({ config, store, log, clock });

  let loaded = false;
  const started = Date.now();
  const knowledge = createKnowledgeBase({ modelDir: `${config.DATA_DIR}/model`, log });
  const assistant = knowledge.then((kb) => {
    loaded = true;
    log.info({ ms: Date.now() - started }, 'intent model ready');
    return createAssistantBot({
      knowledge: kb,
      applications,
      store,
      clock,
      log,
      draftTtlHours: config.DRAFT_TTL_HOURS,
      handoff: handoff.service,
      ...(deps.files ? { files: deps.files } : {}),
    });
  });
  assistant.catch((err: unknown) => log.fatal({ err }, 'the intent model could not be loaded'));

  return {
    bot: handoff.wrapBot(new DeferredBot(assistant)),
    isReady: () => loaded,
    ready: assistant.then(() => undefined),
    plugins: [
      handoff.plugin,
      backOfficePlugin({ gate: consoleStaffGate(handoff.staff, handoff.service.desk), applications }),
      wechatPlugin(),
    ],
  };
}
