import type { Application } from '../../domain/application';
import { allowedNext, STATUS_LABELS } from '../../domain/applicationStatus';
import { maskIdNumber } from '../../domain/idNumber';
import { getPolicy, isKnownCity } from '../../domain/policies';
import { maskPhone } from '../../domain/phone';
import { correctionTexts } from '../../dialogs/texts/correction';
import { procedureTexts } from '../../dialogs/texts/procedures';
import { actionsFor, ACTION_LABELS } from './reviewActions';
import { render } from '../../messages';

/** Statuses waiting for a reviewer (待受理, 审核中, 已补正), and those further on (production, delivery). */
export const QUEUES = {
  review: ['submitted', 'underReview', 'resubmitted'],
  inProgress: ['needsCorrection', 'approved', 'inProduction', 'shipped', 'readyForPickup'],
  closed: ['completed', 'rejected'],
} as const;
export type QueueName = keyof typeof QUEUES;

export const maskName = (name: string): string =>
  name.length <= 1 ? '*' : `${name[0]}${'*'.repeat(Math.min(name.length - 1, 3))}`;
/** Enough of an address to see the district and street; the house number stays hidden until revealed. */
export const maskAddress = (address: string): string =>
  address.length <= 6 ? '*'.repeat(address.length) : `${address.slice(0, 6)}****`;

const PERSONAL_ANSWERS = new Set(['relativeName', 'signedName', 'kinshipLetterText', 'name', 'idNumber', 'phone']);

/** Choice answers are stored as ids (rented, employed); reviewers read the city's own names. */
function readable(app: Application, field: string, value: string): string {
  const policy = isKnownCity(app.city) ? getPolicy(app.city) : undefined;
  if (field === 'residenceType') return policy?.residenceTypes.value.find((r) => r.id === value)?.name ?? value;
  if (field === 'occupation') return policy?.occupations.value.find((o) => o.id === value)?.name ?? value;
  if (field === 'photo') return value === 'existing' ? procedureTexts.photoReused : procedureTexts.photoUploaded;
  if (typeof value === 'string' && (value === 'true' || value === 'false'))
    return render(value === 'true' ? 'review.answer.yes' : 'review.answer.no');
  return value;
}

function answerLines(app: Application, reveal: boolean): { field: string; label: string; value: string }[] {
  return Object.entries(app.answers).map(([field, raw]) => {
    const value = raw === null || raw === undefined ? '' : readable(app, field, String(raw));
    let shown = value;
    if (!reveal && field === 'address') shown = maskAddress(value);
    else if (!reveal && PERSONAL_ANSWERS.has(field)) shown = maskName(value);
    return { field, label: correctionTexts.label(field), value: shown };
  });
}

export function queueItem(app: Application) {
  return {
    referenceNumber: app.referenceNumber,
    kind: app.kind,
    kindName: procedureTexts.kindNames[app.kind] ?? app.kind,
    city: app.city,
    status: app.status,
    statusLabel: STATUS_LABELS[app.status],
    applicantName: maskName(app.applicant.name),
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
  };
}

/** Everything a reviewer needs on one screen; personal data masked unless `reveal`. */
export function applicationView(app: Application, reveal = false) {
  return {
    ...queueItem(app),
    applicant: reveal
      ? { ...app.applicant }
      : {
          name: maskName(app.applicant.name),
          idNumber: maskIdNumber(app.applicant.idNumber),
          phone: maskPhone(app.applicant.phone),
        },
    revealed: reveal,
    answers: answerLines(app, reveal),
    checklist: app.checklist,
    pickup: app.pickup
      ? {
          method: app.pickup.method,
          ...(app.pickup.address ? { address: reveal ? app.pickup.address : maskAddress(app.pickup.address) } : {}),
        }
      : undefined,
    kinshipLetterSigned: app.kinshipLetter !== undefined,
    expectedBy: app.expectedBy,
    correction: app.correction,
    rejectionReason: app.rejectionReason,
    deliveryNote: app.deliveryNote,
    timeline: app.timeline.map((t) => ({
      ...t,
      fromLabel: t.from ? STATUS_LABELS[t.from] : null,
      toLabel: STATUS_LABELS[t.to],
    })),
    actions: actionsFor(app, allowedNext(app.status, app.kind)).map((a) => ({ action: a, label: ACTION_LABELS[a] })),
    correctableFields: [
      ...Object.keys(app.answers)
        .filter((f) => !PERSONAL_ANSWERS.has(f) && f !== 'proxyActor' && f !== 'disabled')
        // With the materials step, the photo is a material (asked again as one, with its file).
        .filter((f) => !(f === 'photo' && app.materials?.length))
        .map((f) => ({ field: f, label: correctionTexts.label(f) })),
      ...(app.materials ?? []).map((m) => ({
        field: `material:${m.item}`,
        label: correctionTexts.label(`material:${m.item}`),
      })),
    ],
    version: app.version,
  };
}
