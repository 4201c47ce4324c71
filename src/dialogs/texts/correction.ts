import { procedureTexts as pt } from './procedures';

/** Resident-facing text of the correction (补正) round trip. */
export const correctionTexts = {
  /** The command and button that start the correction in chat. */
  action: '补正材料',
  title: '补正材料',
  /** Answer keys staff can name in a correction request, with the words residents see. */
  fieldLabels: {
    address: pt.labels.address,
    residenceType: pt.labels.residenceType,
    photo: pt.labels.photo,
    occupation: pt.labels.occupation,
    employer: '单位名称',
    school: '学校名称',
    registeredOn: '居住登记日期',
    expiresOn: '居住证有效期',
    movedOn: '搬家日期',
    relativeName: '亲属姓名',
    relationship: '与亲属的关系',
  } as Record<string, string>,
  label(field: string): string {
    // "material:<item>": staff asked for one material again.
    if (field.startsWith('material:')) return `材料「${field.slice('material:'.length)}」`;
    return this.fieldLabels[field] ?? field;
  },
  materialUploaded: '已重新上传',
  noneFound: '没有找到需要补正的申请。如果您换了设备，请告诉我受理编号。',
  askReference: '请输入需要补正的申请的受理编号：',
  askIdLast4: '请输入申请人身份证号码的后4位：',
  notFound: '没有找到这个申请，或者它现在不需要补正。',
  intro: (kind: string, ref: string) => `您的${kind}申请（受理编号 ${ref}）需要补正。`,
  whatToFix: (labels: string[]) => `需要修改：${labels.join('、')}。`,
  staffNote: (note: string) => `工作人员说明：${note}`,
  current: (label: string, value: string) => `${label}原来填的是：${value}`,
  askText: (label: string) => `请重新填写${label}：`,
  noFieldsOnlyNote: '工作人员没有指定要改的项目，请按说明准备好后确认重新提交。',
  confirm: '确认重新提交吗？',
  confirmYes: '确认提交',
  confirmNo: '暂不提交',
  notSent: '好的，暂不提交。准备好后再说“补正材料”即可。',
  done: (ref: string) => `已重新提交，受理编号不变：${ref}。工作人员会再次审核，有结果会在这里通知您。`,
  failed: '重新提交没有成功：',
  cancelled: '好的，已退出补正。需要时再说“补正材料”。',
};
