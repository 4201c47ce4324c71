import type { z } from 'zod';
import { render } from '../messages';
import { problem, type Problem } from './result';

/**
 * Turns zod issues into problems a resident can read. `labels` names fields in Chinese by their dotted
 * path ("applicant.idNumber" → "身份证号码"); a path without a label falls back to its nearest labelled parent.
 */
export function zodProblems(error: z.ZodError, input: unknown, labels: Record<string, string>): Problem[] {
  const out: Problem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    const label = labelFor(issue.path.map(String), labels);
    const present = valueAt(input, issue.path) !== undefined;
    let message: string;
    switch (issue.code) {
      case 'invalid_type':
        message = render(present ? 'input.invalidType' : 'input.missing', { label });
        break;
      case 'too_small':
        message =
          issue.origin === 'string'
            ? issue.minimum === 1
              ? render('input.empty', { label })
              : render('input.tooShort', { label, minimum: String(issue.minimum) })
            : render('input.tooFew', { label });
        break;
      case 'too_big':
        message =
          issue.origin === 'string'
            ? render('input.tooLong', { label, maximum: String(issue.maximum) })
            : render('input.tooMany', { label });
        break;
      case 'invalid_value':
        message = render('input.notAnOption', { label });
        break;
      case 'custom':
        message = issue.message;
        break;
      default:
        message = render('input.invalid', { label });
    }
    out.push(problem(`input.${issue.code}`, message, path || undefined));
  }
  return out;
}

function labelFor(path: string[], labels: Record<string, string>): string {
  for (let n = path.length; n > 0; n--) {
    const label = labels[path.slice(0, n).join('.')];
    if (label)
      return n === path.length ? label : render('input.label.inside', { label, path: path.slice(n).join('.') });
  }
  return path.length > 0 ? render('input.label.path', { path: path.join('.') }) : render('input.label.whole');
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
