import fs from 'node:fs';
import path from 'node:path';
import { addHolidayYears, holidayYearSchema, type HolidayYear } from '../domain/calendar';

/** A holiday file an operator added is unreadable or wrong; the server does not start with it. */
export class HolidayFileError extends Error {}

/** Where an operator drops one JSON file per year (e.g. DATA_DIR/holidays/2027.json). */
export const holidayDir = (dataDir: string): string => path.join(dataDir, 'holidays');

/**
 * Reads and validates every `*.json` in `dir` (a missing folder is no files). Each file is one year
 * (holidayYearSchema); a file that does not parse, fails the schema, or repeats another file's year
 * stops the start-up with a message naming the file, so a typo never silently shifts a due date.
 */
export function readHolidayYears(dir: string): HolidayYear[] {
  if (!fs.existsSync(dir)) return [];
  const years = new Map<number, string>();
  const out: HolidayYear[] = [];
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const file = path.join(dir, name);
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new HolidayFileError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    const parsed = holidayYearSchema.safeParse(raw);
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
      throw new HolidayFileError(`${file}: ${why}`);
    }
    const earlier = years.get(parsed.data.year);
    if (earlier) throw new HolidayFileError(`${file}: year ${parsed.data.year} is already given by ${earlier}`);
    years.set(parsed.data.year, file);
    out.push(parsed.data);
  }
  return out;
}

/** Start-up: lays the operator's years over the packaged calendar; returns the years added. */
export function loadHolidayYears(dataDir: string): number[] {
  return addHolidayYears(readHolidayYears(holidayDir(dataDir)));
}
