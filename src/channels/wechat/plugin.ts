import type { ChannelContext, ChannelPlugin } from '../../app';
import { BOT_STATE_COLLECTION } from '../../dialogs/stateStorage';
import { CONVERSATION_REFS } from '../conversationRefs';
import { eraseWeChatUser } from './erasure';
import { WECHAT_CHANNEL_ID } from './inboundActivity';
import type { UndeliverableMessage } from './outbox';
import { registerWeChatRoutes } from './routes';
import { fileOwner } from '../../domain/files';
import { uploadLimits } from '../uploads/inspect';

export interface WeChatPluginOptions {
  /** Where undeliverable messages go for staff; without it they are only logged (and kept for the user). */
  onUndeliverable?: (message: UndeliverableMessage) => Promise<void> | void;
  fetch?: typeof fetch;
  replyBudgetMs?: number;
}

/**
 * The WeChat channel as a server plug-in: enabled when WECHAT_TOKEN is set. Conversations become
 * reachable for staff replies and notifications, and an unsubscribe erases the user's bot state and
 * conversation reference.
 */
export function wechatPlugin(options: WeChatPluginOptions = {}): ChannelPlugin {
  return (ctx: ChannelContext) => {
    if (!ctx.config.WECHAT_TOKEN) {
      ctx.log.info('WeChat channel disabled (WECHAT_TOKEN not set)');
      return;
    }
    const adapter = registerWeChatRoutes(ctx.server, {
      config: ctx.config,
      bot: ctx.bot,
      store: ctx.store,
      log: ctx.log,
      coordination: ctx.coordination,
      now: () => ctx.clock.now(),
      fetch: options.fetch,
      replyBudgetMs: options.replyBudgetMs,
      onUndeliverable: options.onUndeliverable,
      ...(ctx.files ? { files: ctx.files, uploadLimits: uploadLimits(ctx.config) } : {}),
      eraseUser: async (openId) => {
        await eraseWeChatUser(ctx.store.documents, openId, {
          botState: [BOT_STATE_COLLECTION],
          keyedByOpenId: [CONVERSATION_REFS],
        });
        // Images never filed with an application go too; an application's materials follow its own retention.
        const files = ctx.files;
        if (files) {
          const sent = await files.listByOwner(fileOwner(WECHAT_CHANNEL_ID, openId));
          for (const f of sent.filter((x) => x.applicationRef === undefined)) await files.delete(f.id);
        }
      },
    });
    adapter.use(ctx.conversationRefs(WECHAT_CHANNEL_ID));
    ctx.proactive.register(WECHAT_CHANNEL_ID, adapter);
    ctx.log.info({ safeMode: Boolean(ctx.config.WECHAT_ENCODING_AES_KEY) }, 'WeChat channel enabled at /wechat');
    return { close: () => adapter.idle() };
  };
}
