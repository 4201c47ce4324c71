import { createApp } from './app';
import { createConfiguredBot } from './channels/botSelection';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger } from './logger';
import { createStore } from './storage';
import { createFileStore } from './storage/files';
import { HolidayFileError, loadHolidayYears } from './storage/holidayYears';

/** Composition root: configuration, store, bot, HTTP server; graceful shutdown on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  try {
    const years = loadHolidayYears(config.DATA_DIR);
    if (years.length > 0) log.info({ years }, 'holiday years added from DATA_DIR/holidays');
  } catch (err) {
    if (err instanceof HolidayFileError) {
      process.stderr.write(`Holiday data: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => log.fatal({ err }, 'uncaught exception'));

  const store = await createStore(config, { logger: log });
  const files = await createFileStore(config, { logger: log });
  const { bot, isReady, ready, plugins } = await createConfiguredBot({ config, store, log, files });
  const app = await createApp({ config, store, bot, log, isReady, plugins, files });

  await new Promise<void>((resolve) => {
    app.server.listen(config.PORT, config.HOST, resolve);
  });
  const shownHost = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
  const address = app.server.server.address();
  const port = address && typeof address === 'object' ? address.port : config.PORT;
  log.info(
    { store: store.kind, node: process.version },
    `Banshi listening on http://${shownHost}:${port}/ on Node ${process.version} (the chat page answers once the intent model is loaded)`,
  );
  ready.catch(() => process.exit(1));

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing running turns');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000).unref();
    try {
      await app.close();
      await store.close();
      await files.close();
      clearTimeout(force);
      log.info('stopped');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Banshi failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
