import type { PersonalDataHolder } from '../../domain/erasure';
import { personalDataHolders } from '../erasure';
import type { Server } from 'restify';
import type { ChannelPlugin } from '../../app';
import { ApplicationService } from '../../domain/applicationService';
import { systemClock, type Clock, type Store } from '../../domain/ports';
import type { Logger } from '../../logger';
import { startReminderScheduler, type ReminderScheduler } from './reminderScheduler';
import { ReviewDesk } from './reviewActions';
import { registerReviewRoutes } from './reviewRoutes';
import { registerMaterialRoutes } from './materialRoutes';
import type { FileStore } from '../../domain/files';
import type { StaffGate } from './staffGate';
import { StatusNotifier, type ConversationMessenger } from './statusNotifier';

export { startReminderScheduler, type ReminderScheduler } from './reminderScheduler';
export { ReviewDesk } from './reviewActions';
export { UNDELIVERED_NOTIFICATIONS, type ConversationMessenger } from './statusNotifier';
export type { StaffGate, StaffMember } from './staffGate';
export { consoleStaffGate } from './consoleGate';

export interface BackOfficeDeps {
  store: Store;
  messenger: ConversationMessenger;
  gate: StaffGate;
  log: Logger;
  clock?: Clock;
  /** Defaults to a service over store.applications with the same clock. */
  applications?: ApplicationService;
  /** Uploaded files: the review page shows each material. */
  files?: FileStore;
  /** Where residents' personal data is kept, for erasure (src/channels/erasure.ts). */
  personalData?: PersonalDataHolder[];
}

/** The review API and the status notifier on a server. Returns the desk (staff actions) for other callers. */
export function registerBackOffice(server: Server, deps: BackOfficeDeps): ReviewDesk {
  const clock = deps.clock ?? systemClock;
  const applications = deps.applications ?? new ApplicationService({ repository: deps.store.applications, clock });
  const notifier = new StatusNotifier({
    documents: deps.store.documents,
    messenger: deps.messenger,
    clock,
    log: deps.log,
  });
  const desk = new ReviewDesk({ applications, documents: deps.store.documents, clock, notifier, log: deps.log });
  registerReviewRoutes(server, {
    store: deps.store,
    applications,
    desk,
    gate: deps.gate,
    log: deps.log,
    ...(deps.personalData ? { personalData: deps.personalData } : {}),
  });
  if (deps.files)
    registerMaterialRoutes(server, { store: deps.store, files: deps.files, gate: deps.gate, log: deps.log });
  return desk;
}

/** The reminder scheduler for this process (one per server instance; instances share the jobs safely). */
export function startBackOffice(
  deps: Omit<BackOfficeDeps, 'gate' | 'applications'> & { intervalMs?: number },
): ReminderScheduler {
  return startReminderScheduler({
    store: deps.store,
    messenger: deps.messenger,
    log: deps.log,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.intervalMs ? { intervalMs: deps.intervalMs } : {}),
  });
}

/**
 * Both as one createApp plug-in: `plugins: [backOfficePlugin({ gate })]`. The scheduler stops when the
 * app closes, before the store does.
 */
export function backOfficePlugin(options: {
  gate: StaffGate;
  applications?: ApplicationService;
  reminderIntervalMs?: number;
}): ChannelPlugin {
  return (ctx) => {
    const base = { store: ctx.store, messenger: ctx.proactive, log: ctx.log, clock: ctx.clock };
    registerBackOffice(ctx.server, {
      ...base,
      gate: options.gate,
      ...(options.applications ? { applications: options.applications } : {}),
      ...(ctx.files ? { files: ctx.files } : {}),
      personalData: personalDataHolders(ctx.store, ctx.files),
    });
    const scheduler = startBackOffice({
      ...base,
      ...(options.reminderIntervalMs ? { intervalMs: options.reminderIntervalMs } : {}),
    });
    return { close: () => scheduler.stop() };
  };
}
