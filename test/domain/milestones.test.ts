import { getPolicy } from '../../src/domain/policies';
import { expectedMilestones } from '../../src/domain/submission';

const shanghai = getPolicy('shanghai');
const chengdu = getPolicy('chengdu');

// Audit 2026-12 rows 6-9 and §d: each expected date says what it is, with its own figure and source.
describe('expected dates', () => {
  it('a permit has the review result (6), the card (6 + 7) and the legal limit (15), each with its source', () => {
    expect(expectedMilestones(shanghai, 'permit', '2026-12-03')).toEqual([
      expect.objectContaining({
        code: 'review',
        date: '2026-12-11',
        workingDays: 6,
        source: '002_7149ee6b2e8ba172.txt',
      }),
      expect.objectContaining({ code: 'card', date: '2026-12-22', workingDays: 13 }),
      expect.objectContaining({ code: 'legalLimit', date: '2026-12-24', source: '001_646c3be9e77c5dab.txt' }),
    ]);
  });

  it('a renewal does not borrow the new-card figures: the legal limit only', () => {
    expect(expectedMilestones(shanghai, 'renewal', '2026-12-03').map((m) => m.code)).toEqual(['legalLimit']);
  });

  it('a registration uses the newer 1-working-day e-certificate (000), not the 2018 two days', () => {
    expect(expectedMilestones(shanghai, 'registration', '2026-12-03')).toEqual([
      expect.objectContaining({ date: '2026-12-04', workingDays: 1, source: '000_1d6aa793aa3d65e2.txt' }),
    ]);
  });

  it('a date in a year the holiday list does not cover is provisional', () => {
    const [review, card, limit] = expectedMilestones(shanghai, 'permit', '2026-12-15');
    expect(review).toMatchObject({ date: '2026-12-23', provisional: false });
    expect(card).toMatchObject({ provisional: true });
    expect(limit).toMatchObject({ provisional: true });
  });

  it('a city that states no time limit gets no date', () => {
    expect(expectedMilestones(chengdu, 'permit', '2026-12-03')).toEqual([]);
  });
});
