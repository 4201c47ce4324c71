/** Text shared by the procedures: applicant details, photo, submission outcome. */
export const procedureTexts = {
  nameAsk: '请输入申请人姓名（与身份证一致）。',
  idAsk: '请输入申请人的18位身份证号码。',
  phoneAsk: '请输入联系手机号码。',
  addressAsk: '请输入居住地址，写到门牌号和室号（要和住所证明上的一致）。',
  photoExisting: '已有照片',
  residenceUnlisted: (city: string, types: string[]) =>
    `${city}的资料只列出了${types.join('、')}这几种住所。您的情况能否登记、要带什么，请向居住地派出所确认，或说「转人工」。`,
  /** Two short lines; the full requirements only when asked (「照片要求」). */
  photoAsk: (formats: string[] | undefined, maxMb: number | undefined, examples: string | undefined, reuse: boolean) =>
    [
      `请上传申请人近期免冠证件照（以图片形式发送）${formats ? `，${formats.join('或')}格式${maxMb ? `，不超过${maxMb}MB` : ''}` : examples ? `，${examples}` : ''}。`,
      reuse ? '已有可用照片的点「已有照片」；想看详细要求，说「照片要求」。' : '想看详细要求，说「照片要求」。',
    ].join('\n'),
  photoExamples: (formats: string[] | undefined, maxMb: number[] | undefined) =>
    [
      formats ? `格式通常是${formats.join('、')}等` : '',
      maxMb ? `大小上限如${maxMb.map((m) => `${m}MB`).join('或')}` : '',
    ]
      .filter(Boolean)
      .join('，') + '，以办理系统的提示为准',
  photoRequirementsAction: '照片要求',
  photoDetails: (
    requirements: string[],
    formats: string[] | undefined,
    maxMb: number | undefined,
    w?: number,
    h?: number,
    examples?: string,
    dpi?: number,
  ) =>
    [
      '照片要求：',
      ...requirements.map((r) => `· ${r}`),
      w && h ? `· 尺寸${w}×${h}像素${dpi ? `，分辨率${dpi}dpi` : ''}` : '',
      formats
        ? `· 格式${formats.join('或')}${maxMb ? `，不超过${maxMb}MB` : ''}`
        : `· ${examples ?? '格式和大小按办理系统的提示'}`,
    ]
      .filter(Boolean)
      .join('\n'),
  labels: {
    name: '姓名',
    idNumber: '身份证号',
    phone: '手机号',
    address: '居住地址',
    residenceType: '住所类型',
    photo: '照片',
    occupation: '就业/就读情况',
    pickup: '领取方式',
    reference: '受理编号',
    business: '办理人',
  },
  photoUploaded: '已上传',
  photoReused: '复用系统已有照片',
  checklistTitle: '根据您的情况，需要准备这些材料：',
  noMaterials: '网上办理不需要提交材料。',
  summaryTitle: '请核对您填写的信息：',
  summaryQuestion: '信息无误请点「确认提交」，需要修改请点对应按钮。',
  confirmSubmit: '确认提交',
  editPrefix: '修改',
  submitted: (kind: string) => `「${kind}」已提交成功！`,
  expectedBy: (date: string) => `预计${date}前给出结果（按工作日计算）。`,
  /** Each date says what it is (audit rows 6-8); a year the holiday list does not cover is provisional (row 9). */
  milestone: (code: string, date: string, days: number, provisional: boolean, olderDays?: number) =>
    `${
      {
        registrationCertificate: `电子《居住登记凭证》：${days}个工作日内制发，预计${date}前${olderDays ? `（2018年的公告写的是工作人员${olderDays}个工作日内确认，以较新的一网通办模块为准）` : ''}`,
        review: `审核结果：${days}个工作日内，预计${date}前可查询`,
        card: `制证：审核通过后接着制证，预计${date}前完成`,
        legalLimit: `法定办理时限：材料齐全后${days}个工作日，即${date}前`,
      }[code] ?? date
    }${provisional ? '（这一年的法定节假日安排还没有收录，日期只扣除了周末，可能推后）' : ''}`,
  expectedTitle: '预计时间（按工作日计算）：',
  noExpectedDate: (city: string) => `现有资料没有说明${city}的办理时限，请留意办理平台的通知。`,
  lookupHint: '之后可以说「查询办理进度」，凭受理编号和身份证后4位查看进度。',
  submitFailed: '提交没有成功，原因是：',
  kindNames: {
    registration: '居住登记',
    permit: '居住证申领',
    renewal: '居住证签注',
    addressChange: '居住地址变更',
    lossReport: '居住证挂失',
    lossCancellation: '居住证解挂',
  } as Record<string, string>,
};
