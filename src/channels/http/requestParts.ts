import type { Request } from 'restify';

/**
 * restify types `req.params` and `req.query` as `any`; these read one named part as a string (the first
 * value when a query name repeats) so that handlers never touch an untyped value.
 */
export function pathParam(req: Request, name: string): string | undefined {
  const params = req.params as Record<string, unknown> | undefined;
  const value = params?.[name];
  return typeof value === 'string' ? value : undefined;
}

/** A query value as sent (a string, an array when the name repeats, or undefined), for a zod schema to judge. */
export function queryValue(req: Request, name: string): unknown {
  const query = req.query as Record<string, unknown> | undefined;
  return query?.[name];
}

export function queryParam(req: Request, name: string): string | undefined {
  const query = req.query as Record<string, unknown> | undefined;
  const value = query?.[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}
