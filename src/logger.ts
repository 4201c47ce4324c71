import pino, { type Logger } from 'pino';

/**
 * Structured logs. Personal data never reaches them in clear: every string that is logged passes
 * through maskPersonalData, which hides resident ID numbers and mobile phone numbers wherever they
 * appear (a message text, an error, a nested field).
 */
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{4})\d{10}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

export function maskPersonalData(text: string): string {
  return text.replace(ID_NUMBER, '$1**********$2').replace(MOBILE, '$1****$2');
}

/**
 * In a URL, an ID or phone number sits beside letters and punctuation (`/x310104…`, `?id=…&`), so only
 * digits bound it; percent-escapes are decoded first so that an escaped digit or space cannot hide one.
 */
const ID_IN_URL = /(?<!\d)(\d{4})\d{10}(\d{3}[\dXx])(?!\d)/g;
const MOBILE_IN_URL = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

export function maskUrl(url: string): string {
  let text = url;
  try {
    text = decodeURIComponent(url);
  } catch {
    // A malformed escape: mask the raw text.
  }
  // Spaces (or '+') typed between digits would split a number past the patterns: close them up first.
  return text
    .replace(/(\d)[\s+]+(?=\d)/g, '$1')
    .replace(ID_IN_URL, '$1**********$2')
    .replace(MOBILE_IN_URL, '$1****$2');
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPersonalData(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error)
    return {
      type: value.name,
      message: maskPersonalData(value.message),
      stack: value.stack && maskPersonalData(value.stack),
    };
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}

export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
): Logger {
  return pino(
    {
      level,
      base: undefined,
      formatters: { log: (obj) => maskDeep(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => maskDeep(a)) as Parameters<typeof method>;
          method.apply(this, masked);
        },
      },
    },
    destination,
  );
}

export type { Logger };
