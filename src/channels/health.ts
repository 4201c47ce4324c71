import type { Server } from 'restify';
import type { Store } from '../domain/ports';

/** GET /healthz: 200 when the store answers and the bot is ready (the model is loaded), 503 otherwise. */
export function registerHealthRoute(server: Server, store: Store, isReady: () => boolean): void {
  server.get('/healthz', (_req, res, next) => {
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('store did not answer within 2 s')), 2000).unref(),
    );
    // The runtime is part of the answer so that an operator sees which Node a deployment really runs.
    const node = process.version;
    Promise.race([store.ping(), timeout])
      .then(() => {
        if (!isReady()) res.send(503, { status: 'starting', reason: 'the assistant is still loading', node });
        else res.send(200, { status: 'ok', store: store.kind, node });
      })
      .catch((err: unknown) => {
        res.send(503, {
          status: 'unavailable',
          reason: `store unreachable: ${err instanceof Error ? err.message : String(err)}`,
          node,
        });
      })
      .finally(() => next());
  });
}
