// The template editor's lint: what the gate will later judge from a template's declarations
// (discloses, hasOptOut, identifiesCollector), checked against the text itself as the author types.
// Pure: the console runs it in the browser on every keystroke and the domain runs it again before saving.

/** The channels a template is written for, and what a template may disclose: the editor's choices and
 *  the save verb's schema, defined here once. */
export const TEMPLATE_CHANNELS = ["sms", "email", "letter", "voicemail", "call"] as const;
export const TEMPLATE_DISCLOSURES = ["debt", "location_only", "limited_content", "none"] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];
export type TemplateDisclosure = (typeof TEMPLATE_DISCLOSURES)[number];
export type TemplateRuleSet = "US-FDCPA" | "US-MA" | "CN-CBA" | "UK-CONC";

export interface LintTemplateInput {
  channel: TemplateChannel;
  language: "en" | "zh-CN";
  ruleSet: TemplateRuleSet;
  discloses: TemplateDisclosure;
  /** An opt-out confirmation is the one message that needs no opt-out instruction (US-REGF-EOPTOUT exempts it). */
  purpose?: string;
  subject?: string | null;
  body: string;
  /** Who the message goes to, when known (a strategy step names its party): a third party (an emergency
   *  contact, a reference) may never be told the debt, so a template disclosing it is an error for them. */
  audience?: "consumer" | "third_party";
}

/** Every finding the lint can make: the editor translates each (apps/web messages, checked by a test). */
export const LINT_CODES = [
  "unknown_variable",
  "debt_detail_not_disclosed",
  "debt_word_not_disclosed",
  "opt_out_missing",
  "identity_missing",
  "mini_miranda_missing",
  "cn_prohibited_word",
  "sms_long",
  "debt_to_third_party",
] as const;
export type LintCode = (typeof LINT_CODES)[number];

export interface LintFinding {
  code: LintCode;
  severity: "error" | "warning";
  /** The variable, word or figure the finding is about. */
  detail?: string;
}

export interface SmsLength {
  encoding: "GSM-7" | "UCS-2";
  /** Characters of the body with each variable at its typical rendered length. */
  characters: number;
  segments: number;
  /** Characters per segment for this encoding (160/153 GSM-7, 70/67 UCS-2). */
  perSegment: number;
}

export interface LintResult {
  findings: LintFinding[];
  variables: string[];
  sms: SmsLength | null;
  /** What the text carries, as the template row declares it for the gate (hasOptOut, identifiesCollector,
   *  hasMiniMiranda): derived from the text, so a declaration cannot claim what the text lacks. */
  carries: { optOut: boolean; identity: boolean; miniMiranda: boolean };
  /** No error: the template may be saved (warnings are shown, not blocking). */
  ok: boolean;
}

/**
 * Every variable a template may print (templateVariablesFor in the domain), with its typical rendered
 * length for the SMS estimate, and whether it tells the debt: a template that does not declare
 * `discloses: debt` may not use those (an emergency contact learns nothing about the debt).
 */
export const TEMPLATE_VARIABLES: Record<string, { length: number; debt: boolean }> = {
  referenceCode: { length: 10, debt: false },
  firstName: { length: 8, debt: false },
  fullName: { length: 16, debt: false },
  debtorFirstName: { length: 8, debt: false },
  debtorFullName: { length: 16, debt: false },
  agencyName: { length: 28, debt: false },
  callbackNumber: { length: 12, debt: false },
  collectorName: { length: 14, debt: false },
  staffNumber: { length: 8, debt: false },
  verifyUrl: { length: 30, debt: false },
  portalUrl: { length: 30, debt: false },
  creditorName: { length: 20, debt: true },
  clientName: { length: 20, debt: true },
  amountDue: { length: 10, debt: true },
  dueDate: { length: 10, debt: true },
  accountRef: { length: 8, debt: true },
};

const VAR = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** Words that tell a debt, for templates that must not (location-only, limited content). */
const DEBT_WORDS: Record<LintTemplateInput["language"], RegExp> = {
  en: /\b(debts?|owe[sd]?|overdue|arrears|balance|payment|collect(ion|or)?)\b/i,
  // 催收 is not here: CN-ID makes every collector say they are one (催收专员), to a third party too.
  "zh-CN": /(欠款|欠债|债务|逾期|还款|账单|余额)/,
};

/** The opt-out instruction SMS and e-mail must carry (US-REGF-EOPTOUT, CASEBOOK-OPTOUT). */
const OPT_OUT: Record<LintTemplateInput["language"], RegExp> = {
  en: /\b(reply\s+STOP|text\s+STOP|unsubscribe|opt[\s-]?out)\b/i,
  "zh-CN": /(退订|回复\s*T\b|回T|UNSUBSCRIBE|STOP)/i,
};

/** The mini-Miranda (15 U.S.C. 1692e(11)): a debt collector says it is one in every communication. */
const MINI_MIRANDA: Record<LintTemplateInput["language"], RegExp> = {
  en: /(attempt to collect a debt|from a debt collector|this is a debt collector)/i,
  "zh-CN": /(债务催收机构|债务催收行为)/,
};

