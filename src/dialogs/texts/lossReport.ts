import { render } from '../../messages';

/** What the loss report (挂失) and cancellation (解挂) dialog says. */
export const lossReportTexts = {
  titles: { lossReport: '居住证挂失', lossCancellation: '居住证解挂' },
  // The sources name 挂失/解挂 only (000, 002); the consequences are not stated, so none are promised.
  intro: {
    lossReport: '居住证丢失的，可以在网上办理挂失。',
    lossCancellation: '挂失的居住证找回后，可以办理解挂。',
  },
  notStated: (city: string, replacement: string | undefined, platforms: string[]) =>
    render('loss.notStated', {
      city,
      replacement: replacement
        ? render('loss.replacementOnline', { replacement, platforms: platforms.join(render('list.or')) })
        : '',
    }),
  noMaterials: '网上办理不需要提交任何材料，只要核对身份。',
  materialsUnknown: (city: string) => `现有资料没有说明${city}办理时需要哪些材料，请以办理平台的提示为准。`,
  confirm: { lossReport: '确认挂失', lossCancellation: '确认解挂' },
  nextSteps: {
    lossReport: '需要补办的，可以到线下办理点办理。',
    lossCancellation: '解挂的结果请留意办理平台的通知。',
  },
};
