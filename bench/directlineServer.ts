/**
 * The server side of the Direct Line benchmark, run as a child process so its turn times and memory
 * are not mixed with the load generator's. BENCH_BOT=echo serves the echo bot; anything else serves
 * the bot src/channels/botSelection.ts configures (the real assistant once integrated).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app';
import { createConfiguredBot } from '../src/channels/botSelection';
import { EchoBot } from '../src/channels/echoBot';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { createStore } from '../src/storage';
import { createFileStore } from '../src/storage/files';
import { createMemoryStore } from '../src/storage/memoryStore';

async function main(): Promise<void> {
  const which = process.env.BENCH_BOT ?? 'assistant';
  // BENCH_DATA_DIR keeps the lowdb files across a restart (the kill -9 test); otherwise a fresh folder.
  const dataDir = process.env.BENCH_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), 'banshi-bench-'));
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DIRECTLINE_RATE_PER_TOKEN_PER_MINUTE: '1000000',
    DIRECTLINE_RATE_PER_IP_PER_MINUTE: '100000000',
  });
  const log = createLogger('silent');
  // lowdb in a fresh DATA_DIR, or PostgreSQL when DATABASE_URL is set (BENCH_STORE=postgres).
  const persistent = process.env.BENCH_STORE === 'lowdb' || process.env.BENCH_STORE === 'postgres';
  const store = persistent ? await createStore(config, { logger: log }) : createMemoryStore();
  const { bot } = which === 'echo' ? { bot: new EchoBot() } : await createConfiguredBot({ config, store, log });
  // BENCH_FILES=1: uploads on, kept as the server keeps them (lowdb beside the records, or PostgreSQL).
  const files = process.env.BENCH_FILES === '1' ? await createFileStore(config, { logger: log }) : undefined;
  const app = await createApp({
    config,
    store,
    bot,
    log,
    pollsPerTokenPerMinute: 1_000_000,
    ...(files ? { files } : {}),
  });
  await new Promise<void>((r) => {
    app.server.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', r);
  });
  process.send!({ type: 'ready', port: app.server.address().port, bot: which, store: store.kind });
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'reset') app.directLine.turnTimes.reset();
    if (msg.type === 'stats') {
      process.send!({
        type: 'stats',
        turns: app.directLine.turnTimes.summary(),
        rssMb: Math.round(process.memoryUsage().rss / 1048576),
      });
    }
    if (msg.type === 'stop')
      void app
        .close()
        .then(() => store.close())
        .then(() => files?.close())
        .then(() => process.exit(0));
  });
}

void main();
