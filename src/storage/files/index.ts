import type { FileStore } from '../../domain/files';
import type { Clock } from '../../domain/ports';
import type { Logger } from '../../logger';
import { createLowdbFileStore } from './lowdbFileStore';
import { createPostgresFileStore } from './postgresFileStore';

export { createMemoryFileStore } from './memoryFiles';
export { createLowdbFileStore } from './lowdbFileStore';
export { createPostgresFileStore } from './postgresFileStore';

/** The file store beside the configured store: PostgreSQL when DATABASE_URL is set, else files in DATA_DIR. */
export function createFileStore(
  config: { DATA_DIR: string; DATABASE_URL?: string },
  options: { logger?: Logger; clock?: Clock } = {},
): Promise<FileStore> {
  if (config.DATABASE_URL !== undefined && config.DATABASE_URL !== '')
    return createPostgresFileStore(config.DATABASE_URL, options);
  return createLowdbFileStore(config.DATA_DIR, options.clock);
}
