import type { templates } from "../../schema";

type TemplateSeed = Omit<typeof templates.$inferInsert, "id" | "createdAt">;

// Every template declares what it discloses and carries what its rule set needs (RULES.md):
// US: an opt-out on every SMS/email (US-REGF-EOPTOUT), "this is a communication from a debt
// collector" (US-REGF-MM), the collector's identity; CN: name, staff number and agency (CN-ID), an
// opt-out (退订), nothing that shames, threatens or impersonates an official (CN-PROHIB).
// Every template prints {{referenceCode}} and where to check it (issue 4: verify a contact is genuine).

const US_MM = "This is a communication from a debt collector. This is an attempt to collect a debt and any information obtained will be used for that purpose.";
const US_MM_ZH = "本信息来自债务催收机构。这是一次债务催收行为，所获得的任何信息都将用于该目的。";
const US_VERIFY = "Check this message is genuine at {{verifyUrl}} with reference {{referenceCode}}.";
const US_VERIFY_ZH = "您可在 {{verifyUrl}} 使用参考编号 {{referenceCode}} 核实本信息的真实性。";
const CN_ID = "{{agencyName}} 催收专员 {{collectorName}}（工号 {{staffNumber}}）";
const CN_ID_EN = "{{collectorName}} (staff no. {{staffNumber}}) of {{agencyName}}";
const CN_VERIFY = "参考编号 {{referenceCode}}，可在 {{verifyUrl}} 核实来电/信息真伪。";
const CN_VERIFY_EN = "Reference {{referenceCode}}: check it is genuine at {{verifyUrl}}.";

const us = (t: Omit<TemplateSeed, "ruleSet" | "identifiesCollector" | "hasOptOut" | "hasMiniMiranda"> & Partial<TemplateSeed>): TemplateSeed => ({
  ruleSet: "US-FDCPA",
  identifiesCollector: true,
  hasOptOut: true,
  hasMiniMiranda: t.discloses === "debt",
  ...t,
});
const cn = (t: Omit<TemplateSeed, "ruleSet" | "identifiesCollector" | "hasOptOut"> & Partial<TemplateSeed>): TemplateSeed => ({
  ruleSet: "CN-CBA",
  identifiesCollector: true,
  hasOptOut: true,
  ...t,
});

