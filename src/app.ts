import path from 'node:path';
import type { ActivityHandler } from 'botbuilder';
import restify, { type Server } from 'restify';
import type { Config } from './config';
import { systemClock, type Clock, type Coordination, type Store } from './domain/ports';
import { localCoordination } from './channels/localCoordination';
import type { Logger } from './logger';
import { createCloudAdapter, registerBotFrameworkRoute } from './channels/botFrameworkRoute';
import { ConversationRefsMiddleware } from './channels/conversationRefs';
import { DIRECTLINE_CHANNEL_ID } from './channels/directline/adapter';
import { DIRECTLINE_BASE, registerDirectLineRoutes } from './channels/directline/routes';
import { DirectLine } from './channels/directline/service';
import { personalDataHolders } from './channels/erasure';
import { registerDirectLineStream } from './channels/directline/stream';
import { registerHealthRoute } from './channels/health';
import { installCors } from './channels/http/cors';
import { RateLimiter } from './channels/http/rateLimit';
import { installRequestLog } from './channels/http/requestLog';
import { installSameOriginGuard } from './channels/http/sameOrigin';
import { registerStaticRoutes } from './channels/http/staticFiles';
import { ProactiveMessenger } from './channels/proactive';
import { createProxyTrust, type ProxyTrust } from './channels/http/proxyTrust';
import { registerDirectLineUploadRoutes } from './channels/uploads/directlineUpload';
import { botFrameworkAttachmentSource } from './channels/uploads/botFrameworkSource';
import { ingestMiddleware } from './channels/uploads/ingest';
import { uploadLimits } from './channels/uploads/inspect';
import type { FileStore } from './domain/files';
import { render } from './messages';

/** What a channel plug-in (WeChat, the staff console API) gets to register its routes and adapter. */
export interface ChannelContext {
  server: Server;
  config: Config;
  store: Store;
  bot: ActivityHandler;
  log: Logger;
  clock: Clock;
  proactive: ProactiveMessenger;
  /** Uploaded files, when the server has a file store (review page, WeChat images). */
  files?: FileStore;
  /** Locks and fan-out shared by every instance on the store (in-process for lowdb and memory). */
  coordination: Coordination;
  /**
   * Middleware for a plug-in's own adapter: `adapter.use(ctx.conversationRefs('wechat'))` and
   * `ctx.proactive.register('wechat', adapter)` make its conversations reachable later.
   */
  conversationRefs: (channel: string) => ConversationRefsMiddleware;
  /** Which forwarded headers to believe (TRUSTED_PROXIES). */
  proxies: ProxyTrust;
}

/** Registers routes; may return a close function run on shutdown (before the store closes). */
export type ChannelPlugin = (
  ctx: ChannelContext,
) => void | { close?: () => Promise<void> } | Promise<void | { close?: () => Promise<void> }>;

export interface AppDeps {
  config: Config;
  store: Store;
  bot: ActivityHandler;
  log: Logger;
  isReady?: () => boolean;
  clock?: Clock;
  /** Other channels and APIs, registered after the built-in routes and before the static files. */
  plugins?: ChannelPlugin[];
  /** Folder of the web pages; defaults to ./web next to src/ and dist/. */
  webRoot?: string;
  /** Uploaded files (photos, scans); without it the Direct Line upload route is not offered. */
  files?: FileStore;
  /** Polls per token per minute before a poll gets "nothing new" (Web Chat at 300 ms makes 200). */
  pollsPerTokenPerMinute?: number;
}

export interface App {
  server: Server;
  directLine: DirectLine;
  proactive: ProactiveMessenger;
  /** The hourly retention run (also at start-up): aged-out conversations and what was kept about them. */
  purge(): Promise<void>;
  /** Stops accepting requests, lets running turns finish, closes plug-ins. The store is the caller's. */
  close(): Promise<void>;
}

export const BOT_FRAMEWORK_CHANNEL = 'botframework';
const BOT_IDENTITY = { id: 'banshi-bot', name: render('bot.name') };

