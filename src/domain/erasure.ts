import type { ApplicationRepository, DocumentStore } from './ports';

/**
 * Erasure of one resident's personal data (names, ID numbers, phones, addresses, uploads, transcripts).
 * A resident is found through one of their applications: every application with the same ID number,
 * and every conversation those applications came from, are the subject.
 */
export interface ErasureSubject {
  referenceNumbers: string[];
  conversationIds: string[];
  /** Kept only in memory while erasing: some holders key by a one-way hash of it. */
  idNumbers: string[];
}

/**
 * One place that keeps personal data and knows how to forget a subject in it. Every collection of the
 * store is either a holder or declared as holding none (src/channels/erasure.ts lists them all).
 */
export interface PersonalDataHolder {
  readonly name: string;
  /** Removes what belongs to the subject; returns how many records went. Idempotent. */
  forget(subject: ErasureSubject): Promise<number>;
}

/** The subject behind one application, or undefined when no such application is stored. */
export async function subjectOf(
  applications: ApplicationRepository,
  referenceNumber: string,
): Promise<ErasureSubject | undefined> {
  const first = await applications.get(referenceNumber);
  if (!first) return undefined;
  const all = await applications.list({ applicantIdNumber: first.applicant.idNumber });
  const byRef = new Map([first, ...all].map((a) => [a.referenceNumber, a]));
  const conversations = new Set<string>();
  for (const a of byRef.values()) if (a.conversationId) conversations.add(a.conversationId);
  return {
    referenceNumbers: [...byRef.keys()],
    conversationIds: [...conversations],
    idNumbers: [first.applicant.idNumber],
  };
}

export interface ErasureReport {
  applications: number;
  conversations: number;
  /** Records removed per holder. */
  removed: Record<string, number>;
}

/**
 * Forgets the subject everywhere. The applications go last: if the process stops half-way, running the
 * erasure again from the same reference number finds the same subject and finishes the job.
 */
export async function eraseSubject(
  subject: ErasureSubject,
  holders: PersonalDataHolder[],
  applications: ApplicationRepository,
): Promise<ErasureReport> {
  const removed: Record<string, number> = {};
  for (const holder of holders) removed[holder.name] = await holder.forget(subject);
  let count = 0;
  for (const ref of subject.referenceNumbers) if (await applications.remove(ref)) count += 1;
  return { applications: count, conversations: subject.conversationIds.length, removed };
}

/** How a document collection's records are tied to a subject. */
export type DocumentLocator =
  /** The key is a conversation id. */
  | { kind: 'conversationKey' }
  /** Keys start with one of these prefixes. */
  | { kind: 'prefix'; prefixes: (s: ErasureSubject) => string[] }
  /** Exact keys. */
  | { kind: 'keys'; keys: (s: ErasureSubject) => string[] }
  /** Read each record (collections without a usable key, e.g. keyed by time or a random id). */
  | { kind: 'match'; matches: (key: string, value: unknown, s: ErasureSubject) => boolean };

/** A holder for one document collection. */
export function documentHolder(
  documents: DocumentStore,
  collection: string,
  locator: DocumentLocator,
): PersonalDataHolder {
  const removeKeys = async (keys: string[]) => {
    let n = 0;
    for (const key of new Set(keys)) if (await documents.delete(collection, key)) n += 1;
    return n;
  };
  return {
    name: collection,
    async forget(subject) {
      switch (locator.kind) {
        case 'conversationKey':
          return removeKeys(subject.conversationIds);
        case 'keys':
          return removeKeys(locator.keys(subject));
        case 'prefix': {
          const keys: string[] = [];
          for (const prefix of locator.prefixes(subject)) {
            for (const d of await documents.list(collection, { prefix })) keys.push(d.key);
          }
          return removeKeys(keys);
        }
        case 'match': {
          const docs = await documents.list(collection);
          return removeKeys(docs.filter((d) => locator.matches(d.key, d.value, subject)).map((d) => d.key));
        }
      }
    },
  };
}

/** Whether a record names one of the subject's conversations or applications in its usual fields. */
export function namesSubject(value: unknown, s: ErasureSubject): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { conversationId?: unknown; referenceNumber?: unknown };
  return (
    (typeof v.conversationId === 'string' && s.conversationIds.includes(v.conversationId)) ||
    (typeof v.referenceNumber === 'string' && s.referenceNumbers.includes(v.referenceNumber))
  );
}
