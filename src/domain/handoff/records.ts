import { z } from 'zod';
import { fail, ok, problem, type Result } from '../result';

/** Staff accounts, tickets left outside service hours and audit entries: shapes and their rules. */

export const STAFF_ROLES = ['staff', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffAccount {
  username: string;
  displayName: string;
  role: StaffRole;
  /** scrypt hash and its per-user salt, both base64, and the parameters (absent: the first ones used). */
  passwordHash: string;
  salt: string;
  kdf?: string;
  createdAt: string;
}

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{1,31}$/, 'username: 2-32 letters, digits, _ . - (starting with a letter or digit)');

export const passwordSchema = z
  .string()
  .min(10, 'password: at least 10 characters')
  .max(200, 'password: at most 200 characters');

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'display name is empty')
  .max(20, 'display name: at most 20 characters');

export const TICKET_STATUSES = ['open', 'calledBack', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export interface Ticket {
  id: string;
  conversationId: string;
  channel: string;
  city?: string;
  phone: string;
  message: string;
  status: TicketStatus;
  createdAt: string;
  updatedAt: string;
  updatedBy?: string;
}

/** A closed ticket stays closed: a new call-back request is a new ticket. */
export function changeTicketStatus(ticket: Ticket, to: TicketStatus, by: string, now: Date): Result<Ticket> {
  if (ticket.status === 'closed') return fail(problem('ticket.closed', 'a closed ticket cannot change'));
  if (ticket.status === to) return ok(ticket);
  return ok({ ...ticket, status: to, updatedAt: now.toISOString(), updatedBy: by });
}

export const AUDIT_ACTIONS = [
  'login',
  'loginFailed',
  'logout',
  'claim',
  'reveal',
  'send',
  'resolve',
  'transfer',
  'ticketStatus',
  'staffCreated',
  'review',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  at: string;
  actor: string;
  action: AuditAction;
  conversationId?: string;
  detail?: string;
}
