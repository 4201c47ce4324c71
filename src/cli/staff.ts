import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { StaffDirectory } from '../channels/console/staffDirectory';
import { ConfigError, loadConfig } from '../config';
import { systemClock } from '../domain/ports';
import { createLogger } from '../logger';
import { createStore } from '../storage';

const USAGE = `Usage:
  npm run staff -- add <username> [--admin] [--name <display name>]   password from stdin or a prompt
  npm run staff -- list`;

/** Reads the password without echoing it on a terminal; piped stdin is read as one line. */
async function readPassword(prompt: string): Promise<string> {
  const muted = new Writable({ write: (_c, _e, cb) => cb() });
  const tty = process.stdin.isTTY;
  if (tty) process.stderr.write(prompt);
  const rl = createInterface({ input: process.stdin, output: tty ? muted : undefined, terminal: tty });
  const line = await new Promise<string>((resolve) => {
    rl.once('line', resolve);
    rl.once('close', () => resolve(''));
  });
  rl.close();
  if (tty) process.stderr.write('\n');
  return line.replace(/\r$/, '');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'add' && command !== 'list') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const store = await createStore(config, { logger: createLogger('warn') });
  try {
    const staff = new StaffDirectory(store.documents, systemClock, config.STAFF_SESSION_HOURS);
    if (command === 'list') {
      for (const a of await staff.list()) process.stdout.write(`${a.username}\t${a.role}\t${a.displayName}\n`);
      return 0;
    }
    const username = rest.find((a, i) => !a.startsWith('--') && rest[i - 1] !== '--name');
    const nameAt = rest.indexOf('--name');
    const displayName = nameAt >= 0 ? rest[nameAt + 1] : undefined;
    if (!username) {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
    const password = await readPassword(`Password for ${username} (at least 10 characters): `);
    if (process.stdin.isTTY && password !== (await readPassword('Again: '))) {
      process.stderr.write('The two passwords differ; nothing was created.\n');
      return 1;
    }
    const created = await staff.create({
      username,
      password,
      ...(displayName ? { displayName } : {}),
      role: rest.includes('--admin') ? 'admin' : 'staff',
    });
    if (!created.ok) {
      process.stderr.write(`Not created: ${created.problems[0].message}\n`);
      return 1;
    }
    process.stdout.write(`Created ${created.value.role} account "${created.value.username}" (${store.kind} store).\n`);
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `${err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  },
);
