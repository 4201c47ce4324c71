import { z } from 'zod';

/**
 * A zod check for the saved model's large numeric tables (~170k numbers). z.array(z.array(z.number()))
 * took ~200 ms of a 1 s start-up budget; one plain loop gives the same guarantee (finite numbers,
 * optionally non-negative integers below a bound) in a few milliseconds.
 */
export function numberRows(options: { integers?: boolean; minLength?: number } = {}) {
  const { integers = false, minLength = 0 } = options;
  return z.custom<number[][]>(
    (value) =>
      Array.isArray(value) &&
      value.every(
        (row) =>
          Array.isArray(row) &&
          row.length >= minLength &&
          row.every(
            (x) => typeof x === 'number' && Number.isFinite(x) && (!integers || (Number.isInteger(x) && x >= 0)),
          ),
      ),
    { message: integers ? 'expected rows of non-negative integers' : 'expected rows of finite numbers' },
  );
}

/** True when every value of every row (from `from` on) is below `limit`. */
export function rowsBelow(rows: readonly (readonly number[])[], limit: number, from = 0, step = 1): boolean {
  for (const row of rows) for (let i = from; i < row.length; i += step) if (row[i] >= limit) return false;
  return true;
}
