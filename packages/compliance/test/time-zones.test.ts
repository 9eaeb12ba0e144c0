import { describe, expect, it } from "vitest";
import { resolveTimeZones } from "../src/index";
import { check, daily, entry, run, type Case } from "./helpers";

const table = (cases: Case[]) => it.each(cases)("%s", (_name, mutate, expected) => check(run(mutate), expected));
const US_ALL = ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "America/Adak", "Pacific/Honolulu"];

describe("US-REGF-TIME across the 2026 US daylight-saving transitions (America/New_York)", () => {
  table([
    ["Sat 2026-03-07 07:59 EST defers to 08:00 EST", (r) => { r.now = "2026-03-07T12:59:00Z"; }, { decision: "defer", rules: ["US-REGF-TIME"], notBefore: "2026-03-07T13:00:00.000Z" }],
    ["Sat 2026-03-07 08:00 EST allows", (r) => { r.now = "2026-03-07T13:00:00Z"; }, { decision: "allow" }],
    ["Sat 20:59 EST allows", (r) => { r.now = "2026-03-08T01:59:00Z"; }, { decision: "allow" }],
    ["Sat 21:00 EST defers to Sun 08:00 EDT (12:00Z, not 13:00Z)", (r) => { r.now = "2026-03-08T02:00:00Z"; }, { decision: "defer", notBefore: "2026-03-08T12:00:00.000Z" }],
    ["Sun 01:30 EST, just before the jump", (r) => { r.now = "2026-03-08T06:30:00Z"; }, { decision: "defer", notBefore: "2026-03-08T12:00:00.000Z" }],
    ["Sun 03:30 EDT, just after the jump", (r) => { r.now = "2026-03-08T07:30:00Z"; }, { decision: "defer", notBefore: "2026-03-08T12:00:00.000Z" }],
    ["Sun 07:59 EDT defers one minute", (r) => { r.now = "2026-03-08T11:59:00Z"; }, { decision: "defer", notBefore: "2026-03-08T12:00:00.000Z" }],
    ["Sun 08:00 EDT allows (a fixed -05:00 would say 07:00)", (r) => { r.now = "2026-03-08T12:00:00Z"; }, { decision: "allow" }],
    ["Sun 08:30 EDT allows", (r) => { r.now = "2026-03-08T12:30:00Z"; }, { decision: "allow" }],
    ["Sun 20:59 EDT allows", (r) => { r.now = "2026-03-09T00:59:00Z"; }, { decision: "allow" }],
    ["Sun 21:00 EDT defers (a fixed -05:00 would say 20:00)", (r) => { r.now = "2026-03-09T01:00:00Z"; }, { decision: "defer", notBefore: "2026-03-09T12:00:00.000Z" }],
    ["Sat 2026-10-31 21:00 EDT defers to Sun 08:00 EST (13:00Z)", (r) => { r.now = "2026-11-01T01:00:00Z"; }, { decision: "defer", notBefore: "2026-11-01T13:00:00.000Z" }],
    ["Sun 2026-11-01 01:30 EDT (first pass)", (r) => { r.now = "2026-11-01T05:30:00Z"; }, { decision: "defer", notBefore: "2026-11-01T13:00:00.000Z" }],
    ["Sun 01:30 EST (second pass)", (r) => { r.now = "2026-11-01T06:30:00Z"; }, { decision: "defer", notBefore: "2026-11-01T13:00:00.000Z" }],
    ["Sun 07:00 EST defers (a fixed -04:00 would say 08:00)", (r) => { r.now = "2026-11-01T12:00:00Z"; }, { decision: "defer", notBefore: "2026-11-01T13:00:00.000Z" }],
    ["Sun 08:00 EST allows", (r) => { r.now = "2026-11-01T13:00:00Z"; }, { decision: "allow" }],
    ["Sun 20:59 EST allows", (r) => { r.now = "2026-11-02T01:59:00Z"; }, { decision: "allow" }],
    ["Sun 21:00 EST defers to Mon 08:00 EST", (r) => { r.now = "2026-11-02T02:00:00Z"; }, { decision: "defer", notBefore: "2026-11-02T13:00:00.000Z" }],
    ["7-in-7 across the spring transition releases at 08:00 EDT", (r) => { r.now = "2026-03-08T19:00:00Z"; r.history = daily("2026-03-02", 7, "15:00:00Z"); }, { decision: "defer", rules: ["US-REGF-FREQ-7IN7"], notBefore: "2026-03-09T12:00:00.000Z" }],
    ["7-in-7 across the autumn transition releases at 08:00 EST", (r) => { r.now = "2026-11-02T19:00:00Z"; r.history = daily("2026-10-27", 7, "15:00:00Z"); }, { decision: "defer", rules: ["US-REGF-FREQ-7IN7"], notBefore: "2026-11-03T13:00:00.000Z" }],
    ["the 25-hour day: a call at 00:30 EDT on Nov 1 is local Nov 1", (r) => { r.now = "2026-11-07T15:00:00Z"; r.history = [entry("2026-11-01T04:30:00Z"), ...daily("2026-11-02", 6, "14:00:00Z")]; }, { decision: "defer", notBefore: "2026-11-08T13:00:00.000Z" }],
    ["the 25-hour day: 23:30 EST on Oct 31 is not", (r) => { r.now = "2026-11-07T15:00:00Z"; r.history = [entry("2026-11-01T03:30:00Z"), ...daily("2026-11-02", 6, "14:00:00Z")]; }, { decision: "allow" }],
    ["CONV7 across the spring transition", (r) => { r.now = "2026-03-10T15:00:00Z"; r.history = [entry("2026-03-05T15:00:00Z", { outcome: "conversation" })]; }, { decision: "defer", rules: ["US-REGF-FREQ-CONV7"], notBefore: "2026-03-12T12:00:00.000Z" }],
  ]);
});

