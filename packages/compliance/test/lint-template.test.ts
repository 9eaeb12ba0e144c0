import { describe, expect, it } from "vitest";
import { lintTemplate, smsLength, type LintTemplateInput } from "../src/templates/lint-template";

const codes = (input: LintTemplateInput) => lintTemplate(input).findings.map((f) => `${f.code}${f.detail ? `:${f.detail}` : ""}`);

describe("template lint", () => {
  it("refuses debt detail and debt words in a template that does not disclose the debt (an emergency contact's)", () => {
    const base = { channel: "sms", language: "en", ruleSet: "US-FDCPA", discloses: "location_only" } as const;
    expect(codes({ ...base, body: "{{collectorName}} for {{debtorFirstName}}: you owe {{amountDue}} by {{dueDate}}. Reply STOP to opt out." }))
      .toEqual(["debt_detail_not_disclosed:amountDue", "debt_detail_not_disclosed:dueDate", "debt_word_not_disclosed:owe"]);
    // In the US the caller names themself, not the agency, unless asked (15 U.S.C. 1692b(1)).
    expect(codes({ ...base, body: "{{agencyName}}: please ask {{debtorFirstName}} to call {{callbackNumber}}. Reply STOP to opt out." }))
      .toEqual(["identity_missing:collectorName", "debt_detail_not_disclosed:agencyName"]);
    expect(codes({ ...base, language: "zh-CN", ruleSet: "CN-CBA", body: "{{agencyName}}（工号 {{staffNumber}}）请 {{debtorFirstName}} 尽快处理逾期账单。回复T退订" }))
      .toEqual(["debt_word_not_disclosed:逾期"]);
    expect(lintTemplate({ ...base, body: "This is {{collectorName}}: please ask {{debtorFirstName}} to call {{callbackNumber}}. Reply STOP to opt out." }).ok).toBe(true);
  });

  it("asks for the opt-out in SMS and e-mail, the identity, and the mini-Miranda where the debt is told in the US", () => {
    expect(codes({ channel: "sms", language: "en", ruleSet: "US-FDCPA", discloses: "debt", body: "You owe {{amountDue}}." }))
      .toEqual(["opt_out_missing", "identity_missing:agencyName", "mini_miranda_missing"]);
    expect(codes({ channel: "letter", language: "en", ruleSet: "US-FDCPA", discloses: "debt", body: "{{agencyName}}: this is an attempt to collect a debt. You owe {{amountDue}}." })).toEqual([]);
    expect(codes({ channel: "sms", language: "zh-CN", ruleSet: "CN-CBA", discloses: "debt", body: "{{agencyName}} 提醒：欠款 {{amountDue}}。回复T退订" }))
      .toEqual(["identity_missing:staffNumber"]);
  });

  it("names the CN-PROHIB words and unknown variables", () => {
    expect(codes({ channel: "letter", language: "zh-CN", ruleSet: "CN-CBA", discloses: "debt", body: "{{agencyName}} 工号 {{staffNumber}}：不还款将通知单位领导并曝光，{{nickname}}" }))
      .toEqual(["unknown_variable:nickname", "cn_prohibited_word:曝光", "cn_prohibited_word:单位领导"]);
  });

  it("counts SMS segments: GSM-7 160/153, UCS-2 70/67, variables at their typical length", () => {
    expect(smsLength("a".repeat(160))).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(smsLength("a".repeat(161))).toMatchObject({ encoding: "GSM-7", segments: 2, perSegment: 153 });
    expect(smsLength("€".repeat(80))).toMatchObject({ encoding: "GSM-7", characters: 160, segments: 1 });
    expect(smsLength("欠".repeat(70))).toMatchObject({ encoding: "UCS-2", segments: 1 });
    expect(smsLength("欠".repeat(71))).toMatchObject({ encoding: "UCS-2", segments: 2, perSegment: 67 });
    expect(smsLength("{{amountDue}}")).toMatchObject({ characters: 10 });
    const long = lintTemplate({ channel: "sms", language: "zh-CN", ruleSet: "CN-CBA", discloses: "none", body: `{{agencyName}} 工号 {{staffNumber}} 回复T退订 ${"请".repeat(200)}` });
    expect(long.findings).toContainEqual({ code: "sms_long", severity: "warning", detail: "4" });
    expect(long.ok).toBe(true);
  });

  it("a template that discloses the debt is an error for a third-party audience (a strategy step to an emergency contact), not for the debtor", () => {
    const body = "{{agencyName}}: this is an attempt to collect a debt of {{amountDue}}. Call {{callbackNumber}}.";
    const input = { channel: "letter", language: "en", ruleSet: "US-FDCPA", discloses: "debt", body } as const;
    expect(codes(input)).toEqual([]);
    expect(codes({ ...input, audience: "consumer" })).toEqual([]);
    expect(codes({ ...input, audience: "third_party" })).toEqual(["debt_to_third_party"]);
    expect(lintTemplate({ ...input, audience: "third_party" }).ok).toBe(false);
  });
});
