import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listPolicies, loadPolicies, parsePolicy, PolicyError } from '../../src/domain/policies';
import { policyDataDir } from '../../src/paths';

type Json = Record<string, unknown>;
const shanghaiJson = () => JSON.parse(fs.readFileSync(path.join(policyDataDir, 'shanghai.json'), 'utf8')) as Json;

/** The object or array holding the last key of a dotted path (`a.b.0.c`) in a parsed policy file. */
function parentOf(p: Json, dotted: string): [Json, string] {
  const keys = dotted.split('.');
  const last = keys.pop()!;
  const parent = keys.reduce<Json>((node, key) => node[key] as Json, p);
  return [parent, last];
}
const setAt = (p: Json, dotted: string, value: unknown) => {
  const [parent, key] = parentOf(p, dotted);
  parent[key] = value;
};
const deleteAt = (p: Json, dotted: string) => {
  const [parent, key] = parentOf(p, dotted);
  delete parent[key];
};

describe('city policy files', () => {
  it('loads Shanghai and Chengdu with a source on every fact', () => {
    expect(
      listPolicies()
        .map((p) => p.id)
        .sort(),
    ).toEqual(['chengdu', 'shanghai']);
    // The four source documents (shared/seeds, outside the repository, so listed here for clean clones).
    const sources = new Set([
      '000_1d6aa793aa3d65e2.txt',
      '001_646c3be9e77c5dab.txt',
      '002_7149ee6b2e8ba172.txt',
      '003_51fa7ab8d58dc4cd.txt',
    ]);
    for (const p of listPolicies()) {
      const walk = (node: unknown): void => {
        if (node === null || typeof node !== 'object') return;
        if ('value' in node && 'source' in node) {
          const s = (node as { source: string | string[] }).source;
          for (const file of Array.isArray(s) ? s : [s]) expect(sources.has(file)).toBe(true);
        }
        Object.values(node).forEach(walk);
      };
      walk(p);
    }
  });

  it.each<[string, (p: Json) => void, RegExp]>([
    ['a fact without its source', (p) => deleteAt(p, 'minRegistrationMonths.source'), /minRegistrationMonths\.source/],
    [
      'a source that is not a seed file',
      (p) => setAt(p, 'renewalWindowDays.source', 'wikipedia.txt'),
      /renewalWindowDays\.source/,
    ],
    ['a number written as text', (p) => setAt(p, 'minRegistrationMonths.value', '6'), /minRegistrationMonths\.value/],
    ['a negative period', (p) => setAt(p, 'addressChangeDeadlineDays.value', -30), /addressChangeDeadlineDays\.value/],
    [
      'an unknown field',
      (p) => setAt(p, 'hotline', { value: '12345', source: '000_1d6aa793aa3d65e2.txt' }),
      /hotline|Unrecognized/i,
    ],
    [
      'an unknown condition',
      (p) => setAt(p, 'permitConditions.value.anyOf', ['married']),
      /permitConditions\.value\.anyOf/,
    ],
    [
      'a residence type without materials',
      (p) => setAt(p, 'residenceTypes.value.0.materials', []),
      /residenceTypes\.value\.0\.materials/,
    ],
    ['a lower-case reference prefix', (p) => setAt(p, 'referencePrefix', 'sh'), /referencePrefix/],
  ])('refuses %s and names the field', (_name, breakIt, where) => {
    const p = shanghaiJson();
    breakIt(p);
    expect(() => parsePolicy(p, 'shanghai.json')).toThrow(PolicyError);
    expect(() => parsePolicy(p, 'shanghai.json')).toThrow(where);
  });

  describe('loading a folder', () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-policies-'))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('refuses a city id defined twice', () => {
      fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify(shanghaiJson()));
      fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify(shanghaiJson()));
      expect(() => loadPolicies(dir)).toThrow(/"shanghai" is defined twice/);
    });
    it('refuses a file that is not JSON', () => {
      fs.writeFileSync(path.join(dir, 'x.json'), '{ "id": ');
      expect(() => loadPolicies(dir)).toThrow(/not valid JSON/);
    });
    it('refuses an empty folder', () => {
      expect(() => loadPolicies(dir)).toThrow(/No city policy files/);
    });
    it('adds a third city from a data file alone', () => {
      const third = { ...shanghaiJson(), id: 'hangzhou', name: '杭州', referencePrefix: 'HZ' };
      fs.writeFileSync(path.join(dir, 'shanghai.json'), JSON.stringify(shanghaiJson()));
      fs.writeFileSync(path.join(dir, 'hangzhou.json'), JSON.stringify(third));
      expect([...loadPolicies(dir).keys()].sort()).toEqual(['hangzhou', 'shanghai']);
    });
  });
});
