import { idCheckCharacter } from '../../src/domain/idNumber';
import type { Clock } from '../../src/domain/ports';

/** A valid ID number (Shanghai Huangpu area code) for a birth date YYYYMMDD; odd sequence → male. */
export function makeId(birth: string, sequence = '123'): string {
  const first17 = `310101${birth}${sequence}`;
  return first17 + idCheckCharacter(first17);
}

/** A clock fixed at a Shanghai calendar date (10:00 local time). */
export function clockOn(date: string): Clock & { set(date: string): void } {
  let now = new Date(`${date}T02:00:00Z`);
  return { now: () => new Date(now), set: (d: string) => (now = new Date(`${d}T02:00:00Z`)) };
}

export const CHINESE = /[\u4e00-\u9fff]/;