describe("candidate zones: the window is the intersection", () => {
  table([
    ["New York and Los Angeles: 08:30 EDT is 05:30 PDT", (r) => { r.consumer.timeZones = ["America/New_York", "America/Los_Angeles"]; r.now = "2026-06-10T12:30:00Z"; }, { decision: "defer", rules: ["US-REGF-TIME-MULTITZ"], notBefore: "2026-06-10T15:00:00.000Z" }],
    ["the second zone is not ignored (order reversed)", (r) => { r.consumer.timeZones = ["America/Los_Angeles", "America/New_York"]; r.now = "2026-06-11T01:30:00Z"; }, { decision: "defer", rules: ["US-REGF-TIME-MULTITZ"], notBefore: "2026-06-11T15:00:00.000Z" }],
    ["inside both", (r) => { r.consumer.timeZones = ["America/New_York", "America/Los_Angeles"]; r.now = "2026-06-11T00:30:00Z"; }, { decision: "allow" }],
    ["from locations: a Manhattan number and a San Francisco ZIP", (r) => { r.consumer.timeZones = undefined; r.consumer.locations = [{ type: "phone", number: "+12125550100" }, { type: "address", region: "CA", postalCode: "94105" }]; r.now = "2026-06-10T12:30:00Z"; }, { decision: "defer", notBefore: "2026-06-10T15:00:00.000Z", zones: ["America/New_York", "America/Los_Angeles"] }],
    ["Florida by state only: Eastern and Central", (r) => { r.consumer.timeZones = undefined; r.consumer.locations = [{ type: "address", region: "FL" }]; r.now = "2026-06-10T12:30:00Z"; }, { decision: "defer", rules: ["US-REGF-TIME-MULTITZ"], notBefore: "2026-06-10T13:00:00.000Z" }],
    ["a panhandle area code (850)", (r) => { r.consumer.timeZones = undefined; r.consumer.locations = [{ type: "phone", number: "+18505550100" }]; r.now = "2026-06-11T01:30:00Z"; }, { decision: "defer", notBefore: "2026-06-11T13:00:00.000Z" }],
    ["nothing known about a US consumer: every US zone, Hawaii included", (r) => { r.consumer.timeZones = undefined; r.now = "2026-06-10T17:00:00Z"; }, { decision: "defer", rules: ["US-REGF-TIME-MULTITZ"], notBefore: "2026-06-10T18:00:00.000Z", zones: US_ALL }],
    ["every US zone: 18:00Z–01:00Z in summer", (r) => { r.consumer.timeZones = []; r.now = "2026-06-11T00:59:00Z"; }, { decision: "allow" }],
    ["every US zone: 18:00Z–02:00Z in winter (Adak shares Hawaii's offset)", (r) => { r.consumer.timeZones = []; r.now = "2026-01-15T17:59:00Z"; }, { decision: "defer", notBefore: "2026-01-15T18:00:00.000Z" }],
    ["every US zone in winter: 01:30Z is before 21:00 EST", (r) => { r.consumer.timeZones = []; r.now = "2026-01-16T01:30:00Z"; }, { decision: "allow" }],
    ["every US zone in summer: 01:30Z is after 21:00 EDT", (r) => { r.consumer.timeZones = []; r.now = "2026-06-11T01:30:00Z"; }, { decision: "defer", notBefore: "2026-06-11T18:00:00.000Z" }],
    ["nothing at all (unknown country) fails closed", (r) => { r.consumer.timeZones = undefined; r.consumer.country = "ZZ"; }, { decision: "block", rules: ["US-REGF-TIME-MULTITZ"], zones: [] }],
    ["Shanghai, London and Los Angeles never share 08:00–21:00: block", (r) => { r.consumer.timeZones = ["Asia/Shanghai", "Europe/London", "America/Los_Angeles"]; }, { decision: "block", rules: ["US-REGF-TIME-MULTITZ"] }],
    ["Shanghai and Los Angeles share 00:00Z–04:00Z", (r) => { r.consumer.timeZones = ["Asia/Shanghai", "America/Los_Angeles"]; }, { decision: "defer", notBefore: "2026-06-11T00:00:00.000Z" }],
    ["an empty intersection blocks even email", (r) => { r.consumer.timeZones = ["Asia/Shanghai", "Europe/London", "America/Los_Angeles"]; r.proposed = { ...r.proposed, channel: "email", content: { disclosesDebt: true, hasOptOut: true, identifiesCollector: true } }; }, { decision: "block", rules: ["US-REGF-TIME-MULTITZ"] }],
    ["Arizona keeps MST in summer: 07:59 MST", (r) => { r.consumer.timeZones = ["America/Phoenix"]; r.now = "2026-06-10T14:59:00Z"; }, { decision: "defer", notBefore: "2026-06-10T15:00:00.000Z" }],
    ["Arizona by state: the Navajo Nation keeps MDT", (r) => { r.consumer.timeZones = undefined; r.consumer.locations = [{ type: "address", region: "AZ" }]; r.now = "2026-06-11T03:30:00Z"; }, { decision: "defer", notBefore: "2026-06-11T15:00:00.000Z", zones: ["America/Phoenix", "America/Denver"] }],
    ["Hawaii: 07:59 HST", (r) => { r.consumer.timeZones = ["Pacific/Honolulu"]; r.now = "2026-06-10T17:59:00Z"; }, { decision: "defer", notBefore: "2026-06-10T18:00:00.000Z" }],
    ["Alaska: 20:59 AKDT allows", (r) => { r.consumer.timeZones = ["America/Anchorage"]; r.now = "2026-06-11T04:59:00Z"; }, { decision: "allow" }],
    ["combined defers: a 7-in-7 release at midnight in two zones lands at 08:00 in the later one", (r) => { r.consumer.timeZones = ["America/New_York", "America/Chicago"]; r.history = daily("2026-06-04", 7, "16:00:00Z"); r.now = "2026-06-10T17:00:00Z"; }, { decision: "defer", rules: ["US-REGF-FREQ-7IN7"], notBefore: "2026-06-11T13:00:00.000Z" }],
  ]);
});