/** The restify server with every route, not yet listening (tests listen on port 0). */
export async function createApp(deps: AppDeps): Promise<App> {
  const { config, store, bot, log } = deps;
  const clock = deps.clock ?? systemClock;
  const server = restify.createServer({ name: 'banshi', handleUncaughtExceptions: false });
  const conversationRefs = (channel: string) => new ConversationRefsMiddleware(store.documents, log, channel);
  const proactive = new ProactiveMessenger(store.documents, log);
  const coordination = store.shared?.coordination ?? localCoordination();
  // Counted in the store when instances share it, so a limit holds however requests are spread.
  const rates = store.shared?.rates;
  const shared = (bucket: string) => (rates ? { counter: rates, bucket } : undefined);

  const proxies = createProxyTrust(config.TRUSTED_PROXIES);
  installRequestLog(server, log);
  installCors(server, DIRECTLINE_BASE, config.CORS_ORIGINS);
  // The staff console and review API (plug-ins) live under /console/api; see sameOrigin.ts for why.
  installSameOriginGuard(server, '/console/api', proxies);
  server.use(restify.plugins.queryParser({ mapParams: false }));

  const directLine = new DirectLine({
    documents: store.documents,
    bot,
    clock,
    log,
    botIdentity: { id: config.MICROSOFT_APP_ID ?? BOT_IDENTITY.id, name: BOT_IDENTITY.name },
    tokenTtlSeconds: config.DIRECTLINE_TOKEN_TTL_SECONDS,
    tokenGraceSeconds: config.DIRECTLINE_TOKEN_GRACE_SECONDS,
    tokenMaxLifetimeSeconds: config.DIRECTLINE_TOKEN_MAX_LIFETIME_SECONDS,
    retentionDays: config.ACTIVITY_RETENTION_DAYS,
    coordination,
    sequenceLog: store.shared?.log,
  });
  directLine.adapter.use(conversationRefs(DIRECTLINE_CHANNEL_ID));
  proactive.register(DIRECTLINE_CHANNEL_ID, directLine.adapter);
  registerDirectLineRoutes(
    server,
    directLine,
    {
      perToken: new RateLimiter(config.DIRECTLINE_RATE_PER_TOKEN_PER_MINUTE, undefined, undefined, shared('messages')),
      perAddress: new RateLimiter(config.DIRECTLINE_RATE_PER_IP_PER_MINUTE, undefined, undefined, shared('address')),
      // Polls stay per instance: counting each 300 ms poll in the database would cost more than it protects.
      pollsPerToken: new RateLimiter(deps.pollsPerTokenPerMinute ?? 600, 20),
      clientAddress: (req) => proxies.clientAddress(req),
      origin: (req) => ({ secure: proxies.isHttps(req), host: proxies.host(req) ?? 'localhost' }),
    },
    log,
  );

  const stream = registerDirectLineStream(server, directLine, log);
  if (deps.files) {
    registerDirectLineUploadRoutes(server, directLine, {
      files: deps.files,
      log,
      botIdentity: { id: config.MICROSOFT_APP_ID ?? BOT_IDENTITY.id, name: BOT_IDENTITY.name },
      limits: uploadLimits(config),
      perToken: new RateLimiter(config.DIRECTLINE_RATE_PER_TOKEN_PER_MINUTE, undefined, undefined, shared('uploads')),
      clientAddress: (req) => proxies.clientAddress(req),
    });
  }

  const cloudAdapter = createCloudAdapter(config, log);
  // Every Bot Framework channel (Emulator, Azure's) is reached through the one CloudAdapter.
  cloudAdapter.use(conversationRefs(BOT_FRAMEWORK_CHANNEL));
  if (deps.files) {
    // Files sent through /api/messages are fetched (SSRF-guarded), checked and stored before the bot's turn.
    cloudAdapter.use(
      ingestMiddleware({
        files: deps.files,
        log,
        limits: uploadLimits(config),
        source: botFrameworkAttachmentSource({ authenticated: Boolean(config.MICROSOFT_APP_ID) }),
      }),
    );
  }
  registerBotFrameworkRoute(server, cloudAdapter, bot, log, { authenticated: Boolean(config.MICROSOFT_APP_ID) });
  proactive.register(BOT_FRAMEWORK_CHANNEL, cloudAdapter, config.MICROSOFT_APP_ID ?? '');

  registerHealthRoute(server, store, deps.isReady ?? (() => true));

  const closers: (() => Promise<void>)[] = [];
  const ctx: ChannelContext = {
    server,
    config,
    store,
    bot,
    log,
    clock,
    proactive,
    coordination,
    conversationRefs,
    proxies,
    ...(deps.files ? { files: deps.files } : {}),
  };
  for (const plugin of deps.plugins ?? []) {
    const result = await plugin(ctx);
    if (result && result.close) closers.push(result.close);
  }

  registerStaticRoutes(server, deps.webRoot ?? path.join(__dirname, '..', 'web'));

  // Retention: a conversation whose history has aged out takes the rest of what was kept about it
  // (bot state, transcripts, handoff records, reminders), unless an application still needs it to
  // reach the resident (status notices, renewal reminders).
  const holders = personalDataHolders(store, deps.files);
  async function purgeConversations(): Promise<void> {
    let forgotten = 0;
    for (const id of await directLine.purge()) {
      if ((await store.applications.list({ conversationId: id })).length > 0) continue;
      const subject = { conversationIds: [id], referenceNumbers: [], idNumbers: [] };
      for (const h of holders) forgotten += await h.forget(subject);
    }
    if (forgotten > 0) log.info({ forgotten }, 'purged what was kept about aged-out conversations');
  }
  const purge = () => void purgeConversations().catch((err: unknown) => log.error({ err }, 'direct line purge failed'));
  const timers = [
    setInterval(purge, 3_600_000),
    setInterval(() => directLine.evictIdle(), 60_000),
    setInterval(() => void purgeFiles(), 3_600_000),
  ];
  // Uploads never attached to an application belong to drafts, which are not resumed after DRAFT_TTL_HOURS.
  async function purgeFiles(): Promise<void> {
    if (!deps.files) return;
    const cutoff = new Date(clock.now().getTime() - config.DRAFT_TTL_HOURS * 3_600_000);
    const removed = await deps.files.purgeUnattached(cutoff).catch((err: unknown) => {
      log.error({ err }, 'file purge failed');
      return 0;
    });
    if (removed > 0) log.info({ removed }, 'purged uploads of abandoned drafts');
  }
  for (const t of timers) t.unref();
  purge();

  let closed = false;
  return {
    server,
    directLine,
    proactive,
    purge: purgeConversations,
    async close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearInterval(t);
      await new Promise<void>((resolve) => {
        if (!server.server.listening) return resolve();
        server.close(() => resolve());
        // Idle keep-alive sockets (pollers) would hold close() open for their timeout.
        (server.server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      });
      stream.close();
      await directLine.drain();
      for (const c of closers) await c().catch((err: unknown) => log.error({ err }, 'plug-in close failed'));
    },
  };
}
