/**
 * Residents type on phones with Chinese input methods: full-width digits and letters (０-９, Ｘ) and
 * ideographic spaces are common. Converting them first lets every validator accept what people type.
 */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}