export const TEMPLATE_SEEDS: TemplateSeed[] = [
  // ---- Opt-out confirmations: the one message allowed after a STOP / 退订 (US-REGF-MEDIUM) -------------
  us({ code: "us_opt_out_confirmation_sms", channel: "sms", language: "en", purpose: "opt_out_confirmation", discloses: "none",
    body: `{{agencyName}}: you have opted out. This number will get no more text messages from us. Ref {{referenceCode}}.` }),
  us({ code: "us_opt_out_confirmation_sms", channel: "sms", language: "zh-CN", purpose: "opt_out_confirmation", discloses: "none",
    body: `{{agencyName}}：您已退订，此号码将不再收到我们的短信。参考编号 {{referenceCode}}。` }),
  cn({ code: "cn_opt_out_confirmation_sms", channel: "sms", language: "zh-CN", purpose: "opt_out_confirmation", discloses: "none",
    body: `${CN_ID}：您已成功退订，此号码将不再收到我们的短信。${CN_VERIFY}` }),
  cn({ code: "cn_opt_out_confirmation_sms", channel: "sms", language: "en", purpose: "opt_out_confirmation", discloses: "none",
    body: `${CN_ID_EN}: you have opted out; this number will get no more text messages from us. ${CN_VERIFY_EN}` }),
  // ---- Payment links (issue 17): the agent's "Send payment link" button, or a strategy step -----
  // The link is the debtor portal ({{portalUrl}}), where the reference code signs them in to pay.
  us({ code: "us_payment_link_sms", channel: "sms", language: "en", purpose: "collection", discloses: "debt",
    body: `{{agencyName}}: {{firstName}}, pay your {{creditorName}} account online at {{portalUrl}} with reference {{referenceCode}}. This is a communication from a debt collector. Reply STOP to opt out.` }),
  us({ code: "us_payment_link_sms", channel: "sms", language: "zh-CN", purpose: "collection", discloses: "debt",
    body: `{{agencyName}}：{{firstName}}，您可在 {{portalUrl}} 使用参考编号 {{referenceCode}} 在线支付 {{creditorName}} 账户款项。本信息来自债务催收机构。回复 STOP 退订。` }),
  us({ code: "us_payment_link_email", channel: "email", language: "en", purpose: "collection", discloses: "debt",
    subject: "Pay your {{creditorName}} account online (ref {{referenceCode}})",
    body: `Dear {{fullName}},\n\nYou can see and pay your {{creditorName}} account {{accountRef}} online, or set up a payment plan, at {{portalUrl}}. Sign in with the reference {{referenceCode}}.\n\n${US_MM}\n\n${US_VERIFY}\n\n{{collectorName}}, {{agencyName}}\n\nTo stop receiving emails from us, reply with the word UNSUBSCRIBE.` }),
  us({ code: "us_payment_link_email", channel: "email", language: "zh-CN", purpose: "collection", discloses: "debt",
    subject: "在线支付您的 {{creditorName}} 账户（参考编号 {{referenceCode}}）",
    body: `{{fullName}}您好：\n\n您可在 {{portalUrl}} 查看并在线支付您的 {{creditorName}} 账户 {{accountRef}}，或申请分期。请使用参考编号 {{referenceCode}} 登录。\n\n${US_MM_ZH}\n\n${US_VERIFY_ZH}\n\n{{agencyName}} {{collectorName}}\n\n如不希望再收到我们的邮件，请回复 UNSUBSCRIBE。` }),
  cn({ code: "cn_payment_link_sms", channel: "sms", language: "zh-CN", purpose: "collection", discloses: "debt",
    body: `${CN_ID}：{{firstName}}您好，您可在 {{portalUrl}} 使用参考编号 {{referenceCode}} 在线支付 {{creditorName}} 账户款项。回复 T 退订。` }),
  cn({ code: "cn_payment_link_sms", channel: "sms", language: "en", purpose: "collection", discloses: "debt",
    body: `${CN_ID_EN}: {{firstName}}, you can pay your {{creditorName}} account online at {{portalUrl}} with reference {{referenceCode}}. Reply STOP to opt out.` }),
  // ---- US consumer strategy -------------------------------------------------------------------
  us({ code: "us_predue_sms", channel: "sms", language: "en", purpose: "collection", discloses: "debt",
    body: `{{agencyName}}: Hi {{firstName}}, a reminder that {{amountDue}} for {{creditorName}} ({{accountRef}}) is due on {{dueDate}}. Questions: {{callbackNumber}}. ${US_MM} Ref {{referenceCode}}. Reply STOP to opt out.` }),
  us({ code: "us_predue_sms", channel: "sms", language: "zh-CN", purpose: "collection", discloses: "debt",
    body: `{{agencyName}}：{{firstName}}您好，提醒您 {{creditorName}}（{{accountRef}}）的 {{amountDue}} 将于 {{dueDate}} 到期。咨询请致电 {{callbackNumber}}。${US_MM_ZH} 参考编号 {{referenceCode}}。回复 STOP 退订。` }),
  us({ code: "us_first_email", channel: "email", language: "en", purpose: "collection", discloses: "debt", hasValidationNotice: true,
    subject: "Your {{creditorName}} account {{accountRef}} (ref {{referenceCode}})",
    body: `Dear {{fullName}},\n\n{{agencyName}} has been asked by {{clientName}} to collect {{amountDue}} owed on your {{creditorName}} account {{accountRef}}, due {{dueDate}}.\n\n${US_MM}\n\nA validation notice describing the debt and your rights to dispute it is enclosed. If you cannot pay in full, call {{callbackNumber}} to discuss a plan.\n\n${US_VERIFY}\n\n{{collectorName}}, {{agencyName}}\n\nTo stop receiving emails from us, reply with the word UNSUBSCRIBE.` }),
  us({ code: "us_first_email", channel: "email", language: "zh-CN", purpose: "collection", discloses: "debt", hasValidationNotice: true,
    subject: "您的 {{creditorName}} 账户 {{accountRef}}（参考编号 {{referenceCode}}）",
    body: `{{fullName}}您好：\n\n{{agencyName}} 受 {{clientName}} 委托，催收您在 {{creditorName}} 账户 {{accountRef}} 下于 {{dueDate}} 到期的 {{amountDue}}。\n\n${US_MM_ZH}\n\n随附债务确认通知，说明该债务以及您提出异议的权利。如无法一次付清，请致电 {{callbackNumber}} 商定还款计划。\n\n${US_VERIFY_ZH}\n\n{{agencyName}} {{collectorName}}\n\n如不希望再收到我们的邮件，请回复 UNSUBSCRIBE。` }),
  us({ code: "us_first_sms", channel: "sms", language: "en", purpose: "collection", discloses: "debt",
    body: `{{agencyName}}: {{firstName}}, your {{creditorName}} payment of {{amountDue}} is past due. Call {{callbackNumber}}. This is a communication from a debt collector. Ref {{referenceCode}}. Reply STOP to opt out.` }),
  us({ code: "us_first_sms", channel: "sms", language: "zh-CN", purpose: "collection", discloses: "debt",
    body: `{{agencyName}}：{{firstName}}，您在 {{creditorName}} 的 {{amountDue}} 已逾期，请致电 {{callbackNumber}}。本信息来自债务催收机构。参考编号 {{referenceCode}}。回复 STOP 退订。` }),
  us({ code: "us_call_script", channel: "call", language: "en", purpose: "collection", discloses: "debt",
    body: `Hello, this is an automated message from {{agencyName}} for {{firstName}}. ${US_MM} Please call us at {{callbackNumber}} about your {{creditorName}} account. Your reference is {{referenceCode}}. To stop these calls, tell us when you call back or reply STOP to our texts.` }),
  us({ code: "us_call_script", channel: "call", language: "zh-CN", purpose: "collection", discloses: "debt",
    body: `您好，这是 {{agencyName}} 给 {{firstName}} 的自动语音信息。${US_MM_ZH} 请致电 {{callbackNumber}} 处理您的 {{creditorName}} 账户。参考编号 {{referenceCode}}。如不希望再接到此类电话，请在回电时告知我们。` }),
  us({ code: "us_followup_sms", channel: "sms", language: "en", purpose: "collection", discloses: "debt",
    body: `{{agencyName}}: {{firstName}}, {{amountDue}} on your {{creditorName}} account is still open. Payment plans available: {{callbackNumber}}. This is a communication from a debt collector. Ref {{referenceCode}}. Reply STOP to opt out.` }),
  us({ code: "us_followup_sms", channel: "sms", language: "zh-CN", purpose: "collection", discloses: "debt",
    body: `{{agencyName}}：{{firstName}}，您 {{creditorName}} 账户的 {{amountDue}} 仍未结清，可申请分期：{{callbackNumber}}。本信息来自债务催收机构。参考编号 {{referenceCode}}。回复 STOP 退订。` }),
  us({ code: "us_followup_letter", channel: "letter", language: "en", purpose: "collection", discloses: "debt",
    subject: "Your {{creditorName}} account {{accountRef}}",
    body: `Dear {{fullName}},\n\nOur records show a balance of {{amountDue}} on your {{creditorName}} account {{accountRef}}. We would like to help you resolve it; payment plans are available. Please call {{callbackNumber}}.\n\n${US_MM}\n\n${US_VERIFY}\n\n{{collectorName}}, {{agencyName}}\n\nIf you prefer not to receive letters from us, tell us in writing or by phone.` }),
  us({ code: "us_followup_letter", channel: "letter", language: "zh-CN", purpose: "collection", discloses: "debt",
    subject: "关于您的 {{creditorName}} 账户 {{accountRef}}",
    body: `{{fullName}}您好：\n\n我们的记录显示您的 {{creditorName}} 账户 {{accountRef}} 尚有 {{amountDue}} 未结清。我们愿意协助您解决，可办理分期，请致电 {{callbackNumber}}。\n\n${US_MM_ZH}\n\n${US_VERIFY_ZH}\n\n{{agencyName}} {{collectorName}}\n\n如不希望收到我们的信件，请以书面或电话告知。` }),
  us({ code: "us_final_notice_letter", channel: "letter", language: "en", purpose: "collection", discloses: "debt",
    subject: "Final notice: {{creditorName}} account {{accountRef}}",
    body: `Dear {{fullName}},\n\nFINAL NOTICE. Despite our letters and calls, {{amountDue}} remains unpaid on your {{creditorName}} account {{accountRef}}. If we do not hear from you, {{clientName}} may refer the account to its legal department for review. Call {{callbackNumber}} to agree a payment or a plan.\n\n${US_MM}\n\n${US_VERIFY}\n\n{{collectorName}}, {{agencyName}}\n\nIf you prefer not to receive letters from us, tell us in writing or by phone.` }),
  us({ code: "us_final_notice_letter", channel: "letter", language: "zh-CN", purpose: "collection", discloses: "debt",
    subject: "最后通知：{{creditorName}} 账户 {{accountRef}}",
    body: `{{fullName}}您好：\n\n最后通知。尽管我们多次致函致电，您的 {{creditorName}} 账户 {{accountRef}} 仍有 {{amountDue}} 未付。如未收到您的回复，{{clientName}} 可能将该账户转交其法务部门审查。请致电 {{callbackNumber}} 商定还款或分期。\n\n${US_MM_ZH}\n\n${US_VERIFY_ZH}\n\n{{agencyName}} {{collectorName}}\n\n如不希望收到我们的信件，请以书面或电话告知。` }),
  us({ code: "us_legal_notice_letter", channel: "letter", language: "en", purpose: "litigation", discloses: "debt",
    subject: "Notice of referral to legal review: {{creditorName}} account {{accountRef}}",
    body: `Dear {{fullName}},\n\nThe balance of {{amountDue}} on your {{creditorName}} account {{accountRef}} has been referred to the legal team of {{agencyName}} for review of the remedies available to {{clientName}}. You may still resolve the account by calling {{callbackNumber}}. Automated calls about this account have stopped.\n\n${US_MM}\n\n${US_VERIFY}\n\n{{collectorName}}, {{agencyName}} Legal\n\nIf you prefer not to receive letters from us, tell us in writing.` }),
  us({ code: "us_legal_notice_letter", channel: "letter", language: "zh-CN", purpose: "litigation", discloses: "debt",
    subject: "转交法务审查通知：{{creditorName}} 账户 {{accountRef}}",
    body: `{{fullName}}您好：\n\n您 {{creditorName}} 账户 {{accountRef}} 的 {{amountDue}} 余额已转交 {{agencyName}} 法务团队，审查 {{clientName}} 可采取的救济措施。您仍可致电 {{callbackNumber}} 解决该账户。有关该账户的自动语音电话已停止。\n\n${US_MM_ZH}\n\n${US_VERIFY_ZH}\n\n{{agencyName}} 法务部 {{collectorName}}\n\n如不希望收到我们的信件，请以书面形式告知。` }),
  // A third party learns nothing about the debt (US-REGF-3P/LOC): the location-only script.
  us({ code: "us_location_call", channel: "call", language: "en", purpose: "location", discloses: "location_only", hasMiniMiranda: false,
    body: `Hello, this is {{collectorName}} calling for {{debtorFullName}}. We are trying to confirm how to reach them. If you can, please ask them to call {{callbackNumber}}. Reference {{referenceCode}}; you can check this call is genuine at {{verifyUrl}}. If you prefer not to be called again, just tell us.` }),
  us({ code: "us_location_call", channel: "call", language: "zh-CN", purpose: "location", discloses: "location_only", hasMiniMiranda: false,
    body: `您好，我是 {{collectorName}}，想联系 {{debtorFullName}}，希望确认其联系方式。如方便，请转告其致电 {{callbackNumber}}。参考编号 {{referenceCode}}，可在 {{verifyUrl}} 核实本来电。如不希望再接到来电，请告知我们。` }),
  us({ code: "us_installment_reminder", channel: "sms", language: "en", purpose: "collection", discloses: "debt",
    body: `{{agencyName}}: {{firstName}}, a reminder that your next plan installment for {{creditorName}} is due soon. Questions: {{callbackNumber}}. This is a communication from a debt collector. Ref {{referenceCode}}. Reply STOP to opt out.` }),
  us({ code: "us_installment_reminder", channel: "sms", language: "zh-CN", purpose: "collection", discloses: "debt",
    body: `{{agencyName}}：{{firstName}}，提醒您 {{creditorName}} 还款计划的下一期即将到期。咨询：{{callbackNumber}}。本信息来自债务催收机构。参考编号 {{referenceCode}}。回复 STOP 退订。` }),

  // ---- China consumer strategy ----------------------------------------------------------------
  cn({ code: "cn_predue_sms", channel: "sms", language: "zh-CN", purpose: "collection", discloses: "debt",
    body: `【{{agencyName}}】{{firstName}}您好，我是${CN_ID}。您在{{creditorName}}的借款 {{amountDue}} 将于 {{dueDate}} 到期，请按时还款。如有困难请致电 {{callbackNumber}}。${CN_VERIFY}回复退订拒收。` }),
  cn({ code: "cn_predue_sms", channel: "sms", language: "en", purpose: "collection", discloses: "debt",
    body: `[{{agencyName}}] Hi {{firstName}}, this is ${CN_ID_EN}. Your {{creditorName}} loan payment of {{amountDue}} is due on {{dueDate}}. If you have difficulty paying, call {{callbackNumber}}. ${CN_VERIFY_EN} Reply TD to opt out.` }),
  cn({ code: "cn_predue_voice", channel: "call", language: "zh-CN", purpose: "collection", discloses: "debt",
    body: `您好，这里是${CN_ID}的自动语音提醒。{{firstName}}，您在{{creditorName}}的借款 {{amountDue}} 将于 {{dueDate}} 到期，请按时还款。咨询请致电 {{callbackNumber}}。${CN_VERIFY}如不希望再接到提醒电话，请回复短信退订。` }),
  cn({ code: "cn_predue_voice", channel: "call", language: "en", purpose: "collection", discloses: "debt",
    body: `Hello, this is an automated reminder from ${CN_ID_EN}. {{firstName}}, your {{creditorName}} loan payment of {{amountDue}} is due on {{dueDate}}. Questions: {{callbackNumber}}. ${CN_VERIFY_EN} To stop these calls, reply TD to our text messages.` }),
  cn({ code: "cn_first_sms", channel: "sms", language: "zh-CN", purpose: "collection", discloses: "debt",
    body: `【{{agencyName}}】{{firstName}}您好，我是${CN_ID}。您在{{creditorName}}的借款 {{amountDue}} 已逾期，请尽快还款或致电 {{callbackNumber}} 协商。${CN_VERIFY}回复退订拒收。` }),
  cn({ code: "cn_first_sms", channel: "sms", language: "en", purpose: "collection", discloses: "debt",
    body: `[{{agencyName}}] Hi {{firstName}}, this is ${CN_ID_EN}. Your {{creditorName}} loan payment of {{amountDue}} is overdue. Please pay or call {{callbackNumber}} to discuss. ${CN_VERIFY_EN} Reply TD to opt out.` }),
  cn({ code: "cn_call_script", channel: "call", language: "zh-CN", purpose: "collection", discloses: "debt",
    body: `您好，这里是${CN_ID}。{{firstName}}，您在{{creditorName}}的借款 {{amountDue}} 已逾期，请尽快还款；如有困难，我们可以协商还款计划，请致电 {{callbackNumber}}。${CN_VERIFY}如不希望再接到电话，请回复短信退订。` }),
  cn({ code: "cn_call_script", channel: "call", language: "en", purpose: "collection", discloses: "debt",
    body: `Hello, this is ${CN_ID_EN}. {{firstName}}, your {{creditorName}} loan payment of {{amountDue}} is overdue. If you have difficulty, we can agree a repayment plan: call {{callbackNumber}}. ${CN_VERIFY_EN} To stop these calls, reply TD to our text messages.` }),
  cn({ code: "cn_followup_sms", channel: "sms", language: "zh-CN", purpose: "collection", discloses: "debt",
    body: `【{{agencyName}}】{{firstName}}您好，我是${CN_ID}。您的{{creditorName}}借款 {{amountDue}} 仍未结清，可申请分期还款，详询 {{callbackNumber}}。${CN_VERIFY}回复退订拒收。` }),
  cn({ code: "cn_followup_sms", channel: "sms", language: "en", purpose: "collection", discloses: "debt",
    body: `[{{agencyName}}] Hi {{firstName}}, this is ${CN_ID_EN}. {{amountDue}} on your {{creditorName}} loan is still unpaid; instalment plans are available: {{callbackNumber}}. ${CN_VERIFY_EN} Reply TD to opt out.` }),
  // Emergency contacts learn nothing about the debt (CN-3P-CONTACTS): a location-only script.
  cn({ code: "cn_ec_location_call", channel: "call", language: "zh-CN", purpose: "location", discloses: "location_only",
    body: `您好，这里是${CN_ID}。我们正在联系 {{debtorFullName}}，有事务需要其本人处理。如方便，请转告其致电 {{callbackNumber}}。${CN_VERIFY}如您不希望再接到我们的电话，请告知我们，我们将不再联系您。` }),
  cn({ code: "cn_ec_location_call", channel: "call", language: "en", purpose: "location", discloses: "location_only",
    body: `Hello, this is ${CN_ID_EN}. We are trying to reach {{debtorFullName}} about a personal matter. If you can, please ask them to call {{callbackNumber}}. ${CN_VERIFY_EN} If you do not wish to hear from us again, tell us and we will not contact you.` }),
  // A 律师函-style notice from the agency's legal department: firm, factual, no threat, never in a court's name (CN-PROHIB).
  cn({ code: "cn_legal_letter", channel: "letter", language: "zh-CN", purpose: "litigation", discloses: "debt",
    subject: "律师函式催告通知（参考编号 {{referenceCode}}）",
    body: `{{fullName}}：\n\n受{{clientName}}委托，${CN_ID}现就您在{{creditorName}}的借款（{{accountRef}}）逾期事宜郑重告知：截至本函发出之日，您尚欠 {{amountDue}}，已逾期超过九十日。\n\n请您在收到本函后十五日内还款或致电 {{callbackNumber}} 协商还款方案。逾期未处理的，委托方可能依法通过诉讼等合法途径主张权利。本函仅为催告，并非法院或其他国家机关的文书。\n\n${CN_VERIFY}\n\n{{agencyName}} 法务部\n\n如对本函内容有异议，或不希望再收到我们的信件，请书面告知。` }),
  cn({ code: "cn_legal_letter", channel: "letter", language: "en", purpose: "litigation", discloses: "debt",
    subject: "Formal demand before legal action (ref {{referenceCode}})",
    body: `{{fullName}},\n\nOn behalf of {{clientName}}, ${CN_ID_EN} formally notifies you that {{amountDue}} on your {{creditorName}} loan ({{accountRef}}) is more than ninety days overdue.\n\nPlease pay or call {{callbackNumber}} within fifteen days of receiving this letter to agree a repayment plan. Otherwise the creditor may assert its rights through lawful means, including a lawsuit. This letter is a demand only; it is not a document of a court or any state authority.\n\n${CN_VERIFY_EN}\n\n{{agencyName}} Legal Department\n\nIf you dispute this letter or do not wish to receive letters from us, tell us in writing.` }),
  cn({ code: "cn_installment_reminder", channel: "sms", language: "zh-CN", purpose: "collection", discloses: "debt",
    body: `【{{agencyName}}】{{firstName}}您好，我是${CN_ID}。提醒您{{creditorName}}还款计划的下一期即将到期，请按时还款。详询 {{callbackNumber}}。${CN_VERIFY}回复退订拒收。` }),
  cn({ code: "cn_installment_reminder", channel: "sms", language: "en", purpose: "collection", discloses: "debt",
    body: `[{{agencyName}}] Hi {{firstName}}, this is ${CN_ID_EN}. Your next {{creditorName}} plan instalment is due soon. Questions: {{callbackNumber}}. ${CN_VERIFY_EN} Reply TD to opt out.` }),
];
