import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import pino from 'pino';
import { loadConfig } from '../config';
import { createAssistantBot } from '../dialogs';
import { ApplicationService } from '../domain/applicationService';
import { systemClock } from '../domain/ports';
import { createKnowledgeBase } from '../knowledge';
import { createLogger } from '../logger';
import { createStore } from '../storage';
import { render } from '../messages';

/**
 * `npm run chat`: the full assistant in a terminal — same dialogs, same knowledge base, same store as
 * the server — for newcomers and for debugging. The conversation id is fixed ("console" unless
 * `--conversation <id>` or `--new`), so leaving and coming back exercises "continue where you stopped".
 * `/photo <file>` sends a picture as an attachment; `/quit` or Ctrl-D leaves.
 */
class ConsoleAdapter extends BotAdapter {
  constructor(private readonly print: (text: string) => void) {
    super();
  }

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    for (const a of activities) {
      if (a.type === 'delay') await new Promise((r) => setTimeout(r, Number(a.value) || 0));
      if (a.type !== ActivityTypes.Message) continue;
      const buttons = (a.suggestedActions?.actions ?? [])
        .map((b) => render('console.button', { title: b.title }))
        .join(' ');
      this.print([a.text ?? '', buttons].filter(Boolean).join('\n'));
    }
    return activities.map((_, i) => ({ id: `${Date.now()}-${i}` }));
  }

  async updateActivity(): Promise<void> {
    throw new Error('The console channel cannot update messages.');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('The console channel cannot delete messages.');
  }

  async continueConversation(
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const activity = TurnContext.applyConversationReference(
      { type: ActivityTypes.Event, name: 'continueConversation' },
      reference,
      true,
    );
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  async receive(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }
}

function photoAttachment(file: string): Activity['attachments'] {
  const data = fs.readFileSync(file);
  const ext = path.extname(file).toLowerCase();
  const contentType =
    ext === '.png' ? 'image/png' : ext === '.jpg' || ext === '.jpeg' ? 'image/jpeg' : 'application/octet-stream';
  return [
    { name: path.basename(file), contentType, contentUrl: `data:${contentType};base64,${data.toString('base64')}` },
  ];
}

function conversationId(argv: string[]): string {
  if (argv.includes('--new')) return `console-${Date.now()}`;
  const i = argv.indexOf('--conversation');
  return i >= 0 && argv[i + 1] ? argv[i + 1] : 'console';
}

async function main(): Promise<void> {
  const config = loadConfig();
  // Logs go to stderr so they never mix with the conversation on stdout.
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn', pino.destination(2));
  const print = (text: string): void =>
    void process.stdout.write(`${text.replace(/^/gm, render('console.botPrefix'))}\n`);
  process.stdout.write(`${render('console.loading')}\n`);
  const knowledge = await createKnowledgeBase({ log, onProgress: (m) => process.stdout.write(`  ${m}\n`) });
  const store = await createStore(config, { logger: log });
  const applications = new ApplicationService({ repository: store.applications, clock: systemClock });
  const bot = createAssistantBot({
    knowledge,
    applications,
    store,
    clock: systemClock,
    log,
    draftTtlHours: config.DRAFT_TTL_HOURS,
  });
  const adapter = new ConsoleAdapter(print);
  adapter.onTurnError = async (context, err) => {
    log.error({ err }, 'turn failed');
    await context.sendActivity(render('console.turnError'));
  };

  const id = conversationId(process.argv.slice(2));
  const base = {
    channelId: 'console',
    serviceUrl: 'console://',
    conversation: { id, isGroup: false, conversationType: 'personal', name: 'console' },
    from: { id: 'resident', name: render('console.residentName') },
    recipient: { id: 'banshi', name: render('bot.name') },
  };
  const turn = (activity: Partial<Activity>) =>
    adapter.receive({ ...base, id: `${Date.now()}`, timestamp: new Date(), locale: 'zh-CN', ...activity }, (ctx) =>
      bot.run(ctx),
    );

  await turn({
    type: ActivityTypes.ConversationUpdate,
    membersAdded: [{ id: 'resident', name: render('console.residentName') }],
  });
  const rl = readline.createInterface({
    input: process.stdin,
    output: process.stdout,
    prompt: render('console.residentPrefix'),
  });
  rl.prompt();
  // Lines are handled one at a time, in order, like turns of one conversation.
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      const text = line.trim();
      if (text === '/quit') return rl.close();
      if (text.startsWith('/photo ')) {
        try {
          await turn({ type: ActivityTypes.Message, text: '', attachments: photoAttachment(text.slice(7).trim()) });
        } catch (err) {
          process.stdout.write(`${render('console.photoFailed', { error: (err as Error).message })}\n`);
        }
      } else if (text) {
        await turn({ type: ActivityTypes.Message, text });
      }
      rl.prompt();
    });
  });
  rl.on('close', () => {
    void queue.then(async () => {
      await store.close();
      process.stdout.write(`${render('console.bye')}\n`);
      process.exit(0);
    });
  });
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
