import type { Application } from '../../domain/application';
import { officialStatusName } from '../../domain/applicationStatus';
import { formatChineseDate, isIsoDate } from '../../domain/dates';
import type { CityPolicy } from '../../domain/policies';
import { correctionTexts } from '../../dialogs/texts/correction';
import { procedureTexts } from '../../dialogs/texts/procedures';
import { residentStatusLabel } from '../../dialogs/texts/statusLookup';
import { render } from '../../messages';

/** A status notification: plain Chinese, what happened and what to do next, and buttons when there is an action. */
export interface StatusNotice {
  text: string;
  buttons: string[];
}

const kindName = (app: Application) => procedureTexts.kindNames[app.kind] ?? '办事';
const expected = (app: Application) =>
  app.expectedBy && isIsoDate(app.expectedBy) ? `预计${formatChineseDate(app.expectedBy)}前有结果。` : '';

export function statusNotice(app: Application, policy: CityPolicy): StatusNotice {
  const head = `您的${kindName(app)}申请（受理编号 ${app.referenceNumber}）`;
  const lookup = '查询办理进度';
  switch (app.status) {
    case 'underReview':
      return { text: `${head}已受理，正在审核。${expected(app)}`, buttons: [lookup] };
    case 'approved':
      return app.kind === 'permit' || app.kind === 'renewal'
        ? { text: `${head}审核通过了，接下来制作证件。制好后会再通知您。`, buttons: [lookup] }
        : { text: `${head}审核通过了。`, buttons: [lookup] };
    case 'rejected':
      return {
        text: `${head}未通过审核。\n原因：${app.rejectionReason ?? '未说明'}\n有疑问可以说“转人工”。`,
        buttons: ['转人工'],
      };
    case 'needsCorrection': {
      const fields = app.correction?.fields ?? [];
      const lines = [`${head}需要补正。`];
      if (fields.length) lines.push(correctionTexts.whatToFix(fields.map((f) => correctionTexts.label(f))));
      if (app.correction?.note) lines.push(correctionTexts.staffNote(app.correction.note));
      lines.push(`点“${correctionTexts.action}”，在这里改好后重新提交，受理编号不变。`);
      return { text: lines.join('\n'), buttons: [correctionTexts.action] };
    }
    case 'resubmitted':
      return { text: `${head}已收到补正，等待再次审核。`, buttons: [lookup] };
    case 'inProduction':
      return { text: `${head}正在制证。${expected(app)}`, buttons: [lookup] };
    case 'shipped':
      return {
        text: `${head}证件已寄出。${app.deliveryNote ? `\n${app.deliveryNote}` : ''}\n收到后请核对证件信息。`,
        buttons: [lookup],
      };
    case 'readyForPickup': {
      const pickup = policy.delivery.pickup.value;
      return { text: `${head}证件可以领取了。\n领取地点：${pickup.place}（${pickup.name}）。`, buttons: [lookup] };
    }
    case 'completed': {
      const name = officialStatusName('completed', policy);
      const text = name ? render('notice.completedNamed', { head, name }) : render('notice.completed', { head });
      return { text, buttons: [] };
    }
    default:
      return {
        text: render('notice.statusChanged', { head, label: residentStatusLabel(app.status, policy) }),
        buttons: [lookup],
      };
  }
}
