import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { FileStore } from '../domain/files';
import type { CityId } from '../domain/application';
import type { Clock, Store } from '../domain/ports';
import type { ProcedureIntent, KnowledgeBase } from '../knowledge/types';
import type { Logger } from '../logger';
import type { ApplicationService } from '../domain/applicationService';

/** Called when a resident asks for a person; the staff side (a later issue) provides it. */
export interface HandoffHook {
  request(context: TurnContext, reason: string): Promise<void>;
}

/** An unfinished procedure: which one and what was answered so far. Lives in conversation state. */
export interface Draft {
  id: string;
  procedure: ProcedureIntent;
  answers: Record<string, unknown>;
  startedAt: string;
  updatedAt: string;
}

/** Per-conversation memory besides the dialog stack. */
export interface ConversationData {
  city?: CityId;
  draft?: Draft;
  /** Messages in a row that were not understood. */
  misses?: number;
  /** A "continue where you stopped?" question is waiting for its answer. */
  pendingResume?: boolean;
  /** Intents offered as "did you mean" buttons, matched by title on the next message. */
  didYouMean?: { intent: string; title: string }[];
  /** ISO instants of failed status lookups, for the hourly limit. */
  lookupFailures?: string[];
  lastActivityAt?: string;
  /** The materials of an application being corrected (the materials step's state during a 补正). */
  correctionMaterials?: unknown;
}

export interface AssistantDeps {
  knowledge: KnowledgeBase;
  applications: ApplicationService;
  store: Store;
  clock: Clock;
  log: Logger;
  draftTtlHours?: number;
  handoff?: HandoffHook;
  /** A resident silent this long mid-procedure is asked whether to continue. Default 30. */
  resumeAfterMinutes?: number;
  /** Failed status lookups allowed per conversation per hour. Default 5. */
  lookupAttemptsPerHour?: number;
  /**
   * Uploaded files; without it the materials step is skipped (the checklist is only shown). Every channel
   * stores a resident's files before the turn (channels/uploads/ingest.ts), so dialogs see only these.
   */
  files?: FileStore;
}

/** What every dialog receives: the deps plus the state accessor and the resolved handoff. */
export interface DialogDeps {
  knowledge: KnowledgeBase;
  applications: ApplicationService;
  store: Store;
  clock: Clock;
  log: Logger;
  draftTtlHours: number;
  lookupAttemptsPerHour: number;
  conversationData: StatePropertyAccessor<ConversationData>;
  /** Hands the conversation to a person (the hook) or records the request when no hook exists. */
  handoff(context: TurnContext, reason: string): Promise<void>;
  files?: FileStore;
}
