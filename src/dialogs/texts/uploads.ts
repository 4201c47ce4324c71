/**
 * What the resident is told about an uploaded file that this system cannot take. These are the system's
 * own safety limits, not a city's rules: a city's rules are in texts/materials.ts.
 */
export const uploadTexts = {
  notImage: '这份文件不是能识别的图片。请上传 JPG 或 PNG 格式的照片或扫描件（文件名改后缀没有用，系统按内容识别）。',
  unsupportedImage: (kind: string) =>
    `这是 ${kind} 格式的文件，本系统只能接收 JPG、PNG、WebP 或 GIF 图片。请换成 JPG 或 PNG 后再上传。`,
  tooLarge: (limitMb: number) => `文件太大了，本系统单个文件最大 ${limitMb} MB。请压缩或重新拍一张再上传。`,
  tooManyPixels: (width: number, height: number) =>
    `这张图片的尺寸（${width}×${height} 像素）超出了本系统能处理的范围。请缩小后再上传。`,
  broken: '这张图片不完整或已损坏，打不开。请重新拍照或重新导出后再上传。',
  hiddenContent:
    '这份文件里夹带了图片以外的内容（例如网页代码或压缩包），为安全起见不能接收。请直接用手机拍照或截图后上传。',
  empty: '没有收到文件内容。请重新选择文件上传。',
  tooManyFiles: (max: number) => `一次最多上传 ${max} 个文件。请分几次上传。`,
  badForm: '上传没有完成（数据不完整）。请重新上传一次。',
  downloadFailed: '没能从微信取到这张图片。请稍后再发一次。',
};
