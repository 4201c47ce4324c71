import type { z } from 'zod';
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
        message = present ? `${label}的格式不对。` : `缺少${label}。`;
        break;
      case 'too_small':
        message =
          issue.origin === 'string'
            ? issue.minimum === 1
              ? `${label}不能为空。`
              : `${label}太短了，至少${String(issue.minimum)}个字。`
            : `${label}内容不够。`;
        break;
      case 'too_big':
        message =
          issue.origin === 'string' ? `${label}太长了，最多${String(issue.maximum)}个字。` : `${label}内容太多了。`;
        break;
      case 'invalid_value':
        message = `${label}不在可选范围内。`;
        break;
      case 'custom':
        message = issue.message;
        break;
      default:
        message = `${label}填写有误。`;
    }
    out.push(problem(`input.${issue.code}`, message, path || undefined));
  }
  return out;
}

function labelFor(path: string[], labels: Record<string, string>): string {
  for (let n = path.length; n > 0; n--) {
    const label = labels[path.slice(0, n).join('.')];
    if (label) return n === path.length ? label : `${label}中的“${path.slice(n).join('.')}”`;
  }
  return path.length > 0 ? `“${path.join('.')}”` : '提交的内容';
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
