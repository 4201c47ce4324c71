import restify from 'restify';
import { loadConfig, ConfigError } from './config';
import { createLogger } from './logger';

/** Composition root: reads configuration, builds the store, the model, the bot and the channels. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.LOG_LEVEL);
  const server = restify.createServer({ name: 'banshi' });
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    next();
  });
  server.listen(config.PORT, config.HOST, () => log.info(`Banshi listening on http://${config.HOST}:${config.PORT}`));
}

void main();
