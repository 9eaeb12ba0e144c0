import { describe, expect, it } from "vitest";
import { evaluate, ruleMessage, type CheckRequest, type EvaluateOptions } from "../src/index";
import { check, entries, entry, type Case, type Mutate } from "./helpers";

const MOBILE = "+8613800138000";
const OTHER_MOBILE = "+8613900139000";
const CONTACT = "+8613700137000";
const UK_MOBILE = "+447700900123";

/** Wednesday 2026-06-10 12:00 in Shanghai. */
function cnRequest(): CheckRequest {
  return {
    ruleSet: "CN-CBA",
    now: "2026-06-10T04:00:00Z",
    consumer: { id: "c1", country: "CN", locations: [{ type: "phone", number: MOBILE }] },
    debtIds: ["d1"],
    history: [],
    proposed: { channel: "call", party: { role: "consumer", id: "c1", address: MOBILE }, purpose: "collection" },
  };
}

/** Wednesday 2026-06-10 12:00 in London (BST). */
function ukRequest(): CheckRequest {
  return {
    ruleSet: "UK-CONC",
    now: "2026-06-10T11:00:00Z",
    consumer: { id: "c1", country: "GB", locations: [{ type: "phone", number: UK_MOBILE }] },
    debtIds: ["d1"],
    history: [],
    proposed: { channel: "call", party: { role: "consumer", id: "c1", address: UK_MOBILE }, purpose: "collection" },
  };
}

const on = (base: () => CheckRequest, options?: EvaluateOptions) => (cases: Case[]) =>
  it.each(cases)("%s", (_name, mutate: Mutate, expected) => {
    const r = base();
    mutate(r);
    check(evaluate(r, options), expected);
  });

const cn = (patch: Parameters<typeof entry>[1] = {}) => ({ party: { role: "consumer" as const, id: "c1", address: MOBILE }, ...patch });
const today = (n: number, patch = {}) => entries(Array.from({ length: n }, (_, i) => new Date(Date.parse("2026-06-10T00:30:00Z") + i * 600_000).toISOString()), cn(patch));
const LOCATE = { disclosesDebt: false, identifiesCollector: true };
const emergency = { role: "emergency_contact" as const, id: "e1", address: CONTACT };
const unreachable = () => entries(["2026-06-08T02:00:00Z", "2026-06-09T02:00:00Z", "2026-06-10T01:00:00Z"], cn({ outcome: "no_answer" }));

