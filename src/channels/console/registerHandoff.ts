import type { ActivityHandler } from 'botbuilder';
import type { ChannelContext, ChannelPlugin } from '../../app';
import type { Config } from '../../config';
import { parseServiceHours } from '../../domain/handoff/serviceHours';
import { systemClock, type Clock, type Store } from '../../domain/ports';
import { BotWithMiddleware, HandoffMiddleware } from '../../dialogs/handoff/handoffMiddleware';
import { HandoffService } from '../../dialogs/handoff/handoffService';
import type { Logger } from '../../logger';
import { TranscriptMiddleware, TranscriptStore } from '../transcriptStore';
import { registerConsoleRoutes } from './routes';
import { StaffDirectory } from './staffDirectory';

const EXPIRY_CHECK_MS = 60_000;

export interface HandoffSetup {
  /** Pass as `handoff` to createAssistantBot: it is the HandoffHook. */
  service: HandoffService;
  transcripts: TranscriptStore;
  staff: StaffDirectory;
  /** The bot every adapter runs: transcript first, then silence while a person owns the conversation. */
  wrapBot(bot: ActivityHandler): ActivityHandler;
  /** For createApp({ plugins: [...] }): the console API and the proactive messenger hook-up. */
  plugin: ChannelPlugin;
}

/**
 * Everything the handoff needs, built once in the composition root:
 *
 *   const handoff = registerHandoff({ config, store, log });
 *   const bot = handoff.wrapBot(createAssistantBot({ ..., handoff: handoff.service }));
 *   const app = await createApp({ config, store, bot, log, plugins: [handoff.plugin] });
 */
export function registerHandoff(deps: { config: Config; store: Store; log: Logger; clock?: Clock }): HandoffSetup {
  const clock = deps.clock ?? systemClock;
  const hours = parseServiceHours(deps.config.SERVICE_HOURS);
  if (!hours.ok) throw new Error(`SERVICE_HOURS: ${hours.problems.map((p) => p.message).join('; ')}`);
  const transcripts = new TranscriptStore(deps.store.documents, deps.log);
  const staff = new StaffDirectory(deps.store.documents, clock, deps.config.STAFF_SESSION_HOURS);
  const service = new HandoffService({
    documents: deps.store.documents,
    clock,
    log: deps.log,
    hours: hours.value,
    transcripts,
    staffOnline: () => staff.someoneOnline(),
    waitMinutes: deps.config.HANDOFF_WAIT_MINUTES,
  });
  return {
    service,
    transcripts,
    staff,
    wrapBot: (bot) =>
      new BotWithMiddleware(bot, [new TranscriptMiddleware(transcripts), new HandoffMiddleware(service)]),
    plugin: async (ctx: ChannelContext) => {
      service.useMessenger(ctx.proactive);
      await ensureAdminAccount(staff, deps.config, deps.log);
      registerConsoleRoutes(ctx.server, {
        handoff: service,
        staff,
        transcripts,
        documents: deps.store.documents,
        coordination: ctx.coordination,
        clock,
        log: deps.log,
        sessionHours: deps.config.STAFF_SESSION_HOURS,
        failedLoginsPerAddressPerMinute: deps.config.STAFF_FAILED_LOGINS_PER_ADDRESS_PER_MINUTE,
        proxies: ctx.proxies,
        ...(deps.store.shared ? { rates: deps.store.shared.rates } : {}),
      });
      // A request nobody took within HANDOFF_WAIT_MINUTES becomes a call-back offer in its conversation.
      const timer = setInterval(() => {
        service.expireWaiting().catch((err: unknown) => deps.log.warn({ err }, 'handoff time-outs not checked'));
      }, EXPIRY_CHECK_MS);
      timer.unref();
      return {
        close: () => {
          clearInterval(timer);
          return Promise.resolve();
        },
      };
    },
  };
}

/** The first admin comes from STAFF_ADMIN_USERNAME/STAFF_ADMIN_PASSWORD; there is never a default password. */
export async function ensureAdminAccount(staff: StaffDirectory, config: Config, log: Logger): Promise<void> {
  const username = config.STAFF_ADMIN_USERNAME;
  const password = config.STAFF_ADMIN_PASSWORD;
  if (username && password) {
    if (await staff.get(username)) return;
    const created = await staff.create({ username, password, role: 'admin' });
    if (created.ok) log.info({ username: created.value.username }, 'staff admin account created from configuration');
    else log.error({ reason: created.problems[0].message }, 'staff admin account not created');
    return;
  }
  if ((await staff.list()).length === 0) {
    log.warn(
      'no staff accounts: set STAFF_ADMIN_USERNAME and STAFF_ADMIN_PASSWORD, or run `npm run staff -- add <username> --admin`',
    );
  }
}
