import type { ApplicationStatus } from '../../domain/application';
import { officialStatusName } from '../../domain/applicationStatus';
import type { CityPolicy } from '../../domain/policies';
import { render } from '../../messages';

/**
 * What a resident reads for a state: the name the city's service shows where its documents give one
 * (Chengdu, 003), else a plain description, never another city's term or a name we made up.
 */
export function residentStatusLabel(status: ApplicationStatus, policy: CityPolicy): string {
  return officialStatusName(status, policy) ?? render(`status.resident.${status}`);
}

/** Said under a status when the city's documents name no stages, so the plain words are not taken as official. */
export function unnamedStatusNote(policy: CityPolicy): string | undefined {
  return policy.statusNames ? undefined : render('status.resident.unnamedNote', { city: policy.name });
}

/** What the status lookup dialog says. */
export const statusLookupTexts = {
  title: '进度查询',
  /** The example uses the conversation's city prefix, so Chengdu is never shown a Shanghai number. */
  referenceAsk: (prefix?: string) =>
    `请输入受理编号（提交成功时告诉您的${prefix ? `，例如 ${prefix}-20260520-XXXXXXXX` : '，由字母、数字和“-”组成'}）。`,
  idLast4Ask: '请输入申请人身份证号码的最后4位。',
  notFound: '没有找到对应的申请。请核对受理编号和身份证后4位后再试。',
  /** A main action title, so the main dialog routes the button to the lookup. */
  again: '查询办理进度',
  tooMany: (limit: number) => `查询失败已达${limit}次，请一小时后再试，或转人工。`,
  header: (kind: string, ref: string) => `「${kind}」受理编号 ${ref}`,
  status: (label: string) => `当前状态：${label}`,
  timelineTitle: '办理记录：',
  expectedBy: (date: string) => `预计${date}前有下一步结果。`,
  delivery: (note: string) => `寄送信息：${note}`,
  correction: (fields: string, note: string) => `需要补正：${fields}。${note}`,
  rejection: (reason: string) => `不予通过的原因：${reason}`,
};