describe("CN-CBA", () => {
  on(cnRequest)([
    ["a call at noon", () => {}, { decision: "allow", rules: [], zones: ["Asia/Shanghai"] }],
    ["22:30 defers to 08:00", (r) => { r.now = "2026-06-10T14:30:00Z"; }, { decision: "defer", rules: ["CN-TIME"], notBefore: "2026-06-11T00:00:00.000Z" }],
    ["07:59 defers one minute", (r) => { r.now = "2026-06-09T23:59:00Z"; }, { decision: "defer", rules: ["CN-TIME"], notBefore: "2026-06-10T00:00:00.000Z" }],
    ["21:59 allows (the CN window ends at 22:00)", (r) => { r.now = "2026-06-10T13:59:00Z"; }, { decision: "allow" }],
    ["a visit at night defers too", (r) => { r.now = "2026-06-10T15:00:00Z"; r.proposed.channel = "visit"; }, { decision: "defer", rules: ["CN-TIME"] }],
    ["a debtor with no known zone at all fails closed", (r) => { r.consumer.country = "ZZ"; r.consumer.locations = []; }, { decision: "block", rules: ["CN-TIME"] }],
    ["6 calls to this number today defer to tomorrow 08:00", (r) => { r.history = today(6); }, { decision: "defer", rules: ["CN-FREQ-NUMBER"], notBefore: "2026-06-11T00:00:00.000Z" }],
    ["5 calls allow a 6th", (r) => { r.history = today(5); }, { decision: "allow" }],
    ["6 calls yesterday do not count today", (r) => { r.history = entries(Array.from({ length: 6 }, (_, i) => `2026-06-09T0${i}:10:00Z`), cn()); }, { decision: "allow" }],
    ["6 calls to the debtor's other number do not hold this one", (r) => { r.history = today(6, { party: { role: "consumer", id: "c1", address: OTHER_MOBILE } }); }, { decision: "allow" }],
    ["the number limit counts by Shanghai day: 23:50 yesterday is yesterday", (r) => { r.history = [...today(5), entry("2026-06-09T15:50:00Z", cn())]; }, { decision: "allow" }],
    ["a call with no number fails closed", (r) => { delete r.proposed.party.address; }, { decision: "block", rules: ["CN-FREQ-NUMBER"] }],
    ["3 conversations today defer voice contact to tomorrow", (r) => { r.history = today(3, { outcome: "conversation" }); }, { decision: "defer", rules: ["CN-FREQ-DAILY"], notBefore: "2026-06-11T00:00:00.000Z" }],
    ["2 conversations and 3 unanswered calls allow", (r) => { r.history = [...today(2, { outcome: "conversation" }), ...today(3)]; }, { decision: "allow" }],
    ["conversations at 23:30 yesterday Shanghai time are yesterday's", (r) => { r.history = entries(["2026-06-09T15:30:00Z", "2026-06-09T15:35:00Z", "2026-06-09T15:40:00Z"], cn({ outcome: "conversation" })); }, { decision: "allow" }],
    ["conversations at 00:30 today (16:30Z yesterday) are today's", (r) => { r.history = entries(["2026-06-09T16:30:00Z", "2026-06-09T16:35:00Z", "2026-06-09T16:40:00Z"], cn({ outcome: "conversation" })); }, { decision: "defer", rules: ["CN-FREQ-DAILY"] }],
    ["both daily limits at night: one defer to 08:00 the day after", (r) => { r.now = "2026-06-10T15:00:00Z"; r.history = [...today(6), ...today(3, { outcome: "conversation", party: { role: "consumer", id: "c1", address: OTHER_MOBILE } })]; }, { decision: "defer", rules: ["CN-TIME", "CN-FREQ-NUMBER", "CN-FREQ-DAILY"], notBefore: "2026-06-11T00:00:00.000Z" }],
    ["an emergency contact when the debtor is unreachable, for location only", (r) => { r.history = unreachable(); r.proposed = { ...r.proposed, party: emergency, purpose: "location", content: LOCATE }; }, { decision: "allow" }],
    ["not while the debtor is reachable", (r) => { r.proposed = { ...r.proposed, party: emergency, purpose: "location", content: LOCATE }; }, { decision: "block", rules: ["CN-3P-CONTACTS"] }],
    ["not after a conversation with the debtor yesterday", (r) => { r.history = [...unreachable(), entry("2026-06-09T03:00:00Z", cn({ outcome: "conversation" }))]; r.proposed = { ...r.proposed, party: emergency, purpose: "location", content: LOCATE }; }, { decision: "block", rules: ["CN-3P-CONTACTS"] }],
    ["failed calls older than 3 days do not make the debtor unreachable", (r) => { r.history = entries(["2026-06-01T02:00:00Z", "2026-06-02T02:00:00Z", "2026-06-03T02:00:00Z"], cn({ outcome: "no_answer" })); r.proposed = { ...r.proposed, party: emergency, purpose: "location", content: LOCATE }; }, { decision: "block", rules: ["CN-3P-CONTACTS"] }],
    ["never again after a refusal", (r) => { r.history = [...unreachable(), entry("2026-06-01T02:00:00Z", { party: emergency, outcome: "refused" })]; r.proposed = { ...r.proposed, party: emergency, purpose: "location", content: LOCATE }; }, { decision: "block", rules: ["CN-3P-CONTACTS"] }],
    ["never the debt", (r) => { r.history = unreachable(); r.proposed = { ...r.proposed, party: emergency, purpose: "location", content: { disclosesDebt: true, identifiesCollector: true } }; }, { decision: "block", rules: ["CN-3P-CONTACTS", "CN-PROHIB"] }],
    ["never collecting from them", (r) => { r.history = unreachable(); r.proposed = { ...r.proposed, party: emergency, content: LOCATE }; }, { decision: "block", rules: ["CN-3P-CONTACTS", "CN-PIPL"] }],
    ["a contact whose number is also the debtor's is still a third party", (r) => { r.history = unreachable(); r.proposed = { ...r.proposed, channel: "sms", party: { ...emergency, address: MOBILE }, purpose: "location", content: { disclosesDebt: true, identifiesCollector: true } }; }, { decision: "block", rules: ["CN-3P-CONTACTS", "CN-PROHIB"] }],
    ["a third party with no content given fails closed", (r) => { r.history = unreachable(); r.proposed = { ...r.proposed, party: emergency, purpose: "location" }; }, { decision: "block", rules: ["CN-3P-CONTACTS"] }],
    ["an SMS that does not identify the collector", (r) => { r.proposed = { ...r.proposed, channel: "sms", content: { disclosesDebt: true, identifiesCollector: false } }; }, { decision: "block", rules: ["CN-ID"] }],
    ["an SMS whose content is unknown", (r) => { r.proposed.channel = "sms"; }, { decision: "block", rules: ["CN-ID"] }],
    ["an SMS that identifies the collector", (r) => { r.proposed = { ...r.proposed, channel: "sms", content: { disclosesDebt: true, identifiesCollector: true } }; }, { decision: "allow" }],
    ["a postcard", (r) => { r.proposed = { ...r.proposed, channel: "letter", content: { disclosesDebt: true, identifiesCollector: true, postcard: true } }; }, { decision: "block", rules: ["CN-PROHIB"] }],
    ["cease is no US hold under CN-CBA: a letter still goes", (r) => { r.consumer.flags = { cease: true }; r.proposed = { ...r.proposed, channel: "letter", content: LETTER }; }, { decision: "allow" }],
    // CN-CBA has no medium rule: Casebook's own CASEBOOK-OPTOUT honours a 退订 (issue 4, in the engine since issue 13).
    ["退订: the debtor opted out of SMS", (r) => { r.consumer.optOuts = [{ channel: "sms" }]; r.proposed = { ...r.proposed, channel: "sms", content: { disclosesDebt: true, identifiesCollector: true } }; }, { decision: "block", rules: ["CASEBOOK-OPTOUT"] }],
    ["an SMS opt-out does not stop a call", (r) => { r.consumer.optOuts = [{ channel: "sms" }]; }, { decision: "allow" }],
    ["the opt-out confirmation itself goes", (r) => { r.consumer.optOuts = [{ channel: "sms" }]; r.proposed = { ...r.proposed, channel: "sms", purpose: "opt_out_confirmation", content: { disclosesDebt: false, identifiesCollector: true } }; }, { decision: "allow" }],
  ]);
});

