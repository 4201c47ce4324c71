import { render } from '../../messages';
import type { Finding } from '../../domain/materialRules';

/** What the materials step says: each item uploaded or brought, what is missing, the city's rules. */
export const materialsTexts = {
  intro: (n: number) =>
    `下面逐项上传材料（共${n}项）。每项可以拍照或扫描后点输入框旁的上传按钮发送；暂时没有的可以点「到现场再交」。`,
  ask: (i: number, n: number, item: string) => `第${i}/${n}项：请上传「${item}」的照片或扫描件。`,
  askPhoto: (i: number, n: number, item: string, spec: string | undefined) =>
    `第${i}/${n}项：请上传「${item}」${spec ? `（${spec}）` : ''}。`,
  photoSpec: (w: number, h: number, dpi: number | undefined) => `规格${w}×${h}像素${dpi ? `、分辨率${dpi}dpi` : ''}`,
  requirements: (items: string[]) => `拍摄时请注意：${items.join('；')}。`,
  bring: '到现场再交',
  bringAction: '到现场再交',
  replaceAsk: '要替换哪一项材料？',
  replaceOnly: (item: string) => `请重新上传「${item}」。`,
  received: (item: string) => `已收到「${item}」。`,
  willBring: (item: string) => `好的，「${item}」到现场再交。`,
  onFile: '复用系统已有照片',
  notUploaded: '请用输入框旁的上传按钮发送图片，或点「到现场再交」。',
  foreignAttachment: '没能读取这个附件。请用聊天窗口的上传按钮重新发送图片。',
  oneAtATime: '一次只能收一项材料，我先收下第一个文件。其余的请在问到对应材料时再上传。',
  missingTitle: '还缺这些材料：',
  noneMissing: '材料都齐了。',
  bringTitle: '到现场再交：',
  summaryLine: (item: string, state: string) => `${item}：${state}`,
  stateUploaded: (name: string) => `已上传（${name}）`,
  stateBring: '到现场再交',
  stateOnFile: '复用系统已有照片',
  stateMissing: '未上传',
  summaryLabel: '材料',
  finding: (f: Finding): string => {
    switch (f.code) {
      case 'photoTooSmall':
        return render('material.photoTooSmall', { width: f.width, height: f.height });
      case 'photoAspect':
        return `照片规格要求${f.requiredWidth}×${f.requiredHeight}像素（宽×高），您这张是${f.width}×${f.height}像素，宽高比例不对，不能直接使用。请按规格裁剪后重新上传，或点「到现场再交」。`;
      case 'photoPixels':
        return `照片规格要求${f.requiredWidth}×${f.requiredHeight}像素，您这张是${f.width}×${f.height}像素，比例相符，先收下；工作人员审核时如需调整会通知您。`;
      case 'formatNotNamed':
        return `办理指南说通常支持${f.named.join('、')}等图片格式，您这份是${f.format}格式，先收下；如审核时要求更换格式会通知您。`;
      case 'sizeAboveExample':
        return `办理指南提到文件大小一般有上限（例如${f.examplesMb.join('MB或')}MB），您这份约${f.sizeMb}MB，先收下；如需压缩会通知您。`;
    }
  },
};
