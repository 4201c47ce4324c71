/**
 * Over Direct Line only text is seen, so a started procedure is recognised by what it says first (its
 * opening prompt), or by the router naming it while it asks for the city ("办理「居住登记」，请问…").
 * In-process runs read the conversation state instead; these patterns follow the current wording.
 */
export const PROCEDURE_TEXT: Record<string, RegExp> = {
  'procedure.registration': /办理居住登记，需要|「居住登记」/,
  'procedure.permit': /居住登记是哪天办的|「居住证新办」/,
  'procedure.renewal': /居住证有效期到哪天|「居住证续签」/,
  'procedure.addressChange': /哪天搬到新地址|「居住地址变更」/,
  'procedure.lossReport': /可以先挂失|「居住证挂失」/,
  'procedure.lossCancellation': /可以办理解挂|「居住证解挂」/,
  'procedure.statusLookup': /请输入受理编号|「进度查询」/,
};
