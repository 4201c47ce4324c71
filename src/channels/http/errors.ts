import type { Request, Response, Next } from 'restify';
import type { Logger } from '../../logger';

/**
 * An expected failure with the status and the short reason the caller gets back. Handlers throw it;
 * `handle` turns it (and anything unexpected) into a JSON answer, so no request can crash the process.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Direct Line's error shape, used for every JSON error this server sends. */
export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  for (const [k, v] of Object.entries(headers)) res.header(k, v);
  res.send(status, { error: { code, message } });
}

type AsyncHandler = (req: Request, res: Response) => Promise<void> | void;

/**
 * Wraps an async route handler. An HttpError becomes its own status; any other error is logged and
 * answered with `fallback` (503 by default: the request was fine, something behind it was not).
 */
export function handle(
  log: Logger,
  fn: AsyncHandler,
  fallback: (req: Request, res: Response) => void = defaultFallback,
) {
  return (req: Request, res: Response, next: Next): void => {
    Promise.resolve()
      .then(() => fn(req, res))
      .catch((err: unknown) => {
        if (err instanceof HttpError) {
          sendError(res, err.status, err.code, err.message, err.headers);
        } else {
          log.error({ err, path: req.path() }, 'request failed');
          fallback(req, res);
        }
      })
      .finally(() => next());
  };
}

function defaultFallback(_req: Request, res: Response): void {
  sendError(res, 503, 'ServiceUnavailable', 'temporarily unavailable, please retry');
}
