/** Reasons a prompt gives when an answer cannot be accepted. ID, phone and date reasons come from the domain. */
export const promptTexts = {
  nameTooShort: '姓名至少两个字，请输入身份证上的姓名。',
  nameChars: '姓名只能包含汉字、字母或“·”，请按身份证上的写法输入。',
  addressShort: '地址太短了，请写到门牌号，例如“某某路100弄1号101室”。',
  addressLong: '地址太长了，请只写住址本身。',
  addressVague: '请写出具体的路名和门牌号。',
  dateAssumed: (date: string) => `您只说了月份，先按${date}计算。`,
  dateFuture: '这个日期还没到，请输入已经过去的日期。',
  signatureMismatch: '签名要与您填写的姓名完全一致，请再输入一次全名。',
  photoMissing: '请上传一张照片（点输入框旁的附件按钮）。',
  photoFormat: (formats: string[]) => `照片格式不对，只能上传${formats.join('或')}格式的图片。`,
  photoSize: (mb: number) => `照片太大了，不能超过${mb}MB，请压缩后再传。`,
  referenceFormat: '受理编号由字母、数字和“-”组成，请核对后再输入。',
  idLast4Format: '请输入身份证号码的最后4位（数字，最后一位可能是X）。',
};
