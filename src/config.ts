import { z } from 'zod';
import { parseServiceHours } from './domain/handoff/serviceHours';
import { proxyListProblem } from './channels/http/proxyTrust';

/**
 * The one place the process environment is read. Every setting is validated here so that a wrong value
 * stops start-up with a message naming the variable, instead of failing later in a turn.
 */
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

/** "a, b,,c" → ["a", "b", "c"] */
const commaList = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: optionalString.pipe(z.string().url().startsWith('postgres').optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Bot Framework credentials for /api/messages; both empty means unauthenticated (Emulator, local). */
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  /** Direct Line token lifetime and the grace period an old token keeps after a refresh. */
  DIRECTLINE_TOKEN_TTL_SECONDS: positiveInt(3600),
  DIRECTLINE_TOKEN_GRACE_SECONDS: positiveInt(60),
  /**
   * A conversation's tokens never outlive this, however often they are refreshed: after it the
   * visitor starts a new conversation.
   */
  DIRECTLINE_TOKEN_MAX_LIFETIME_SECONDS: positiveInt(86_400),
  /** Direct Line rate limits: messages per token per minute, API calls (not polls) per client address per minute. */
  DIRECTLINE_RATE_PER_TOKEN_PER_MINUTE: positiveInt(60),
  // 200 residents behind one city-office NAT, each opening a conversation and typing ~10 messages a minute (F10).
  DIRECTLINE_RATE_PER_IP_PER_MINUTE: positiveInt(3000),
  /** Direct Line activities older than this are purged. */
  ACTIVITY_RETENTION_DAYS: positiveInt(30),
  /** Comma-separated origins allowed to embed the widget cross-origin. Empty: same origin only. */
  CORS_ORIGINS: z.string().default('').transform(commaList),
  /**
   * Reverse proxies whose X-Forwarded-For/-Host/-Proto headers are believed: comma-separated addresses or
   * CIDR ranges (e.g. "127.0.0.1,10.0.0.0/8"). Empty: no proxy, forwarded headers are ignored.
   */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform(commaList)
    .superRefine((list, ctx) => {
      const reason = proxyListProblem(list);
      if (reason) ctx.addIssue({ code: 'custom', message: reason });
    }),
  /** The system's own cap on one uploaded file (photos, scans), in MB; cities' own limits come from policy data. */
  UPLOAD_MAX_MB: positiveInt(10),
  /** An unfinished procedure older than this is not offered for resumption (its uploads are purged too). */
  DRAFT_TTL_HOURS: positiveInt(72),
  /** First staff account, created at start-up when both are set and the account does not exist yet. */
  STAFF_ADMIN_USERNAME: optionalString,
  STAFF_ADMIN_PASSWORD: optionalString.pipe(z.string().min(10, 'must be at least 10 characters').optional()),
  STAFF_SESSION_HOURS: positiveInt(8),
  /** A resident waiting this long for a person is offered a call-back message instead (the queue place ends). */
  HANDOFF_WAIT_MINUTES: positiveInt(10),
  /** Failed console logins from one client address per minute, whatever the usernames (password spraying). */
  STAFF_FAILED_LOGINS_PER_ADDRESS_PER_MINUTE: positiveInt(10),
  /** When staff answer, per city, Beijing time: "shanghai=workdays 09:00-17:30;chengdu=mon-fri 09:00-18:00;*=always". Empty: always. */
  SERVICE_HOURS: z
    .string()
    .default('')
    .superRefine((v, ctx) => {
      const parsed = parseServiceHours(v);
      if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.problems.map((p) => p.message).join('; ') });
    }),
  /** WeChat official account; the channel is enabled when WECHAT_TOKEN is set. */
  WECHAT_TOKEN: optionalString,
  WECHAT_APP_ID: optionalString,
  WECHAT_APP_SECRET: optionalString,
  WECHAT_ENCODING_AES_KEY: optionalString.pipe(z.string().length(43, 'must be 43 characters').optional()),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  /** Customer-service messages allowed per user message within WeChat's 48-hour window (older rules: 20). */
  WECHAT_CS_MESSAGE_LIMIT: positiveInt(5),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError whose message names every wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
