import fs from 'node:fs';
import path from 'node:path';
import { materialsChecklist } from '../../src/domain/checklist';
import { kinshipLetterText } from '../../src/domain/kinshipLetter';
import { getPolicy } from '../../src/domain/policies';
import {
  newReferenceNumber,
  normaliseReferenceNumber,
  randomReferencePart,
  REFERENCE_NUMBER,
} from '../../src/domain/referenceNumber';
import { projectRoot } from '../../src/paths';

const shanghai = getPolicy('shanghai');
const chengdu = getPolicy('chengdu');

describe('materialsChecklist', () => {
  it.each([
    [
      'registration, rented',
      shanghai,
      { kind: 'registration', residenceTypeId: 'rented' },
      [
        '本人有效居民身份证（正反面）',
        '本人近期免冠照片（系统已有可用照片的无需再交）',
        '已备案租赁合同的凭证：《房屋租赁合同备案通知书》，或者《住房租赁合同备案凭证》',
      ],
    ],
    [
      'permit, dormitory, student',
      shanghai,
      { kind: 'permit', residenceTypeId: 'dormitory', occupation: 'student' },
      [
        '本人有效居民身份证（正反面）',
        '本人近期免冠照片（系统已有可用照片的无需再交）',
        '单位或学校开具的《集体宿舍证明》（样张可向属地派出所咨询领取）',
        '学校出具的在读证明',
      ],
    ],
    ['loss report', shanghai, { kind: 'lossReport' }, []],
    ['loss cancellation', shanghai, { kind: 'lossCancellation' }, []],
    [
      // Walk m14: Chengdu's 居住地址证明 is the rented home's 备案凭证, one item, not two.
      'Chengdu registration, rented',
      chengdu,
      { kind: 'registration', residenceTypeId: 'rented' },
      ['身份证正反面', '近期免冠照片', '房屋租赁备案凭证'],
    ],
    [
      // The owned home's proof is the 居住地址证明 here: not listed twice.
      'Chengdu permit, owned, employed',
      chengdu,
      { kind: 'permit', residenceTypeId: 'owned', occupation: 'employed' },
      ['身份证正反面', '近期免冠照片', '房屋产权证明', '劳动合同、工商营业执照等就业证明'],
    ],
  ] as const)('%s', (_name, policy, s, expected) => {
    expect(materialsChecklist(policy, s)).toEqual(expected);
  });

  // Audit 2026-12 rows 1-2: permit and renewal checklists left out the proof of residence.
  it.each([
    ['permit', 'employed'],
    ['renewal', 'student'],
  ] as const)(
    'Shanghai %s without a known residence type lists every type’s proof, the kinship letter included',
    (kind, occupation) => {
      const list = materialsChecklist(shanghai, { kind, occupation });
      expect(list).toEqual(
        expect.arrayContaining([
          '住所证明：按您的住所情况，准备下面其中一种',
          expect.stringMatching(/^租赁住房：.*备案/),
          expect.stringMatching(/^自有住房：.*不动产权证书/),
          expect.stringMatching(/^单位或学校集体宿舍：.*集体宿舍证明/),
          expect.stringMatching(/^居住在亲属家：.*亲属关系承诺书/),
        ]),
      );
    },
  );

  it('a known residence type gives only its proof; relatives bring the letter, not a kinship proof from home', () => {
    const list = materialsChecklist(shanghai, {
      kind: 'renewal',
      residenceTypeId: 'relatives',
      occupation: 'employed',
    });
    expect(list.join('\n')).toContain('亲属关系承诺书');
    expect(list.join('\n')).not.toContain('户口簿');
    expect(list.join('\n')).not.toContain('租赁住房');
  });

  it('Chengdu permit without a residence type: the three proofs the overview names, not a bare 居住地址证明', () => {
    const list = materialsChecklist(chengdu, { kind: 'permit', occupation: 'none' });
    expect(list).toEqual([
      '身份证正反面',
      '近期免冠照片',
      '住所证明：按您的住所情况，准备下面其中一种',
      '租赁住房：房屋租赁备案凭证',
      '自有住房：房屋产权证明',
      '单位提供的住宿：单位出具的住宿证明',
    ]);
  });

  it('an address change asks no photo (000 names only the proofs of the change)', () => {
    const list = materialsChecklist(shanghai, { kind: 'addressChange', residenceTypeId: 'rented' });
    expect(list.join('\n')).not.toContain('照片');
    expect(list.join('\n')).toContain('备案');
  });

  it('adds the kinship letter for relatives and the proxy’s materials', () => {
    const list = materialsChecklist(shanghai, {
      kind: 'registration',
      residenceTypeId: 'relatives',
      proxy: { applicantAge: 70, disabled: true, actor: 'closeRelative' },
    });
    expect(list).toEqual(
      expect.arrayContaining([
        '亲属关系承诺书（网上申请时由系统生成，签名确认即可，不用回外地开亲属关系证明）',
        '委托书',
        '残疾人证',
      ]),
    );
  });
});

