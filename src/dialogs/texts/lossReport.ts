/** What the loss report (挂失) and cancellation (解挂) dialog says. */
export const lossReportTexts = {
  titles: { lossReport: '居住证挂失', lossCancellation: '居住证解挂' },
  intro: {
    lossReport: '居住证丢了可以先挂失，防止被别人冒用。',
    lossCancellation: '找回了挂失的居住证，可以办理解挂，恢复使用。',
  },
  noMaterials: '网上办理不需要提交任何材料，只要核对身份。',
  materialsUnknown: (city: string) => `现有资料没有说明${city}办理时需要哪些材料，请以办理平台的提示为准。`,
  confirm: { lossReport: '确认挂失', lossCancellation: '确认解挂' },
  nextSteps: {
    lossReport: '挂失后这张居住证不能再使用。需要补办的，可以到线下办理点办理。',
    lossCancellation: '解挂后居住证恢复使用。',
  },
};
