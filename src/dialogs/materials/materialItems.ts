import type { MaterialRecord } from '../../domain/application';
import type { MaterialKind } from '../../domain/materialRules';
import type { CityPolicy } from '../../domain/policies';

/**
 * The materials a procedure collects, from its checklist: one item per checklist line. The state lives in
 * the draft (answers.materials) so that a resumed procedure keeps what was uploaded.
 */
export interface MaterialState extends Omit<MaterialRecord, 'status'> {
  kind: MaterialKind;
  /** The file's display name, for the summary. */
  name?: string;
  status: MaterialRecord['status'] | 'pending';
}

const PHOTO = /照片|相片|证件照/;

export function materialKind(item: string): MaterialKind {
  return PHOTO.test(item) && !/扫描|身份证/.test(item) ? 'photo' : 'document';
}

/**
 * Items from the checklist. For a permit or renewal whose checklist names no proof of residence (the
 * procedure does not ask the residence type), one item stands for it, named from the city's residence
 * types, because the online application the sources describe asks for one.
 */
export function materialItems(
  policy: CityPolicy,
  checklist: string[],
  kind: string,
  earlier: MaterialState[] = [],
): MaterialState[] {
  const items = [...checklist];
  const residenceMaterials = policy.residenceTypes.value.flatMap((r) => r.materials);
  if ((kind === 'permit' || kind === 'renewal') && !items.some((i) => residenceMaterials.includes(i))) {
    items.push(`住所证明（${policy.residenceTypes.value.map((r) => r.name).join('、')}对应的证明之一）`);
  }
  return items.map((item) => {
    const kept = earlier.find((e) => e.item === item);
    return kept ?? { item, kind: materialKind(item), status: 'pending' };
  });
}

export function parseMaterials(value: unknown): MaterialState[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (v): v is MaterialState => typeof v === 'object' && v !== null && typeof (v as MaterialState).item === 'string',
  );
}

/** What the application records: every item with its outcome (a pending one is recorded as brought). */
export function materialRecords(states: MaterialState[]): MaterialRecord[] {
  return states.map((s) =>
    s.status === 'uploaded' && s.fileId
      ? { item: s.item, status: 'uploaded', fileId: s.fileId }
      : { item: s.item, status: s.status === 'onFile' ? 'onFile' : 'bring' },
  );
}
