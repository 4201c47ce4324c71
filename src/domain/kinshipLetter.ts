import { render } from '../messages';
import { formatChineseDate, isIsoDate } from './dates';
import type { CityPolicy } from './policies/schema';

export type KinshipLetterInput = {
  city: CityPolicy;
  applicantName: string;
  /** Already masked (maskIdNumber): the letter is shown in chat and must not carry the full number. */
  applicantIdMasked: string;
  relativeName: string;
  relationship: string;
  address: string;
  /** YYYY-MM-DD */
  date: string;
};

/**
 * The electronic 亲属关系承诺书: when a resident lives with relatives, Shanghai accepts a signed
 * promise about the relationship instead of a certificate from elsewhere (000). The wording is ours; it
 * cites no regulation because the sources name none.
 */
export function kinshipLetterText(input: KinshipLetterInput): string {
  const date = isIsoDate(input.date) ? formatChineseDate(input.date) : input.date;
  const clean = (s: string) =>
    String(s ?? '')
      .replace(/\s+/g, ' ')
      .trim();
  return render('kinshipLetter.text', {
    applicant: clean(input.applicantName),
    idNumber: clean(input.applicantIdMasked),
    relative: clean(input.relativeName),
    relationship: clean(input.relationship),
    address: clean(input.address),
    city: input.city.name,
    permit: input.city.permitName,
    date,
  });
}
