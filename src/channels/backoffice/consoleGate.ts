import type { Request } from 'restify';
import type { HandoffDesk } from '../../domain/handoff/handoffDesk';
import { requireStaff } from '../console/auth';
import type { StaffDirectory } from '../console/staffDirectory';
import { HttpError } from '../http/errors';
import type { StaffGate } from './staffGate';

/**
 * The staff console's own login and audit trail as the review API's gate: the same session cookie
 * (path /console) signs a staff member into both pages, and reveals and review actions land in the
 * same audit trail admins read.
 */
export function consoleStaffGate(staff: StaffDirectory, desk: HandoffDesk): StaffGate {
  return {
    async authenticate(req: Request) {
      try {
        const { account } = await requireStaff(req, staff);
        return { username: account.username, displayName: account.displayName, role: account.role };
      } catch (err) {
        if (err instanceof HttpError && err.status === 401) return undefined;
        throw err;
      }
    },
    async audit(member, action, details) {
      const ref = typeof details.referenceNumber === 'string' ? details.referenceNumber : '';
      const to = typeof details.to === 'string' ? ` → ${details.to}` : '';
      await desk.audit({
        actor: member.username,
        action: action === 'application.reveal' ? 'reveal' : 'review',
        detail: `${action} ${ref}${to}`.trim(),
      });
    },
  };
}