const LETTER = { disclosesDebt: true, identifiesCollector: true };
const daysAgo = (days: number, hours = 0) => new Date(Date.parse("2026-06-10T04:00:00Z") - days * 86_400_000 - hours * 3_600_000).toISOString();
const askEmergency = (r: CheckRequest) => { r.proposed = { ...r.proposed, party: { ...emergency }, purpose: "location", content: LOCATE }; };

describe("CN-CBA: the debtor's rights (CN-DISPUTE, CN-WRITTEN, CN-3P-ONCE, CN-WORK)", () => {
  on(cnRequest)([
    // CN-DISPUTE: an objection pauses collection of that debt until it is answered.
    ["an objection to the debt stops collection calls", (r) => { r.consumer.disputedDebtIds = ["d1"]; }, { decision: "block", rules: ["CN-DISPUTE"] }],
    ["and collection messages", (r) => { r.consumer.disputedDebtIds = ["d1"]; r.proposed = { ...r.proposed, channel: "sms", content: LETTER }; }, { decision: "block", rules: ["CN-DISPUTE"] }],
    ["and litigation about it", (r) => { r.consumer.disputedDebtIds = ["d1"]; r.proposed = { ...r.proposed, channel: "letter", purpose: "litigation", content: LETTER }; }, { decision: "block", rules: ["CN-DISPUTE"] }],
    ["the answer to the objection may go", (r) => { r.consumer.disputedDebtIds = ["d1"]; r.proposed = { ...r.proposed, channel: "letter", purpose: "dispute_response", content: LETTER }; }, { decision: "allow" }],
    ["the validation may go", (r) => { r.consumer.disputedDebtIds = ["d1"]; r.proposed = { ...r.proposed, channel: "letter", purpose: "validation", content: LETTER }; }, { decision: "allow" }],
    ["another debt's objection does not stop this one", (r) => { r.consumer.disputedDebtIds = ["d2"]; }, { decision: "allow" }],
    ["a contact about two debts, one objected to", (r) => { r.consumer.disputedDebtIds = ["d2"]; r.debtIds = ["d1", "d2"]; }, { decision: "block", rules: ["CN-DISPUTE"] }],
    // CN-WRITTEN: written notice on demand; collection calls refused.
    ["written only: no call", (r) => { r.consumer.flags = { writtenOnly: true }; }, { decision: "block", rules: ["CN-WRITTEN"] }],
    ["written only: no SMS", (r) => { r.consumer.flags = { writtenOnly: true }; r.proposed = { ...r.proposed, channel: "sms", content: LETTER }; }, { decision: "block", rules: ["CN-WRITTEN"] }],
    ["written only: no voicemail", (r) => { r.consumer.flags = { writtenOnly: true }; r.proposed = { ...r.proposed, channel: "voicemail", content: { disclosesDebt: false, limitedContent: true } }; }, { decision: "block", rules: ["CN-WRITTEN"] }],
    ["written only: no visit, even by day", (r) => { r.consumer.flags = { writtenOnly: true }; r.proposed.channel = "visit"; }, { decision: "block", rules: ["CN-WRITTEN"] }],
    ["written only: a letter goes", (r) => { r.consumer.flags = { writtenOnly: true }; r.proposed = { ...r.proposed, channel: "letter", content: LETTER }; }, { decision: "allow" }],
    ["written only: an email goes", (r) => { r.consumer.flags = { writtenOnly: true }; r.proposed = { ...r.proposed, channel: "email", party: { role: "consumer", id: "c1", address: "c1@example.cn" }, content: LETTER }; }, { decision: "allow" }],
    ["a refusal of collection contact (cease) refuses calls too", (r) => { r.consumer.flags = { cease: true }; }, { decision: "block", rules: ["CN-WRITTEN"] }],
    ["written only does not silence the emergency-contact location call", (r) => { r.consumer.flags = { writtenOnly: true }; r.history = unreachable(); askEmergency(r); }, { decision: "allow" }],
    // CN-3P-ONCE: a third party is asked at most once per 30 days.
    ["an emergency contact spoken to 10 days ago is not asked again", (r) => { r.history = [...unreachable(), entry(daysAgo(10), { party: emergency, outcome: "conversation" })]; askEmergency(r); }, { decision: "block", rules: ["CN-3P-ONCE"] }],
    ["a message delivered to them 29 days 23 hours ago counts", (r) => { r.history = [...unreachable(), entry(daysAgo(29, 23), { channel: "sms", party: emergency, outcome: "delivered" })]; askEmergency(r); }, { decision: "block", rules: ["CN-3P-ONCE"] }],
    ["30 × 24 hours later they may be asked again", (r) => { r.history = [...unreachable(), entry(daysAgo(30), { party: emergency, outcome: "conversation" })]; askEmergency(r); }, { decision: "allow" }],
    ["an unanswered call did not ask them", (r) => { r.history = [...unreachable(), entry(daysAgo(2), { party: emergency, outcome: "no_answer" })]; askEmergency(r); }, { decision: "allow" }],
    ["a failed message did not ask them", (r) => { r.history = [...unreachable(), entry(daysAgo(2), { channel: "sms", party: emergency, outcome: "failed" })]; askEmergency(r); }, { decision: "allow" }],
    ["their own call to us did not ask them", (r) => { r.history = [...unreachable(), entry(daysAgo(2), { direction: "inbound", party: emergency, outcome: "conversation" })]; askEmergency(r); }, { decision: "allow" }],
    ["another emergency contact asked yesterday does not hold this one", (r) => { r.history = [...unreachable(), entry(daysAgo(1), { party: { ...emergency, id: "e2" }, outcome: "conversation" })]; askEmergency(r); }, { decision: "allow" }],
    ["unless they asked to be contacted again", (r) => { r.history = [...unreachable(), entry(daysAgo(10), { party: emergency, outcome: "conversation" })]; askEmergency(r); r.proposed.party.requestedFollowUp = true; }, { decision: "allow" }],
    ["it blocks even when the debtor is reachable, beside CN-3P-CONTACTS", (r) => { r.history = [entry(daysAgo(10), { party: emergency, outcome: "conversation" })]; askEmergency(r); }, { decision: "block", rules: ["CN-3P-CONTACTS", "CN-3P-ONCE"] }],
    ["the debtor is not a third party", (r) => { r.history = [entry(daysAgo(1), cn({ outcome: "conversation" }))]; }, { decision: "allow" }],
    // CN-WORK: not at the workplace once asked.
    ["a work phone after a no-workplace request", (r) => { r.consumer.flags = { noWorkplaceContact: true }; r.proposed.party.workplace = true; }, { decision: "block", rules: ["CN-WORK"] }],
    ["a letter to the workplace too", (r) => { r.consumer.flags = { noWorkplaceContact: true }; r.proposed = { ...r.proposed, channel: "letter", party: { ...r.proposed.party, workplace: true }, content: LETTER }; }, { decision: "block", rules: ["CN-WORK"] }],
    ["the personal phone after a no-workplace request", (r) => { r.consumer.flags = { noWorkplaceContact: true }; r.proposed.party.workplace = false; }, { decision: "allow" }],
    ["a work phone with no request", (r) => { r.proposed.party.workplace = true; }, { decision: "allow" }],
  ]);

  it("CN-3P-ONCE names the day the period lapses, in China time", () => {
    const r = cnRequest();
    r.history = [...unreachable(), entry("2026-05-31T04:00:00Z", { party: emergency, outcome: "conversation" })];
    askEmergency(r);
    const result = evaluate(r).results.find((x) => x.rule === "CN-3P-ONCE");
    expect(result?.reason).toBe("This third party was asked to pass on a message on 2026-05-31 12:00 (China time); they may not be asked again before 2026-06-30 12:00.");
    expect(ruleMessage("CN-3P-ONCE", "zh-CN", { asked: "2026-05-31 12:00", until: "2026-06-30 12:00", days: 30 })).toContain("2026-06-30 12:00");
  });
});

