/**
 * The port for uploaded files (photos, scans of materials). src/storage implements it for memory, lowdb
 * (bytes in files beside the records) and PostgreSQL (bytea in the database). A file belongs to the
 * conversation that uploaded it (owner) until it is attached to an application; erasure and retention
 * work on both.
 */

/** What the upload checks established about a file; stored with it and never taken from the client. */
export interface NewFile {
  /** Who uploaded it: a channel-qualified conversation key, e.g. "directline:abc" or "wechat:openid". */
  owner: string;
  /** The sniffed type (file-type), e.g. image/jpeg; never the client's declared content-type. */
  contentType: string;
  /** The client's file name, cleaned for display (no path, no control characters). */
  name: string;
  width?: number;
  height?: number;
}

export interface StoredFile extends NewFile {
  /** Random and unguessable: knowing an id is not enough to read a file, but it is never shown across owners. */
  id: string;
  size: number;
  sha256: string;
  createdAt: string;
  /** Set once the file is part of an application. */
  applicationRef?: string;
  /** The checklist item it stands for, e.g. "照片" or "住所证明". */
  material?: string;
  /** When a newer file took this one's place; the old one stays for staff to compare. */
  replacedBy?: string;
}

export interface FileStore {
  /** Stores the bytes and returns the record. Resolves only once the bytes are durable. */
  put(file: NewFile, bytes: Buffer): Promise<StoredFile>;
  get(id: string): Promise<{ file: StoredFile; bytes: Buffer } | undefined>;
  /** The record without the bytes. */
  head(id: string): Promise<StoredFile | undefined>;
  /**
   * Stores a new file in the place of an old one: the new one inherits the old one's application and
   * material, and the old one gets replacedBy. Undefined when the old one is not there.
   */
  replace(oldId: string, file: NewFile, bytes: Buffer): Promise<StoredFile | undefined>;
  /** Links a file to an application as one material. Undefined when the file is not there. */
  attach(id: string, applicationRef: string, material: string): Promise<StoredFile | undefined>;
  /** Returns whether a file was removed. */
  delete(id: string): Promise<boolean>;
  /** Every file of an application, replaced ones included, oldest first. */
  listByApplication(applicationRef: string): Promise<StoredFile[]>;
  /** Every file an owner uploaded, oldest first. */
  listByOwner(owner: string): Promise<StoredFile[]>;
  /** Erasure: removes every file of an owner (attached or not); returns how many. */
  eraseOwner(owner: string): Promise<number>;
  /** Erasure: removes every file of an application; returns how many. */
  eraseApplication(applicationRef: string): Promise<number>;
  /** Retention: removes files never attached to an application and older than cutoff; returns how many. */
  purgeUnattached(cutoff: Date): Promise<number>;
  close(): Promise<void>;
}

/** The owner key of a conversation's uploads: files never cross conversations or channels. */
export function fileOwner(channelId: string, conversationId: string): string {
  return `${channelId}:${conversationId}`;
}

/** The path a conversation reads one of its files at (Direct Line); the file id is its last segment. */
export function conversationFilePath(conversationId: string, fileId: string): string {
  return `/v3/directline/conversations/${encodeURIComponent(conversationId)}/files/${fileId}`;
}

/**
 * How the bot is shown a stored file on a channel whose clients cannot read our files by URL (WeChat, Bot
 * Framework channels): a reference no client fetches, resolved only against the conversation's own files.
 */
export function storedFileRef(fileId: string): string {
  return `banshi:files/${fileId}`;
}

/** The file id in an attachment URL this server issued, or undefined. */
export function fileIdFromUrl(url: string | undefined): string | undefined {
  const m = /(?:^banshi:files|\/files)\/([A-Za-z0-9_-]{32})(?:[?#].*)?$/.exec(url ?? '');
  return m?.[1];
}
