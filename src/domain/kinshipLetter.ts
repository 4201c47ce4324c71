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
  return [
    '亲属关系承诺书',
    '',
    `承诺人：${clean(input.applicantName)}（身份证号码：${clean(input.applicantIdMasked)}）`,
    `亲属：${clean(input.relativeName)}（与承诺人的关系：${clean(input.relationship)}）`,
    `居住地址：${clean(input.address)}`,
    '',
    `本人在${input.city.name}申报居住登记、申领${input.city.permitName}，居住在上述亲属家中。`,
    `本人承诺：本人与${clean(input.relativeName)}确为${clean(input.relationship)}关系，所填信息真实、完整。`,
    '如有不实，本人愿意承担由此产生的一切责任，包括相关法律责任。',
    '',
    `承诺人：${clean(input.applicantName)}`,
    `日期：${date}`,
  ].join('\n');
}
