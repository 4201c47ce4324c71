import type { Application } from '../../domain/application';
import { officialStatusName } from '../../domain/applicationStatus';
import { formatChineseDate, isIsoDate } from '../../domain/dates';
import type { CityPolicy } from '../../domain/policies';
import { correctionTexts } from '../../dialogs/texts/correction';
import { procedureTexts } from '../../dialogs/texts/procedures';
import { residentStatusLabel } from '../../dialogs/texts/statusLookup';
import { render } from '../../messages';

/** A status notification: plain Chinese, what happened and what to do next, and buttons when there is an action. */
export interface StatusNotice {
  text: string;
  buttons: string[];
}

const kindName = (app: Application) => procedureTexts.kindNames[app.kind] ?? render('notice.kind.unknown');
/** The message for a stage, with the expected date when the application has one. */
const withExpected = (code: string, head: string, app: Application) =>
  app.expectedBy && isIsoDate(app.expectedBy)
    ? render(`${code}.expected`, { head, date: formatChineseDate(app.expectedBy) })
    : render(code, { head });

export function statusNotice(app: Application, policy: CityPolicy): StatusNotice {
  const head = render('notice.head', { kind: kindName(app), reference: app.referenceNumber });
  const lookup = render('action.statusLookup');
  switch (app.status) {
    case 'underReview':
      return { text: withExpected('notice.underReview', head, app), buttons: [lookup] };
    case 'approved':
      return app.kind === 'permit' || app.kind === 'renewal'
        ? { text: render('notice.approved.card', { head }), buttons: [lookup] }
        : { text: render('notice.approved', { head }), buttons: [lookup] };
    case 'rejected':
      return {
        text: render('notice.rejected', { head, reason: app.rejectionReason ?? render('notice.rejected.noReason') }),
        buttons: [render('action.handoff')],
      };
    case 'needsCorrection': {
      const fields = app.correction?.fields ?? [];
      const lines = [render('notice.needsCorrection', { head })];
      if (fields.length) lines.push(correctionTexts.whatToFix(fields.map((f) => correctionTexts.label(f))));
      if (app.correction?.note) lines.push(correctionTexts.staffNote(app.correction.note));
      lines.push(render('notice.needsCorrection.howTo', { action: correctionTexts.action }));
      return { text: lines.join('\n'), buttons: [correctionTexts.action] };
    }
    case 'resubmitted':
      return { text: render('notice.resubmitted', { head }), buttons: [lookup] };
    case 'inProduction':
      return { text: withExpected('notice.inProduction', head, app), buttons: [lookup] };
    case 'shipped':
      return {
        text: app.deliveryNote
          ? render('notice.shipped.withNote', { head, note: app.deliveryNote })
          : render('notice.shipped', { head }),
        buttons: [lookup],
      };
    case 'readyForPickup': {
      const pickup = policy.delivery.pickup.value;
      return {
        text: render('notice.readyForPickup', { head, place: pickup.place, name: pickup.name }),
        buttons: [lookup],
      };
    }
    case 'completed': {
      const name = officialStatusName('completed', policy);
      const text = name ? render('notice.completedNamed', { head, name }) : render('notice.completed', { head });
      return { text, buttons: [] };
    }
    default:
      return {
        text: render('notice.statusChanged', { head, label: residentStatusLabel(app.status, policy) }),
        buttons: [lookup],
      };
  }
}
