import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ActivityHandler } from 'botbuilder';
import type { Server } from 'restify';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { handle, HttpError } from './http/errors';
import { readJsonBody } from './http/jsonBody';

/**
 * POST /api/messages: the Bot Framework protocol (Emulator, Azure Bot Service channels) through
 * botbuilder's CloudAdapter. Without an app id the endpoint is unauthenticated, which is what the
 * Emulator expects locally; with one, every request must carry a valid Bot Framework token.
 */
export function createCloudAdapter(config: Config, log: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MICROSOFT_APP_ID ?? '',
    MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD ?? '',
    MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID ?? '',
    MicrosoftAppType: config.MICROSOFT_APP_TENANT_ID ? 'SingleTenant' : 'MultiTenant',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, channel: context.activity.channelId }, 'bot turn failed (api/messages)');
    await context.sendActivity('抱歉，系统出了点问题。请稍后再试。').catch(() => undefined);
  };
  return adapter;
}

export function registerBotFrameworkRoute(server: Server, adapter: CloudAdapter, bot: ActivityHandler, log: Logger): void {
  server.post(
    '/api/messages',
    handle(log, async (req, res) => {
      const body = await readJsonBody(req);
      if (body === null || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
        throw new HttpError(400, 'BadArgument', 'an activity object with a type is expected');
      }
      (req as { body?: unknown }).body = body;
      await adapter.process(req, res, (context) => bot.run(context));
    }),
  );
}
