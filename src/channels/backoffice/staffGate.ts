import type { Request } from 'restify';

/** A signed-in staff member, as the console's session check reports them. */
export interface StaffMember {
  username: string;
  displayName?: string;
  role?: string;
}

/**
 * What the review API needs from the staff console (src/channels/console): its session check and its
 * audit trail. One login for both pages; the back office never keeps its own accounts.
 */
export interface StaffGate {
  /** The staff member signed in on this request, or undefined (the route answers 401). */
  authenticate(req: Request): Promise<StaffMember | undefined>;
  /** Appends to the console's audit trail (reveals and review actions). */
  audit(staff: StaffMember, action: string, details: Record<string, unknown>): Promise<void>;
}
