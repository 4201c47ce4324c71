import type { Store } from '../domain/ports';
import type { Logger } from '../logger';
import { createLowdbStore } from './lowdbStore';
import { createPostgresStore } from './postgresStore';

export * from './storeErrors';

/** The store the configuration asks for: PostgreSQL when DATABASE_URL is set, else lowdb files in DATA_DIR. */
export async function createStore(
  config: { DATA_DIR: string; DATABASE_URL?: string },
  options: { logger?: Logger } = {},
): Promise<Store> {
  if (config.DATABASE_URL !== undefined && config.DATABASE_URL !== '')
    return createPostgresStore(config.DATABASE_URL, { logger: options.logger });
  return createLowdbStore(config.DATA_DIR, { logger: options.logger });
}
