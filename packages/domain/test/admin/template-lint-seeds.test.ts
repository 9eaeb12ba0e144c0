import { describe, expect, it } from "vitest";
import { lintTemplate } from "@casebook/compliance/template-lint";
import { TEMPLATE_SEEDS } from "@casebook/db/seed/strategies";

// The editor's lint against the templates we ship: if it refused these, it would refuse the business.
describe("template lint on the shipped templates", () => {
  it("passes every shipped template (they carry what their rule set needs)", () => {
    const failing = TEMPLATE_SEEDS.map((t) => ({ code: `${t.code}/${t.language}`, r: lintTemplate({ ...t, channel: t.channel as "sms", language: t.language!, ruleSet: t.ruleSet, discloses: t.discloses, purpose: t.purpose }) }))
      .filter((x) => !x.r.ok).map((x) => `${x.code}: ${x.r.findings.map((f) => f.code + ":" + (f.detail ?? "")).join(",")}`);
    expect(failing).toEqual([]);
  });

});
