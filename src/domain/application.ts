/**
 * The application record: what a resident submitted and where it stands.
 * Types only here; the status machine lives in applicationStatus.ts and creation in applicationService.ts.
 */

/** City ids come from the policy data files (e.g. "shanghai", "chengdu"); a new city is a new file. */
export type CityId = string;

export const APPLICATION_KINDS = [
  'registration',
  'permit',
  'renewal',
  'addressChange',
  'lossReport',
  'lossCancellation',
] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

/**
 * States named by the sources: 待受理, 审核中, 制证中, 办结 (Chengdu overview, 003); review, correction
 * requests and production (Shanghai announcement, 002); postal delivery or pickup (000, 003).
 */
export const APPLICATION_STATUSES = [
  'submitted', // 待受理
  'underReview', // 审核中
  'approved', // 审核通过
  'rejected', // 不予通过 (with a reason)
  'needsCorrection', // 补正 (with what to fix)
  'resubmitted', // 已补正, waiting to be reviewed again
  'inProduction', // 制证中
  'shipped', // 邮寄中
  'readyForPickup', // 待领取
  'completed', // 办结
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface TimelineEntry {
  /** ISO 8601 instant. */
  at: string;
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  /** "resident", "system", or a staff username. */
  actor: string;
  note?: string;
}

export interface Applicant {
  name: string;
  /** 18-character resident ID number, stored in full, shown masked. */
  idNumber: string;
  phone: string;
}

export type PickupMethod = 'selfPickup' | 'post';

/** One checklist item as the resident provided it: a file (FileStore id), brought in person, or reused. */
export interface MaterialRecord {
  item: string;
  status: 'uploaded' | 'bring' | 'onFile';
  fileId?: string;
}

export interface Application {
  /** Human-friendly and unguessable: city prefix + date + random part. */
  referenceNumber: string;
  kind: ApplicationKind;
  city: CityId;
  status: ApplicationStatus;
  applicant: Applicant;
  /** Answers collected by the procedure (residence type, address, occupation, ...), keyed by field name. */
  answers: Record<string, string | number | boolean | null>;
  /** The personalised materials checklist shown to the resident. */
  checklist: string[];
  pickup?: { method: PickupMethod; address?: string };
  /** The materials step's outcome; files are in the FileStore under applicationRef = referenceNumber. */
  materials?: MaterialRecord[];
  /** 亲属关系承诺书: generated text and the resident's typed signature. */
  kinshipLetter?: { text: string; signedName: string; signedAt: string };
  /** The client key of the submission: the same key twice returns the first record. */
  idempotencyKey: string;
  /** Opaque id of the conversation it was submitted from (channels use it for notifications). */
  conversationId?: string;
  createdAt: string;
  updatedAt: string;
  /** ISO date (YYYY-MM-DD) of the next expected milestone, from the working-day calendar. */
  expectedBy?: string;
  timeline: TimelineEntry[];
  /** Set while status is needsCorrection. */
  correction?: { fields: string[]; note: string };
  rejectionReason?: string;
  deliveryNote?: string;
  /** Incremented on every stored change; used for optimistic concurrency. */
  version: number;
}
