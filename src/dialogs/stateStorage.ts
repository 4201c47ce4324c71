import { ConversationState, type Storage, type StoreItems, type TurnContext } from 'botbuilder';
import type { DocumentStore } from '../domain/ports';

export const BOT_STATE_COLLECTION = 'bot-state';

/**
 * botbuilder's Storage over the project's DocumentStore, so conversation and user state live in the
 * same store as everything else (lowdb by default, PostgreSQL when configured).
 *
 * eTags: an item written with eTag "*" is written unconditionally; with any other string, only if the
 * stored document still has that etag; without an eTag, only if no document exists yet (a new
 * conversation). A failed condition rejects with the store's ConcurrencyError and changes nothing.
 * After a successful write the item's eTag is updated in place, so the same turn can write again.
 */
export class DocumentStoreStorage implements Storage {
  constructor(
    private readonly documents: DocumentStore,
    private readonly collection: string = BOT_STATE_COLLECTION,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const doc = await this.documents.get<Record<string, unknown>>(this.collection, key);
      if (doc) items[key] = { ...doc.value, eTag: doc.etag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...value } = (item ?? {}) as Record<string, unknown> & { eTag?: string };
      const expected = eTag === '*' ? undefined : typeof eTag === 'string' && eTag !== '' ? eTag : null;
      const etag = await this.documents.put(this.collection, key, value, expected);
      if (item && typeof item === 'object') (item as { eTag?: string }).eTag = etag;
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) await this.documents.delete(this.collection, key);
  }
}

const savedHash = Symbol('banshi.savedStateHash');

function hashOf(state: Record<string, unknown>): string {
  const { eTag: _ignored, ...rest } = state;
  return JSON.stringify(rest);
}

/**
 * botbuilder's BotState.saveChanges always writes with eTag "*", which would let a slow turn overwrite a
 * newer one. These subclasses keep the eTag read at load, so the second of two overlapping turns fails
 * instead of silently replacing the first one's state.
 */
async function saveWithEtag(
  state: ConversationState,
  context: TurnContext,
  storage: Storage,
  storageKey: (context: TurnContext) => string | Promise<string>,
  force: boolean,
): Promise<void> {
  const cached = (await state.load(context)) as Record<string, unknown>;
  const hashes = turnHashes(context);
  const hash = hashOf(cached);
  if (!force && hashes.get(state) === hash) return;
  const key = await storageKey(context);
  await storage.write({ [key]: cached });
  hashes.set(state, hash);
}

export class EtagConversationState extends ConversationState {
  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const loaded = (await super.load(context, force)) as Record<string, unknown>;
    rememberLoaded(this, context, loaded);
    return loaded;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    await saveWithEtag(this, context, this.storage, this.storageKey, force);
  }
}

/** Per turn: the hash of each state object as read or last written. */
function turnHashes(context: TurnContext): Map<unknown, string> {
  let hashes = context.turnState.get<Map<unknown, string> | undefined>(savedHash);
  if (!hashes) {
    hashes = new Map<unknown, string>();
    context.turnState.set(savedHash, hashes);
  }
  return hashes;
}

/** The hash of the state as read, so an unchanged state is not written again. */
function rememberLoaded(state: unknown, context: TurnContext, loaded: Record<string, unknown>): void {
  const hashes = turnHashes(context);
  if (!hashes.has(state)) hashes.set(state, hashOf(loaded));
}
