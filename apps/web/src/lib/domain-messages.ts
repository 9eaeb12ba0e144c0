/**
 * Chinese for the domain's error messages. The domain speaks English (its messages are for logs and the
 * API too); the console translates the ones an agent sees next to a field. An unknown message falls back
 * to the English text rather than to nothing.
 */
const ZH: Array<[RegExp, string | ((m: RegExpMatchArray) => string)]> = [
  [/^must be more than zero$/, "必须大于零"],
  [/^whole minor units$/, "金额精度不正确"],
  [/^more than the balance owed$/, "超过欠款余额"],
  [/^nothing is owed on this case$/, "此案件没有欠款"],
  [/^the promise date is in the past$/, "承诺日期已过"],
  [/^more than (\d+) days out: offer a payment plan instead$/, (m) => `超过 ${m[1]} 天：请改为还款计划`],
  [/^the first installment date is in the past$/, "首期日期已过"],
  [/^the callback time is in the past$/, "回电时间已过"],
  [/^more than 90 days out$/, "超过 90 天"],
  [/^a payment cannot be received in the future$/, "还款日期不能在将来"],
  [/^YYYY-MM-DD$/, "日期格式：YYYY-MM-DD"],
  [/^YYYY-MM-DD HH:MM$/, "时间格式：YYYY-MM-DD HH:MM"],
  [/^at least one installment$/, "至少一期"],
  [/^at most 120 installments$/, "最多 120 期"],
  [/^at most 4,000 characters$/, "最多 4,000 字"],
  [/^write something$/, "请填写内容"],
  [/^give the reason$/, "请填写原因"],
  [/^say what is disputed$/, "请说明争议内容"],
  [/^the attorney's name is required$/, "必须填写律师姓名"],
  [/^not an email address$/, "邮箱地址无效"],
  [/^E\.164/, "请使用国际格式，例如 +8613800138000"],
  [/^give the identity statement/, "请先完成身份说明（姓名、工号、机构）"],
  [/^this rule set requires the mini-Miranda/, "该规则集要求在通话中告知催收声明"],
  [/^choose one of the debtor's phone numbers$/, "请选择债务人的电话号码"],
  [/^choose one of this party's phone numbers$/, "请选择该联系人的电话号码"],
  [/^choose the debtor's (phone|email address)$/, (m) => (m[1] === "phone" ? "请选择债务人的电话号码" : "请选择债务人的邮箱")],
  [/^not a related party of this debtor$/, "不是该债务人的关联人"],
  [/^this party counts as the consumer or owes the debt/, "此人视同债务人或共同负债：请使用普通通话"],
  [/^an account (does not belong to|is not part of) this case$/, "账户不属于此案件"],
  [/^no open account/, "没有未结清的账户"],
  [/^a disputed account cannot/, "争议中的账户在寄出核实材料前不能进行此操作"],
  [/^the case already has an active or pending plan$/, "此案件已有生效或待审批的计划"],
  [/^the case is already with legal$/, "此案件已在法务队列"],
  [/^the plan is not waiting for approval$/, "该计划不在待审批状态"],
  [/^this account already has an open dispute$/, "该账户已有未结争议"],
  [/^this debtor already has that contact point$/, "该债务人已有此联系方式"],
  [/^You do not have access to this record$/, "您无权访问此记录"],
  [/^Invalid input/, "输入无效"],
];

export function translateDomainMessage(message: string, locale: string): string {
  if (locale !== "zh-CN") return message;
  for (const [re, out] of ZH) {
    const m = message.match(re);
    if (m) return typeof out === "string" ? out : out(m);
  }
  return message;
}
