/**
 * Errors as values. Every domain entry point that can refuse input returns a Result; a Problem's
 * message is plain Simplified Chinese that can be shown to a resident as it is.
 */
export type Problem = {
  /** Stable machine code (e.g. "idNumber.checkDigit"); dialogs may branch on it. */
  code: string;
  /** Short plain Simplified Chinese for residents. */
  message: string;
  /** The input field the problem is about, when there is one. */
  field?: string;
};

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(...problems: Problem[]): { ok: false; problems: Problem[] } {
  return { ok: false, problems };
}

export function problem(code: string, message: string, field?: string): Problem {
  return field === undefined ? { code, message } : { code, message, field };
}
