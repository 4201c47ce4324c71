import { render } from '../messages';
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

/** Base items that already stand for "a proof of residence" (Chengdu's 居住地址证明, 003). */
const GENERIC_RESIDENCE_PROOF = /住所证明|地址证明/;

/**
 * The personalised list of materials, all taken from the city's policy data:
 * - registration and address change: identity and photo, plus the proof for the residence type
 *   (an address change needs proof of the new address);
 * - permit and renewal: the same plus the occupation proof. A proof of residence is always part of it
 *   (001 lists it for the permit, "根据您的实际情况选择其一"; renewal uploads "最新的住所…证明", 001 A4;
 *   Chengdu's stage 3 asks for 居住地址证明, 003). When the residence type is not known, every type's
 *   proofs are listed under their type so the resident picks theirs, relatives' kinship letter included;
 * - loss report and cancellation: what the city lists (Shanghai: nothing online, 000), else nothing;
 * - plus what a proxy brings.
 * Unknown occupation ids add nothing; the dialogs offer only the ids the city has.
 */
export function materialsChecklist(policy: CityPolicy, s: ChecklistSituation): string[] {
  const items: string[] = [];
  if (s.kind === 'lossReport' || s.kind === 'lossCancellation') {
    items.push(...(policy.lossReportMaterials?.value ?? []));
  } else {
    const residence = policy.residenceTypes.value.find((r) => r.id === s.residenceTypeId);
    const needsResidenceProof = s.kind === 'permit' || s.kind === 'renewal';
    if (residence) {
      const base = policy.baseMaterials.value
        .filter((m) => s.kind !== 'addressChange' || !/照片/.test(m))
        // The type's own proof is what "a proof of residence" means here; listing both reads as two items.
        .filter((m) => residence.materials.length === 0 || !GENERIC_RESIDENCE_PROOF.test(m));
      items.push(...base, ...residence.materials);
    } else if (needsResidenceProof) {
      items.push(...policy.baseMaterials.value.filter((m) => !GENERIC_RESIDENCE_PROOF.test(m)));
      items.push(...residenceProofsByType(policy));
    } else if (s.kind === 'addressChange') {
      // 000 asks for the proofs of the change at the centre; it names no photo.
      items.push(...policy.baseMaterials.value.filter((m) => !/照片/.test(m)));
    } else {
      items.push(...policy.baseMaterials.value);
    }
    if (needsResidenceProof) {
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

/** A heading, then one line per residence type the city names ("租赁住房：…"), for the resident to pick theirs. */
function residenceProofsByType(policy: CityPolicy): string[] {
  return [
    render('checklist.residenceProofs.heading'),
    ...policy.residenceTypes.value.map((r) =>
      render('checklist.residenceProofs.type', { type: r.name, materials: r.materials.join(render('list.semicolon')) }),
    ),
  ];
}