/**
 * CN-PROHIB as words an author can see: threats of arrest or jail, impersonation of courts, police or
 * officials, public shaming (exposure, contacting the address book or employer), and pushing new loans
 * to repay old ones. A list, not a judgement: the compliance officer reviews every CN template anyway.
 */
export const CN_PROHIBITED_WORDS = [
  "坐牢", "拘留", "逮捕", "判刑", "刑事责任", "公安", "警察", "通缉", "法院传票", "法院执行", "冻结资产",
  "曝光", "公开", "通讯录", "亲友", "单位领导", "黑名单", "以贷还贷", "借新还旧", "套现", "上门",
] as const;

const GSM7 = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const GSM7_EXT = new Set("^{}\\[~]|€");

/** The body's SMS length, each variable at its typical length (an unknown one at 10). */
export function smsLength(body: string): SmsLength {
  const sample = body.replace(VAR, (_m, name: string) => "x".repeat(TEMPLATE_VARIABLES[name]?.length ?? 10));
  const chars = [...sample];
  const gsm = chars.every((c) => GSM7.has(c) || GSM7_EXT.has(c));
  if (gsm) {
    const units = chars.reduce((n, c) => n + (GSM7_EXT.has(c) ? 2 : 1), 0);
    return { encoding: "GSM-7", characters: units, segments: units <= 160 ? 1 : Math.ceil(units / 153), perSegment: units <= 160 ? 160 : 153 };
  }
  // UCS-2 counts UTF-16 code units: a character outside the BMP takes two.
  const units = sample.length;
  return { encoding: "UCS-2", characters: units, segments: units <= 70 ? 1 : Math.ceil(units / 67), perSegment: units <= 70 ? 70 : 67 };
}

export function lintTemplate(input: LintTemplateInput): LintResult {
  const text = `${input.subject ?? ""}\n${input.body}`;
  const variables = [...new Set([...text.matchAll(VAR)].map((m) => m[1]!))];
  const findings: LintFinding[] = [];
  const uses = (name: string) => variables.includes(name);
  const plain = text.replace(VAR, " ");

  for (const name of variables) {
    if (!(name in TEMPLATE_VARIABLES)) findings.push({ code: "unknown_variable", severity: "error", detail: name });
  }
  if (input.audience === "third_party" && input.discloses === "debt") {
    findings.push({ code: "debt_to_third_party", severity: "error" });
  }
  if (input.discloses !== "debt") {
    for (const name of variables) {
      if (TEMPLATE_VARIABLES[name]?.debt) findings.push({ code: "debt_detail_not_disclosed", severity: "error", detail: name });
    }
    const word = DEBT_WORDS[input.language].exec(plain)?.[0];
    if (word) findings.push({ code: "debt_word_not_disclosed", severity: "error", detail: word });
  }
  if ((input.channel === "sms" || input.channel === "email") && input.purpose !== "opt_out_confirmation" && !OPT_OUT[input.language].test(plain)) {
    findings.push({ code: "opt_out_missing", severity: "error" });
  }
  // Identity: CN-ID asks for the agency and the collector's staff number; a US location contact gives the
  // caller's own name and not the agency's unless asked (15 U.S.C. 1692b(1)); elsewhere the agency's name.
  const usLocation = (input.ruleSet === "US-FDCPA" || input.ruleSet === "US-MA") && input.discloses === "location_only";
  if (usLocation) {
    if (!uses("collectorName")) findings.push({ code: "identity_missing", severity: "error", detail: "collectorName" });
    // A collection agency's name tells a third party there is a debt.
    if (uses("agencyName")) findings.push({ code: "debt_detail_not_disclosed", severity: "error", detail: "agencyName" });
  } else if (input.ruleSet === "CN-CBA") {
    if (!uses("agencyName") || !uses("staffNumber")) findings.push({ code: "identity_missing", severity: "error", detail: [!uses("agencyName") ? "agencyName" : null, !uses("staffNumber") ? "staffNumber" : null].filter(Boolean).join(", ") });
  } else if (!uses("agencyName")) {
    findings.push({ code: "identity_missing", severity: "error", detail: "agencyName" });
  }
  if ((input.ruleSet === "US-FDCPA" || input.ruleSet === "US-MA") && input.discloses === "debt" && input.channel !== "call" && !MINI_MIRANDA[input.language].test(plain)) {
    findings.push({ code: "mini_miranda_missing", severity: "error" });
  }
  if (input.language === "zh-CN" || input.ruleSet === "CN-CBA") {
    for (const word of CN_PROHIBITED_WORDS) if (plain.includes(word)) findings.push({ code: "cn_prohibited_word", severity: "error", detail: word });
  }
  let sms: SmsLength | null = null;
  if (input.channel === "sms") {
    sms = smsLength(input.body);
    if (sms.segments > 2) findings.push({ code: "sms_long", severity: "warning", detail: String(sms.segments) });
  }
  const carries = {
    optOut: OPT_OUT[input.language].test(plain),
    identity: !findings.some((f) => f.code === "identity_missing"),
    miniMiranda: MINI_MIRANDA[input.language].test(plain),
  };
  return { findings, variables, sms, carries, ok: !findings.some((f) => f.severity === "error") };
}
