import type { ApplicationKind } from './application';
import { proxyRule, type ProxySituation } from './eligibility';
import type { CityPolicy } from './policies/schema';

export type ChecklistSituation = {
  kind: ApplicationKind;
  /** An id from policy.residenceTypes (rented, owned, dormitory, relatives, ...). */
  residenceTypeId?: string;
  /** An id from policy.occupations (employed, student, investor). */
  occupation?: string;
  /** Someone acting for the applicant: their materials are added when the city allows it. */
  proxy?: ProxySituation;
};

/**
 * The personalised list of materials, all taken from the city's policy data:
 * - registration and address change: identity and photo, plus the proof for the residence type
 *   (an address change needs proof of the new address);
 * - permit and renewal: the same plus the occupation proof (the renewal guide asks for up-to-date
 *   residence and work or study proofs, 001);
 * - loss report and cancellation: what the city lists (Shanghai: nothing online, 000), else nothing;
 * - plus what a proxy brings.
 * Unknown residence type or occupation ids add nothing; the dialogs offer only the ids the city has.
 */
export function materialsChecklist(policy: CityPolicy, s: ChecklistSituation): string[] {
  const items: string[] = [];
  if (s.kind === 'lossReport' || s.kind === 'lossCancellation') {
    items.push(...(policy.lossReportMaterials?.value ?? []));
  } else {
    items.push(...policy.baseMaterials.value);
    const residence = policy.residenceTypes.value.find((r) => r.id === s.residenceTypeId);
    if (residence) items.push(...residence.materials);
    if (s.kind === 'permit' || s.kind === 'renewal') {
      const occupation = policy.occupations.value.find((o) => o.id === s.occupation);
      if (occupation) items.push(...occupation.proofs);
    }
  }
  if (s.proxy && s.proxy.actor !== 'self') {
    const rule = proxyRule(policy, s.proxy);
    if (rule.ok) items.push(...rule.value.materials);
  }
  return [...new Set(items)];
}