describe('kinshipLetterText', () => {
  const text = kinshipLetterText({
    city: shanghai,
    applicantName: '李四',
    applicantIdMasked: '3101**********1234',
    relativeName: '李大',
    relationship: '父子',
    address: '上海市黄浦区某路1号',
    date: '2026-11-22',
  });
  it('names the people, the relationship, the address and the date', () => {
    for (const part of [
      '亲属关系承诺书',
      '李四',
      '3101**********1234',
      '李大',
      '父子',
      '上海市黄浦区某路1号',
      '2026年11月22日',
      '上海市居住证',
    ])
      expect(text).toContain(part);
  });
  it('has the applicant accept responsibility and cites no regulation', () => {
    expect(text).toMatch(/真实/);
    expect(text).toMatch(/承担/);
    expect(text).not.toMatch(/《.*(法|条例|规定|办法)》|第.+条/);
  });
  it('never carries a full ID number when given a masked one', () => {
    expect(text).not.toMatch(/\d{17}[\dX]/);
  });
  // The seeds live beside the repository (../shared/seeds); a clean clone elsewhere cannot run this check.
  const seedsDir = path.join(projectRoot, '..', 'shared', 'seeds');
  (fs.existsSync(seedsDir) ? it : it.skip)('copies no run of 18 characters from the source documents', () => {
    const seeds = fs
      .readdirSync(seedsDir)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => fs.readFileSync(path.join(seedsDir, f), 'utf8'))
      .join('\n');
    const flat = text.replace(/\n/g, '');
    for (let i = 0; i + 18 <= flat.length; i++) expect(seeds.includes(flat.slice(i, i + 18))).toBe(false);
  });
});

describe('reference numbers', () => {
  it('are prefix, date and 8 unambiguous random characters', () => {
    expect(newReferenceNumber('shanghai', '2026-11-22', () => '7K3QX9PA')).toBe('SH-20261122-7K3QX9PA');
    expect(newReferenceNumber('chengdu', '2026-01-02')).toMatch(/^CD-20260102-[2-9A-HJ-NP-Z]{8}$/);
  });
  it('do not repeat across many draws and avoid 0, 1, O and I', () => {
    const parts = new Set(Array.from({ length: 5000 }, randomReferencePart));
    expect(parts.size).toBe(5000);
    expect([...parts].join('')).not.toMatch(/[01OI]/);
  });
  it('refuse a bad random part, city or date', () => {
    expect(() => newReferenceNumber('shanghai', '2026-11-22', () => 'short')).toThrow(RangeError);
    expect(() => newReferenceNumber('beijing', '2026-11-22')).toThrow(/Unknown city/);
    expect(() => newReferenceNumber('shanghai', '2026-13-01')).toThrow(/YYYY-MM-DD/);
  });
  it.each([
    [' sh-20261122-7k3qx9pa ', 'SH-20261122-7K3QX9PA'],
    ['SH202611227K3QX9PA', 'SH-20261122-7K3QX9PA'],
    ['ＳＨ－２０２６１１２２－７Ｋ３ＱＸ９ＰＡ', 'SH-20261122-7K3QX9PA'],
    ['SH-20261122-7K3QX9P', undefined],
    ['SH-20261122-0K3QX9PA', undefined],
  ])('normalise %j to %j', (input, expected) => {
    expect(normaliseReferenceNumber(input)).toBe(expected);
    if (expected) expect(expected).toMatch(REFERENCE_NUMBER);
  });
});

describe('the domain stays pure', () => {
  it('imports no bot, HTTP, storage or NLP library', () => {
    const files: string[] = [];
    const walk = (dir: string) =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .forEach((e) =>
          e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') && files.push(path.join(dir, e.name)),
        );
    walk(path.join(projectRoot, 'src', 'domain'));
    for (const file of files)
      expect(fs.readFileSync(file, 'utf8')).not.toMatch(
        /from '(botbuilder[^']*|restify|lowdb[^']*|pg|@nlpjs\/[^']*)'|\.\.\/storage\//,
      );
  });
});
