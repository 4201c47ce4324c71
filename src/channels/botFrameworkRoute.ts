import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ActivityHandler } from 'botbuilder';
import type { Server } from 'restify';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { handle, HttpError } from './http/errors';
import { readJsonBody } from './http/jsonBody';
import { connect } from 'node:net';
import { render } from '../messages';

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
    await context.sendActivity(render('channel.turnError')).catch(() => undefined);
  };
  return adapter;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Without Bot Framework credentials nothing proves who is calling, and the CloudAdapter POSTs its
 * replies to whatever serviceUrl the activity names: anyone could make this server call internal hosts
 * (cloud metadata, databases). So unauthenticated use is the local Emulator only: the caller on this
 * machine and the serviceUrl a loopback address. Returns the reason to refuse, or undefined.
 */
export function unauthenticatedCallerProblem(
  serviceUrl: unknown,
  remoteAddress: string | undefined,
): string | undefined {
  const remote = (remoteAddress ?? '').replace(/^::ffff:/, '');
  if (!isLoopbackHost(remote))
    return 'Bot Framework credentials are not configured; only a local Emulator may use /api/messages';
  if (typeof serviceUrl !== 'string') return 'serviceUrl is required';
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return 'serviceUrl is not a URL';
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !isLoopbackHost(url.hostname)) {
    return 'without Bot Framework credentials, replies go only to a loopback serviceUrl (the local Emulator)';
  }
  return undefined;
}

const REACH_TIMEOUT_MS = 1000;

/**
 * Whether something listens at the serviceUrl. The URL parser already turns 127.1, 2130706433 and
 * 0x7f000001 into 127.0.0.1; a loopback URL with nothing behind it (the default port 80, say) would
 * otherwise hold the request for the connector's retries, about 10 s, before failing.
 */
function serviceUrlReachable(serviceUrl: string): Promise<boolean> {
  const url = new URL(serviceUrl);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(REACH_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function registerBotFrameworkRoute(
  server: Server,
  adapter: CloudAdapter,
  bot: ActivityHandler,
  log: Logger,
  options: { authenticated: boolean },
): void {
  server.post(
    '/api/messages',
    handle(log, async (req, res) => {
      const body = await readJsonBody(req);
      if (
        body === null ||
        typeof body !== 'object' ||
        Array.isArray(body) ||
        typeof (body as { type?: unknown }).type !== 'string'
      ) {
        throw new HttpError(400, 'BadArgument', 'an activity object with a type is expected');
      }
      if (!options.authenticated) {
        const problem = unauthenticatedCallerProblem(
          (body as { serviceUrl?: unknown }).serviceUrl,
          req.socket?.remoteAddress,
        );
        if (problem) throw new HttpError(403, 'Forbidden', problem);
        if (!(await serviceUrlReachable((body as { serviceUrl: string }).serviceUrl)))
          throw new HttpError(400, 'BadArgument', 'nothing answers at the serviceUrl; replies could not be delivered');
      }
      // No dialog answers invokes; botbuilder would answer 501 (a server fault) for what is the caller's request.
      if ((body as { type: string }).type === 'invoke')
        throw new HttpError(400, 'BadArgument', 'this bot does not handle invoke activities');
      (req as { body?: unknown }).body = body;
      await adapter.process(req, res, (context) => bot.run(context));
    }),
  );
}