describe("resolveTimeZones", () => {
  const cases: Array<[string, Parameters<typeof resolveTimeZones>[0], string[]]> = [
    ["explicit zones win", { country: "US", timeZones: ["Europe/Paris"], locations: [{ type: "phone", number: "+12125550100" }] }, ["Europe/Paris"]],
    ["NANP 212", { country: "US", locations: [{ type: "phone", number: "+12125550100" }] }, ["America/New_York"]],
    ["NANP 310", { country: "US", locations: [{ type: "phone", number: "+13105550100" }] }, ["America/Los_Angeles"]],
    ["NANP 312", { country: "US", locations: [{ type: "phone", number: "+13125550100" }] }, ["America/Chicago"]],
    ["NANP 303", { country: "US", locations: [{ type: "phone", number: "+13035550100" }] }, ["America/Denver"]],
    ["NANP 602 (no DST)", { country: "US", locations: [{ type: "phone", number: "+16025550100" }] }, ["America/Phoenix"]],
    ["NANP 928 (Navajo Nation)", { country: "US", locations: [{ type: "phone", number: "+19285550100" }] }, ["America/Phoenix", "America/Denver"]],
    ["NANP 808", { country: "US", locations: [{ type: "phone", number: "+18085550100" }] }, ["Pacific/Honolulu"]],
    ["NANP 907", { country: "US", locations: [{ type: "phone", number: "+19075550100" }] }, ["America/Anchorage", "America/Juneau", "America/Adak"]],
    ["NANP 423 (split Tennessee)", { country: "US", locations: [{ type: "phone", number: "+14235550100" }] }, ["America/New_York", "America/Chicago"]],
    ["NANP 208 (split Idaho)", { country: "US", locations: [{ type: "phone", number: "+12085550100" }] }, ["America/Boise", "America/Los_Angeles"]],
    ["NANP 915 (El Paso)", { country: "US", locations: [{ type: "phone", number: "+19155550100" }] }, ["America/Denver"]],
    ["toll-free says nothing: the whole country", { country: "US", locations: [{ type: "phone", number: "+18005550100" }] }, ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "America/Adak", "Pacific/Honolulu"]],
    ["+86", { country: "CN", locations: [{ type: "phone", number: "+8613800138000" }] }, ["Asia/Shanghai"]],
    ["+44", { country: "GB", locations: [{ type: "phone", number: "+447700900123" }] }, ["Europe/London"]],
    ["a Chinese debtor with a US number", { country: "CN", locations: [{ type: "phone", number: "+8613800138000" }, { type: "phone", number: "+14155550100" }] }, ["Asia/Shanghai", "America/Los_Angeles"]],
    ["ZIP 10001", { country: "US", locations: [{ type: "address", postalCode: "10001" }] }, ["America/New_York"]],
    ["ZIP+4 94105-1234", { country: "US", locations: [{ type: "address", postalCode: "94105-1234" }] }, ["America/Los_Angeles"]],
    ["ZIP in Florida's panhandle: both Florida zones", { country: "US", locations: [{ type: "address", postalCode: "32501" }] }, ["America/New_York", "America/Chicago"]],
    ["ZIP in Kentucky", { country: "US", locations: [{ type: "address", region: "KY", postalCode: "42101" }] }, ["America/Kentucky/Louisville", "America/Kentucky/Monticello", "America/New_York", "America/Chicago"]],
    ["state and ZIP disagree: both", { country: "US", locations: [{ type: "address", region: "CA", postalCode: "10001" }] }, ["America/New_York", "America/Los_Angeles"]],
    ["state TX", { country: "US", locations: [{ type: "address", region: "TX" }] }, ["America/Chicago", "America/Denver"]],
    ["state OR", { country: "US", locations: [{ type: "address", region: "OR" }] }, ["America/Los_Angeles", "America/Boise"]],
    ["state MI", { country: "US", locations: [{ type: "address", region: "MI" }] }, ["America/Detroit", "America/Menominee"]],
    ["state NE", { country: "US", locations: [{ type: "address", region: "NE" }] }, ["America/Chicago", "America/Denver"]],
    ["state HI", { country: "US", locations: [{ type: "address", region: "HI" }] }, ["Pacific/Honolulu"]],
    ["state MA", { country: "US", locations: [{ type: "address", region: "MA", postalCode: "02108" }] }, ["America/New_York"]],
    ["an unplaceable location widens to the country", { country: "US", locations: [{ type: "address", region: "XX" }] }, ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "America/Adak", "Pacific/Honolulu"]],
    ["CN with nothing", { country: "CN" }, ["Asia/Shanghai"]],
    ["GB with nothing", { country: "GB" }, ["Europe/London"]],
    ["unknown country with nothing", { country: "ZZ" }, []],
  ];
  it.each(cases)("%s", (_name, consumer, zones) => expect(resolveTimeZones(consumer)).toEqual(zones));

  it("every state in the table resolves, split states to more than one zone", () => {
    for (const [state, n] of [["FL", 2], ["TN", 2], ["KY", 4], ["IN", 9], ["MI", 2], ["TX", 2], ["KS", 2], ["NE", 2], ["ND", 5], ["SD", 2], ["OR", 2], ["ID", 2], ["AK", 7]] as const) {
      expect(resolveTimeZones({ country: "US", locations: [{ type: "address", region: state }] })).toHaveLength(n);
    }
  });
});