describe("CN-CBA with a policy asking third parties at most once in 45 days", () => {
  on(cnRequest, { policy: { rules: { "CN-3P-ONCE": { days: 45 } } } })([
    ["40 days ago holds", (r) => { r.history = [...unreachable(), entry(daysAgo(40), { party: emergency, outcome: "conversation" })]; askEmergency(r); }, { decision: "block", rules: ["CN-3P-ONCE"] }],
    ["46 days ago does not", (r) => { r.history = [...unreachable(), entry(daysAgo(46), { party: emergency, outcome: "conversation" })]; askEmergency(r); }, { decision: "allow" }],
  ]);
});

describe("CN-CBA with a policy counting every attempt (CN-FREQ-DAILY basis)", () => {
  on(cnRequest, { policy: { rules: { "CN-FREQ-DAILY": { basis: "attempt" } } } })([
    ["3 unanswered calls today defer", (r) => { r.history = today(3); }, { decision: "defer", rules: ["CN-FREQ-DAILY"] }],
    ["2 allow", (r) => { r.history = today(2); }, { decision: "allow" }],
  ]);
});

describe("UK-CONC", () => {
  on(ukRequest)([
    ["a call at noon BST", () => {}, { decision: "allow", rules: [], zones: ["Europe/London"] }],
    ["07:59 BST defers to 08:00 BST", (r) => { r.now = "2026-06-10T06:59:00Z"; }, { decision: "defer", rules: ["UK-CONC-TIME"], notBefore: "2026-06-10T07:00:00.000Z" }],
    ["07:59 GMT in winter defers to 08:00 GMT", (r) => { r.now = "2026-01-15T07:59:00Z"; }, { decision: "defer", notBefore: "2026-01-15T08:00:00.000Z" }],
    ["the UK clocks change on 2026-03-29: 08:30 BST allows", (r) => { r.now = "2026-03-29T07:30:00Z"; }, { decision: "allow" }],
    ["21:00 BST defers to 08:00 the next day", (r) => { r.now = "2026-06-10T20:00:00Z"; }, { decision: "defer", notBefore: "2026-06-11T07:00:00.000Z" }],
    ["the customer asked us to avoid 12:00–14:00", (r) => { r.consumer.inconvenientWindows = [{ from: "12:00", to: "14:00" }]; }, { decision: "defer", rules: ["UK-CONC-TIME"], notBefore: "2026-06-10T13:00:00.000Z" }],
    // UK-CONC-TIME judges the way of contact unreasonable; Casebook's own CASEBOOK-OPTOUT names the STOP.
    ["the customer asked not to be called", (r) => { r.consumer.optOuts = [{ channel: "call" }]; }, { decision: "block", rules: ["UK-CONC-TIME", "CASEBOOK-OPTOUT"] }],
    ["a third party told about the debt", (r) => { r.proposed = { ...r.proposed, party: { role: "third_party", id: "t1", address: "+447700900999" }, content: { disclosesDebt: true } }; }, { decision: "block", rules: ["UK-CONC-3P"] }],
    ["a spouse is not the verified customer", (r) => { r.proposed = { ...r.proposed, party: { role: "spouse", id: "s1" }, content: { disclosesDebt: true } }; }, { decision: "block", rules: ["UK-CONC-3P"] }],
    ["a third party with nothing about the debt", (r) => { r.proposed = { ...r.proposed, party: { role: "third_party", id: "t1" }, content: { disclosesDebt: false } }; }, { decision: "allow" }],
    ["a third party with no content given fails closed", (r) => { r.proposed.party = { role: "third_party", id: "t1" }; }, { decision: "block", rules: ["UK-CONC-3P"] }],
    ["possible lack of capacity suspends recovery", (r) => { r.consumer.flags = { lacksCapacity: true }; }, { decision: "block", rules: ["UK-CONC-CAPACITY"] }],
    ["written only: no call", (r) => { r.consumer.flags = { writtenOnly: true }; }, { decision: "block", rules: ["UK-CONC-HOW"] }],
    ["written only: no text", (r) => { r.consumer.flags = { writtenOnly: true }; r.proposed.channel = "sms"; }, { decision: "block", rules: ["UK-CONC-HOW"] }],
    ["written only: no voicemail", (r) => { r.consumer.flags = { writtenOnly: true }; r.proposed.channel = "voicemail"; }, { decision: "block", rules: ["UK-CONC-HOW"] }],
    ["written only: no visit", (r) => { r.consumer.flags = { writtenOnly: true }; r.proposed.channel = "visit"; }, { decision: "block", rules: ["UK-CONC-HOW"] }],
    ["written only: a letter goes", (r) => { r.consumer.flags = { writtenOnly: true }; r.proposed.channel = "letter"; }, { decision: "allow" }],
    ["written only: an email goes", (r) => { r.consumer.flags = { writtenOnly: true }; r.proposed = { ...r.proposed, channel: "email", party: { role: "consumer", id: "c1", address: "c1@example.co.uk" } }; }, { decision: "allow" }],
    ["capacity and night: block wins", (r) => { r.consumer.flags = { lacksCapacity: true }; r.now = "2026-06-10T22:00:00Z"; }, { decision: "block", rules: ["UK-CONC-TIME", "UK-CONC-CAPACITY"], notBefore: null }],
  ]);
});

describe("CN-CBA zones", () => {
  on(cnRequest)([
    ["a Chinese debtor known only by a US number: Shanghai and Los Angeles both judged", (r) => { r.consumer.locations = [{ type: "phone", number: "+14155550100" }]; r.now = "2026-06-10T05:30:00Z"; }, { decision: "defer", rules: ["CN-TIME"], notBefore: "2026-06-11T00:00:00.000Z", zones: ["Asia/Shanghai", "America/Los_Angeles"] }],
  ]);
});
