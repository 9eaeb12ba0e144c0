import { describe, expect, it } from "vitest";
import { check, daily, entries, entry, NUMBER, run, type Case } from "./helpers";

const OTHER = "+12125550177";
const SMS = { disclosesDebt: true, hasOptOut: true, identifiesCollector: true };
const LETTER = { disclosesDebt: true, identifiesCollector: true };
const LCM = { disclosesDebt: false, limitedContent: true };
const LOCATE = { disclosesDebt: false };
const NEXT_MORNING = "2026-06-11T12:00:00.000Z"; // 08:00 EDT

const table = (cases: Case[]) => it.each(cases)("%s", (_name, mutate, expected) => check(run(mutate), expected));

describe("US-REGF-FREQ-7IN7 (person × debt, local calendar days)", () => {
  table([
    ["7 calls in the last 7 local days defers the 8th to the next morning", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z"); }, { decision: "defer", rules: ["US-REGF-FREQ-7IN7"], notBefore: NEXT_MORNING }],
    ["6 calls allow a 7th", (r) => { r.history = daily("2026-06-05", 6, "14:00:00Z"); }, { decision: "allow", rules: [] }],
    ["never-connected calls are not counted", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z", { outcome: "not_connected" }); }, { decision: "allow" }],
    ["6 counted + 1 never-connected allow", (r) => { r.history = [...daily("2026-06-05", 6, "14:00:00Z"), entry("2026-06-04T14:00:00Z", { outcome: "not_connected" })]; }, { decision: "allow" }],
    ["voicemails are counted", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z", { channel: "voicemail", outcome: "voicemail" }); }, { decision: "defer", rules: ["US-REGF-FREQ-7IN7"], notBefore: NEXT_MORNING }],
    ["calls that reached voicemail are counted", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z", { outcome: "voicemail" }); }, { decision: "defer", rules: ["US-REGF-FREQ-7IN7"] }],
    ["SMS are not counted", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z", { channel: "sms", outcome: "delivered" }); }, { decision: "allow" }],
    ["emails are not counted", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z", { channel: "email", outcome: "delivered" }); }, { decision: "allow" }],
    ["inbound calls are not counted", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z", { direction: "inbound" }); }, { decision: "allow" }],
    ["calls about another debt are not counted", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z", { debtIds: ["d2"] }); }, { decision: "allow" }],
    ["a call about two debts counts for each", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z", { debtIds: ["d1", "d2"] }); r.debtIds = ["d2"]; }, { decision: "defer", rules: ["US-REGF-FREQ-7IN7"] }],
    ["a proposal about two debts defers when either is full", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z", { debtIds: ["d2"] }); r.debtIds = ["d1", "d2"]; }, { decision: "defer", rules: ["US-REGF-FREQ-7IN7"] }],
    ["calls to the same person on seven different numbers count together", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z").map((e, i) => ({ ...e, party: { ...e.party, address: `+1212555010${i}` } })); }, { decision: "defer", rules: ["US-REGF-FREQ-7IN7"] }],
    ["calls to the spouse do not count for the consumer", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z", { party: { role: "spouse", id: "s1", address: OTHER } }); }, { decision: "allow" }],
    ["calls to the spouse count for the spouse", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z", { party: { role: "spouse", id: "s1", address: OTHER } }); r.proposed.party = { role: "spouse", id: "s1", address: OTHER }; }, { decision: "defer", rules: ["US-REGF-FREQ-7IN7"] }],
    ["calls to an emergency contact do not count", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z", { party: { role: "emergency_contact", id: "e1", address: OTHER } }); }, { decision: "allow" }],
    ["7-in-7 does not limit texts", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z"); r.proposed.channel = "sms"; r.proposed.content = SMS; }, { decision: "allow" }],
    ["7-in-7 limits a proposed voicemail", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z"); r.proposed.channel = "voicemail"; r.proposed.content = LCM; }, { decision: "defer", rules: ["US-REGF-FREQ-7IN7"] }],
    ["a call at 23:30 local the day before the window is outside it (not UTC days, not 24-hour days)", (r) => { r.history = [entry("2026-06-04T03:30:00Z"), ...daily("2026-06-05", 6, "14:00:00Z")]; }, { decision: "allow" }],
    ["a call at 00:30 local on the first window day is inside it", (r) => { r.history = [entry("2026-06-04T04:30:00Z"), ...daily("2026-06-05", 6, "14:00:00Z")]; }, { decision: "defer", rules: ["US-REGF-FREQ-7IN7"], notBefore: NEXT_MORNING }],
    ["the release is the local midnight then 08:00, not 7×24 h after the oldest call", (r) => { r.history = daily("2026-06-04", 7, "19:13:00Z"); r.now = "2026-06-10T20:00:00Z"; }, { decision: "defer", notBefore: NEXT_MORNING }],
    ["days are the consumer's: Los Angeles 22:00 the day before is outside", (r) => { r.consumer.timeZones = ["America/Los_Angeles"]; r.now = "2026-06-10T18:00:00Z"; r.history = [entry("2026-06-04T05:00:00Z"), ...daily("2026-06-05", 6, "16:00:00Z")]; }, { decision: "allow" }],
    ["with New York and Los Angeles both possible a call counts if inside either day window", (r) => { r.consumer.timeZones = ["America/New_York", "America/Los_Angeles"]; r.now = "2026-06-10T18:00:00Z"; r.history = [entry("2026-06-04T05:00:00Z"), ...daily("2026-06-05", 6, "16:00:00Z")]; }, { decision: "defer", rules: ["US-REGF-FREQ-7IN7"], notBefore: "2026-06-11T15:00:00.000Z" }],
    ["8 calls in the window: release when the 7th most recent leaves", (r) => { r.history = [...daily("2026-06-04", 7, "14:00:00Z"), entry("2026-06-10T15:00:00Z")]; }, { decision: "defer", notBefore: "2026-06-12T12:00:00.000Z" }],
    ["two calls on one day count twice", (r) => { r.history = [...daily("2026-06-06", 5, "14:00:00Z"), entry("2026-06-10T12:30:00Z"), entry("2026-06-10T13:00:00Z")]; }, { decision: "defer", notBefore: "2026-06-13T12:00:00.000Z" }],
  ]);
});

describe("US-REGF-FREQ-CONV7 (conversation day is day 1, next call on day 8)", () => {
  const talk = { outcome: "conversation" as const };
  table([
    ["a conversation on day 1 defers a call on day 7 to day 8, 08:00", (r) => { r.history = [entry("2026-06-04T14:00:00Z", talk)]; }, { decision: "defer", rules: ["US-REGF-FREQ-CONV7"], notBefore: NEXT_MORNING }],
    ["day 8 is allowed", (r) => { r.history = [entry("2026-06-03T14:00:00Z", talk)]; }, { decision: "allow" }],
    ["an inbound conversation counts too", (r) => { r.history = [entry("2026-06-09T14:00:00Z", { ...talk, direction: "inbound" })]; }, { decision: "defer", rules: ["US-REGF-FREQ-CONV7"], notBefore: "2026-06-16T12:00:00.000Z" }],
    ["a conversation about another debt does not", (r) => { r.history = [entry("2026-06-09T14:00:00Z", { ...talk, debtIds: ["d2"] })]; }, { decision: "allow" }],
    ["a conversation with the spouse does not bar calls to the consumer", (r) => { r.history = [entry("2026-06-09T14:00:00Z", { ...talk, party: { role: "spouse", id: "s1" } })]; }, { decision: "allow" }],
    ["local day: 23:30 local is the day before, so today is day 8", (r) => { r.history = [entry("2026-06-04T03:30:00Z", talk)]; }, { decision: "allow" }],
    ["it does not limit texts", (r) => { r.history = [entry("2026-06-09T14:00:00Z", talk)]; r.proposed.channel = "sms"; r.proposed.content = SMS; }, { decision: "allow" }],
    ["an email exchange is not a telephone conversation", (r) => { r.history = [entry("2026-06-09T14:00:00Z", { ...talk, channel: "email" })]; }, { decision: "allow" }],
    ["combined with an inconvenient window: day 8 08:00 is pushed to 10:00", (r) => { r.history = [entry("2026-06-04T14:00:00Z", talk)]; r.consumer.inconvenientWindows = [{ from: "07:00", to: "10:00" }]; }, { decision: "defer", rules: ["US-REGF-FREQ-CONV7"], notBefore: "2026-06-11T14:00:00.000Z" }],
  ]);
});

describe("US-REGF-PATTERN (5 minutes after an unanswered call to the number)", () => {
  table([
    ["3 minutes after a no-answer", (r) => { r.history = [entry("2026-06-10T15:57:00Z")]; }, { decision: "defer", rules: ["US-REGF-PATTERN"], notBefore: "2026-06-10T16:02:00.000Z" }],
    ["exactly 5 minutes after", (r) => { r.history = [entry("2026-06-10T15:55:00Z")]; }, { decision: "allow" }],
    ["after a never-connected call", (r) => { r.history = [entry("2026-06-10T15:59:00Z", { outcome: "not_connected" })]; }, { decision: "defer", notBefore: "2026-06-10T16:04:00.000Z" }],
    ["after a voicemail, rounded up to the whole minute", (r) => { r.history = [entry("2026-06-10T15:58:30Z", { outcome: "voicemail" })]; }, { decision: "defer", notBefore: "2026-06-10T16:04:00.000Z" }],
    ["a different number is not held", (r) => { r.history = [entry("2026-06-10T15:59:00Z", { party: { role: "consumer", id: "c1", address: OTHER } })]; }, { decision: "allow" }],
    ["a wrong-party answer is not unanswered", (r) => { r.history = [entry("2026-06-10T15:59:00Z", { outcome: "wrong_party" })]; }, { decision: "allow" }],
    ["the same number written differently is the same number", (r) => { r.history = [entry("2026-06-10T15:59:00Z", { party: { role: "consumer", id: "c1", address: "+1 (212) 555-0100" } })]; }, { decision: "defer", rules: ["US-REGF-PATTERN"] }],
    ["a call with no number fails closed", (r) => { delete r.proposed.party.address; }, { decision: "block", rules: ["US-REGF-PATTERN"] }],
    ["a gap that ends after 21:00 moves to the next morning", (r) => { r.now = "2026-06-11T00:58:00Z"; r.history = [entry("2026-06-11T00:57:00Z")]; }, { decision: "defer", rules: ["US-REGF-PATTERN"], notBefore: NEXT_MORNING }],
  ]);
});

describe("US-REGF-WORK, US-REGF-PLACE", () => {
  table([
    ["work phone when workplace contact is barred", (r) => { r.consumer.flags = { noWorkplaceContact: true }; r.proposed.party.workplace = true; }, { decision: "block", rules: ["US-REGF-WORK"] }],
    ["personal phone when workplace contact is barred", (r) => { r.consumer.flags = { noWorkplaceContact: true }; r.proposed.party.workplace = false; }, { decision: "allow" }],
    ["unknown address, known personal", (r) => { r.consumer.flags = { noWorkplaceContact: true }; }, { decision: "allow" }],
    ["unknown whether it is a workplace fails closed", (r) => { r.consumer.flags = { noWorkplaceContact: true }; delete r.proposed.party.addressType; }, { decision: "block", rules: ["US-REGF-WORK"] }],
    ["work email when barred", (r) => { r.consumer.flags = { noWorkplaceContact: true }; r.proposed = { ...r.proposed, channel: "email", content: SMS, party: { role: "consumer", id: "c1", address: "c1@employer.example", workplace: true } }; }, { decision: "block", rules: ["US-REGF-WORK"] }],
    ["work phone with no bar", (r) => { r.proposed.party.workplace = true; }, { decision: "allow" }],
    ["inside a named inconvenient window", (r) => { r.consumer.inconvenientWindows = [{ from: "11:00", to: "13:00" }]; }, { decision: "defer", rules: ["US-REGF-PLACE"], notBefore: "2026-06-10T17:00:00.000Z" }],
    ["outside it", (r) => { r.consumer.inconvenientWindows = [{ from: "13:00", to: "14:00" }]; }, { decision: "allow" }],
    ["a window across midnight", (r) => { r.now = "2026-06-10T12:30:00Z"; r.consumer.inconvenientWindows = [{ from: "20:00", to: "09:00" }]; }, { decision: "defer", rules: ["US-REGF-PLACE"], notBefore: "2026-06-10T13:00:00.000Z" }],
    ["every hour named inconvenient blocks", (r) => { r.consumer.inconvenientWindows = [{ from: "00:00", to: "00:00" }]; }, { decision: "block", rules: ["US-REGF-PLACE"] }],
    ["two windows chain: 12–13 then 13–15", (r) => { r.consumer.inconvenientWindows = [{ from: "12:00", to: "13:00" }, { from: "13:00", to: "15:00" }]; }, { decision: "defer", notBefore: "2026-06-10T19:00:00.000Z" }],
  ]);
});

describe("US-REGF-PLACE: one reply through the same medium to a consumer who wrote in during the window (comment 6(b)(1)-2)", () => {
  // The consumer named 11:00–13:00 inconvenient; it is 12:00 in New York.
  const named = (r: Parameters<Case[1]>[0]) => { r.consumer.inconvenientWindows = [{ from: "11:00", to: "13:00" }]; };
  const inboundSms = (at: string) => entry(at, { channel: "sms", direction: "inbound", outcome: "delivered" });
  const replySms = (r: Parameters<Case[1]>[0]) => { r.proposed = { ...r.proposed, channel: "sms", content: SMS }; };
  const LATER = "2026-06-10T17:00:00.000Z"; // 13:00 EDT
  table([
    ["they texted at 11:30: one text back now", (r) => { named(r); r.history = [inboundSms("2026-06-10T15:30:00Z")]; replySms(r); }, { decision: "allow", rules: [] }],
    ["a second text is not the one reply", (r) => { named(r); r.history = [inboundSms("2026-06-10T15:30:00Z"), entry("2026-06-10T15:40:00Z", { channel: "sms", outcome: "delivered" })]; replySms(r); }, { decision: "defer", rules: ["US-REGF-PLACE"], notBefore: LATER }],
    ["a reply in another medium is not allowed", (r) => { named(r); r.history = [inboundSms("2026-06-10T15:30:00Z")]; }, { decision: "defer", rules: ["US-REGF-PLACE"], notBefore: LATER }],
    ["they called and talked at 11:30: PLACE allows the call back, CONV7 still holds it", (r) => { named(r); r.history = [entry("2026-06-10T15:30:00Z", { direction: "inbound", outcome: "conversation" })]; }, { decision: "defer", rules: ["US-REGF-FREQ-CONV7"] }],
    ["they left a call unanswered at 11:30 (no conversation): one call back now", (r) => { named(r); r.history = [entry("2026-06-10T15:30:00Z", { direction: "inbound", outcome: "no_answer" })]; }, { decision: "allow" }],
    ["our call in between does not use up the text reply", (r) => { named(r); r.history = [inboundSms("2026-06-10T15:30:00Z"), entry("2026-06-10T15:35:00Z", { outcome: "no_answer" })]; replySms(r); }, { decision: "allow" }],
    ["they texted before the window began (10:30): no reply inside it", (r) => { named(r); r.history = [inboundSms("2026-06-10T14:30:00Z")]; replySms(r); }, { decision: "defer", rules: ["US-REGF-PLACE"], notBefore: LATER }],
    ["they texted in yesterday's window: not today's", (r) => { named(r); r.history = [inboundSms("2026-06-09T15:30:00Z")]; replySms(r); }, { decision: "defer", rules: ["US-REGF-PLACE"], notBefore: LATER }],
    ["the latest text decides: 11:30 yesterday, then 10:30 today", (r) => { named(r); r.history = [inboundSms("2026-06-09T15:30:00Z"), inboundSms("2026-06-10T14:30:00Z")]; replySms(r); }, { decision: "defer", rules: ["US-REGF-PLACE"] }],
    ["a third party's text opens no window", (r) => { named(r); r.history = [entry("2026-06-10T15:30:00Z", { channel: "sms", direction: "inbound", outcome: "delivered", party: { role: "third_party", id: "t1", address: OTHER } })]; replySms(r); }, { decision: "defer", rules: ["US-REGF-PLACE"] }],
    ["a window across midnight: a text at 07:00 gets its reply at 08:30", (r) => { r.consumer.inconvenientWindows = [{ from: "20:00", to: "09:00" }]; r.now = "2026-06-10T12:30:00Z"; r.history = [inboundSms("2026-06-10T11:00:00Z")]; replySms(r); }, { decision: "allow" }],
    ["across midnight: a text at 22:00 the evening before is another local day", (r) => { r.consumer.inconvenientWindows = [{ from: "20:00", to: "09:00" }]; r.now = "2026-06-10T12:30:00Z"; r.history = [inboundSms("2026-06-10T02:00:00Z")]; replySms(r); }, { decision: "defer", rules: ["US-REGF-PLACE"], notBefore: "2026-06-10T13:00:00.000Z" }],
    ["every hour inconvenient: the one reply to today's text goes", (r) => { r.consumer.inconvenientWindows = [{ from: "00:00", to: "00:00" }]; r.history = [inboundSms("2026-06-10T15:30:00Z")]; replySms(r); }, { decision: "allow" }],
    ["every hour inconvenient: a second one is blocked", (r) => { r.consumer.inconvenientWindows = [{ from: "00:00", to: "00:00" }]; r.history = [inboundSms("2026-06-10T15:30:00Z"), entry("2026-06-10T15:31:00Z", { channel: "sms", outcome: "delivered" })]; replySms(r); }, { decision: "block", rules: ["US-REGF-PLACE"] }],
    ["the reply still keeps the calling hours: a text at 21:30 is answered at 08:00", (r) => { r.consumer.inconvenientWindows = [{ from: "21:00", to: "23:00" }]; r.now = "2026-06-11T01:35:00Z"; r.history = [inboundSms("2026-06-11T01:30:00Z")]; replySms(r); }, { decision: "defer", rules: ["US-REGF-TIME"], notBefore: NEXT_MORNING }],
  ]);

  it("a second reply's reason says the one reply has gone", () => {
    const d = run((r) => { named(r); r.history = [inboundSms("2026-06-10T15:30:00Z"), entry("2026-06-10T15:40:00Z", { channel: "sms", outcome: "delivered" })]; replySms(r); });
    expect(d.results[0]!.reason).toBe("The consumer named 11:00–13:00 as inconvenient; the one reply to the message they sent in that window has already gone.");
  });
});

describe("holds: US-REGF-ATTY, US-REGF-CEASE, US-BK-STAY, US-DECEASED", () => {
  table([
    ["attorney: not the consumer", (r) => { r.consumer.flags = { attorney: true }; }, { decision: "block", rules: ["US-REGF-ATTY"] }],
    ["attorney: the attorney may be called", (r) => { r.consumer.flags = { attorney: true }; r.proposed.party = { role: "attorney", id: "a1", address: OTHER }; }, { decision: "allow" }],
    ["attorney: no location calls either", (r) => { r.consumer.flags = { attorney: true }; r.proposed = { ...r.proposed, purpose: "location", content: LOCATE, party: { role: "third_party", id: "t1", address: OTHER } }; }, { decision: "block", rules: ["US-REGF-ATTY"] }],
    ["cease: collection blocked", (r) => { r.consumer.flags = { cease: true }; }, { decision: "block", rules: ["US-REGF-CEASE"] }],
    ["cease: the confirmation is allowed", (r) => { r.consumer.flags = { cease: true }; r.proposed = { ...r.proposed, channel: "letter", purpose: "cease_confirmation", content: LETTER }; }, { decision: "allow" }],
    ["cease: a notice of a specific remedy is allowed", (r) => { r.consumer.flags = { cease: true }; r.proposed = { ...r.proposed, channel: "letter", purpose: "remedy_notice", content: LETTER }; }, { decision: "allow" }],
    ["cease: a validation notice is not", (r) => { r.consumer.flags = { cease: true }; r.proposed = { ...r.proposed, channel: "letter", purpose: "validation", content: LETTER }; }, { decision: "block", rules: ["US-REGF-CEASE"] }],
    ["bankruptcy: collection blocked", (r) => { r.consumer.flags = { bankruptcy: true }; }, { decision: "block", rules: ["US-BK-STAY"] }],
    ["bankruptcy: location blocked", (r) => { r.consumer.flags = { bankruptcy: true }; r.proposed = { ...r.proposed, purpose: "location", content: LOCATE, party: { role: "third_party", id: "t1", address: OTHER } }; }, { decision: "block", rules: ["US-BK-STAY"] }],
    ["bankruptcy: an opt-out confirmation may go", (r) => { r.consumer.flags = { bankruptcy: true }; r.proposed = { ...r.proposed, channel: "email", purpose: "opt_out_confirmation", content: SMS, party: { role: "consumer", id: "c1", address: "c1@example.com" } }; }, { decision: "allow" }],
    ["deceased: not the consumer", (r) => { r.consumer.flags = { deceased: true }; }, { decision: "block", rules: ["US-DECEASED"] }],
    ["deceased: not the spouse", (r) => { r.consumer.flags = { deceased: true }; r.proposed.party = { role: "spouse", id: "s1", address: OTHER }; }, { decision: "block", rules: ["US-DECEASED"] }],
    ["deceased: the executor", (r) => { r.consumer.flags = { deceased: true }; r.proposed.party = { role: "executor", id: "x1", address: OTHER }; }, { decision: "allow" }],
  ]);
});

describe("US-REGF-MEDIUM, US-REGF-EOPTOUT, US-TCPA-CONSENT", () => {
  table([
    ["SMS opted out entirely", (r) => { r.consumer.optOuts = [{ channel: "sms" }]; r.proposed = { ...r.proposed, channel: "sms", content: SMS }; }, { decision: "block", rules: ["US-REGF-MEDIUM"] }],
    ["calls to this number opted out", (r) => { r.consumer.optOuts = [{ channel: "call", address: NUMBER }]; }, { decision: "block", rules: ["US-REGF-MEDIUM"] }],
    ["another number is still open", (r) => { r.consumer.optOuts = [{ channel: "call", address: OTHER }]; }, { decision: "allow" }],
    ["a call opt-out covers voicemail", (r) => { r.consumer.optOuts = [{ channel: "call" }]; r.proposed = { ...r.proposed, channel: "voicemail", content: LCM }; }, { decision: "block", rules: ["US-REGF-MEDIUM"] }],
    ["an email opt-out does not stop calls", (r) => { r.consumer.optOuts = [{ channel: "email" }]; }, { decision: "allow" }],
    ["the opt-out confirmation alone may go", (r) => { r.consumer.optOuts = [{ channel: "sms" }]; r.proposed = { ...r.proposed, channel: "sms", purpose: "opt_out_confirmation", content: SMS }; }, { decision: "allow" }],
    ["an opt-out by address when the proposal has none fails closed", (r) => { r.consumer.optOuts = [{ channel: "email", address: "c1@example.com" }]; r.proposed = { ...r.proposed, channel: "email", content: SMS, party: { role: "consumer", id: "c1" } }; }, { decision: "block", rules: ["US-REGF-MEDIUM"] }],
    ["SMS without an opt-out instruction", (r) => { r.proposed = { ...r.proposed, channel: "sms", content: { ...SMS, hasOptOut: false } }; }, { decision: "block", rules: ["US-REGF-EOPTOUT"] }],
    ["email with an opt-out instruction", (r) => { r.proposed = { ...r.proposed, channel: "email", content: SMS, party: { role: "consumer", id: "c1", address: "c1@example.com" } }; }, { decision: "allow" }],
    ["SMS whose content is not given fails closed", (r) => { r.proposed.channel = "sms"; }, { decision: "block", rules: ["US-REGF-EOPTOUT", "US-REGF-MM"] }],
    ["letters need no electronic opt-out", (r) => { r.proposed = { ...r.proposed, channel: "letter", content: LETTER }; }, { decision: "allow" }],
    ["autodialled call without consent", (r) => { r.proposed.autodialed = true; }, { decision: "block", rules: ["US-TCPA-CONSENT"] }],
    ["autodialled call with consent for the number", (r) => { r.proposed.autodialed = true; r.consumer.consents = [{ channel: "call", address: NUMBER }]; }, { decision: "allow" }],
    ["consent to texts is not consent to calls", (r) => { r.proposed.autodialed = true; r.consumer.consents = [{ channel: "sms", address: NUMBER }]; }, { decision: "block", rules: ["US-TCPA-CONSENT"] }],
    ["autodialled text with consent", (r) => { r.proposed = { ...r.proposed, channel: "sms", content: SMS, autodialed: true }; r.consumer.consents = [{ channel: "sms", address: NUMBER }]; }, { decision: "allow" }],
    ["consent revoked by an opt-out", (r) => { r.proposed.autodialed = true; r.consumer.consents = [{ channel: "call", address: NUMBER }]; r.consumer.optOuts = [{ channel: "call", address: NUMBER }]; }, { decision: "block", rules: ["US-REGF-MEDIUM", "US-TCPA-CONSENT"] }],
    ["an agent's manual call needs no TCPA consent", (r) => { r.proposed.autodialed = false; }, { decision: "allow" }],
  ]);
});

describe("flags.writtenOnly (US-REGF-MEDIUM) and the bare opt-out confirmation (US-REGF-EOPTOUT, US-REGF-MM)", () => {
  const writtenOnly = (r: Parameters<Case[1]>[0]) => { r.consumer.flags = { writtenOnly: true }; };
  const BARE = { disclosesDebt: false };
  const email = { role: "consumer" as const, id: "c1", address: "c1@example.com" };
  table([
    ["written only: no call", writtenOnly, { decision: "block", rules: ["US-REGF-MEDIUM"] }],
    ["written only: no voicemail", (r) => { writtenOnly(r); r.proposed = { ...r.proposed, channel: "voicemail", content: LCM }; }, { decision: "block", rules: ["US-REGF-MEDIUM"] }],
    ["written only: no text", (r) => { writtenOnly(r); r.proposed = { ...r.proposed, channel: "sms", content: SMS }; }, { decision: "block", rules: ["US-REGF-MEDIUM"] }],
    ["written only: no visit", (r) => { writtenOnly(r); r.proposed.channel = "visit"; }, { decision: "block", rules: ["US-REGF-MEDIUM"] }],
    ["written only: no call to the spouse either (they count as the consumer)", (r) => { writtenOnly(r); r.proposed.party = { role: "spouse", id: "s1", address: OTHER }; }, { decision: "block", rules: ["US-REGF-MEDIUM"] }],
    ["written only: a letter goes", (r) => { writtenOnly(r); r.proposed = { ...r.proposed, channel: "letter", content: LETTER }; }, { decision: "allow" }],
    ["written only: an email goes", (r) => { writtenOnly(r); r.proposed = { ...r.proposed, channel: "email", party: email, content: SMS }; }, { decision: "allow" }],
    ["written only: the opt-out confirmation by text still goes", (r) => { writtenOnly(r); r.proposed = { ...r.proposed, channel: "sms", purpose: "opt_out_confirmation", content: BARE }; }, { decision: "allow" }],
    ["the bare confirmation after STOP carries no opt-out and no notice", (r) => { r.consumer.optOuts = [{ channel: "sms" }]; r.proposed = { ...r.proposed, channel: "sms", purpose: "opt_out_confirmation", content: BARE }; }, { decision: "allow", rules: [] }],
    ["the bare confirmation by email, likewise", (r) => { r.consumer.optOuts = [{ channel: "email" }]; r.proposed = { ...r.proposed, channel: "email", party: email, purpose: "opt_out_confirmation", content: BARE }; }, { decision: "allow", rules: [] }],
    ["a confirmation that names the debt is not bare", (r) => { r.consumer.optOuts = [{ channel: "sms" }]; r.proposed = { ...r.proposed, channel: "sms", purpose: "opt_out_confirmation", content: { disclosesDebt: true } }; }, { decision: "block", rules: ["US-REGF-EOPTOUT", "US-REGF-MM"] }],
    ["a confirmation whose content is not given fails closed", (r) => { r.proposed = { ...r.proposed, channel: "sms", purpose: "opt_out_confirmation" }; }, { decision: "block", rules: ["US-REGF-EOPTOUT", "US-REGF-MM"] }],
    ["a collection text still needs both", (r) => { r.proposed = { ...r.proposed, channel: "sms", content: BARE }; }, { decision: "block", rules: ["US-REGF-EOPTOUT", "US-REGF-MM"] }],
  ]);
});

describe("third parties: US-REGF-3P, US-REGF-LOC", () => {
  const contact = { role: "emergency_contact" as const, id: "e1", address: OTHER };
  table([
    ["collecting from an emergency contact", (r) => { r.proposed = { ...r.proposed, party: contact, content: LOCATE }; }, { decision: "block", rules: ["US-REGF-3P"] }],
    ["a location call to an emergency contact", (r) => { r.proposed = { ...r.proposed, party: contact, purpose: "location", content: LOCATE }; }, { decision: "allow" }],
    ["a location call that mentions the debt", (r) => { r.proposed = { ...r.proposed, party: { ...contact, role: "third_party" }, purpose: "location", content: { disclosesDebt: true } }; }, { decision: "block", rules: ["US-REGF-3P", "US-REGF-LOC"] }],
    ["a message naming the amount to an emergency contact whose number is also on the debtor's record", (r) => {
      r.consumer.timeZones = [];
      r.consumer.locations = [{ type: "phone", number: NUMBER }];
      r.proposed = { ...r.proposed, channel: "sms", party: { role: "emergency_contact", id: "e1", address: NUMBER }, content: { disclosesDebt: true, hasOptOut: true, identifiesCollector: true } };
    }, { decision: "block", rules: ["US-REGF-3P"] }],
    ["same, for a location request that mentions the creditor", (r) => { r.proposed = { ...r.proposed, party: { role: "third_party", id: "t1", address: NUMBER }, purpose: "location", content: { disclosesDebt: true } }; }, { decision: "block", rules: ["US-REGF-3P", "US-REGF-LOC"] }],
    ["an employer with no content given fails closed", (r) => { r.proposed = { ...r.proposed, party: { role: "employer", id: "w1", address: OTHER }, purpose: "location" }; }, { decision: "block", rules: ["US-REGF-3P", "US-REGF-LOC"] }],
    ["the creditor may be called", (r) => { r.proposed.party = { role: "creditor", id: "cr1", address: OTHER }; }, { decision: "allow" }],
    ["a consumer-role party who is not this consumer", (r) => { r.proposed.party = { role: "consumer", id: "c2", address: OTHER }; }, { decision: "block", rules: ["US-REGF-3P"] }],
    ["the spouse counts as the consumer", (r) => { r.proposed.party = { role: "spouse", id: "s1", address: OTHER }; }, { decision: "allow" }],
    ["a second location contact with the same third party", (r) => { r.history = [entry("2026-06-01T15:00:00Z", { party: contact, outcome: "conversation" })]; r.proposed = { ...r.proposed, party: contact, purpose: "location", content: LOCATE }; }, { decision: "block", rules: ["US-REGF-LOC"] }],
    ["unless they asked to be contacted again", (r) => { r.history = [entry("2026-06-01T15:00:00Z", { party: contact, outcome: "conversation" })]; r.proposed = { ...r.proposed, party: { ...contact, requestedFollowUp: true }, purpose: "location", content: LOCATE }; }, { decision: "allow" }],
    ["an unanswered earlier attempt was not a contact", (r) => { r.history = [entry("2026-06-01T15:00:00Z", { party: contact, outcome: "no_answer" })]; r.proposed = { ...r.proposed, party: contact, purpose: "location", content: LOCATE }; }, { decision: "allow" }],
    ["another third party's contact does not count", (r) => { r.history = [entry("2026-06-01T15:00:00Z", { party: { ...contact, id: "e2" }, outcome: "conversation" })]; r.proposed = { ...r.proposed, party: contact, purpose: "location", content: LOCATE }; }, { decision: "allow" }],
    ["no postcards", (r) => { r.proposed = { ...r.proposed, channel: "letter", party: { role: "third_party", id: "t1" }, purpose: "location", content: { disclosesDebt: false, postcard: true } }; }, { decision: "block", rules: ["US-REGF-LOC"] }],
  ]);
});

describe("content: US-REGF-LCM, US-REGF-MM", () => {
  table([
    ["a limited-content voicemail", (r) => { r.proposed = { ...r.proposed, channel: "voicemail", content: LCM }; }, { decision: "allow" }],
    ["a voicemail that discusses the debt", (r) => { r.proposed = { ...r.proposed, channel: "voicemail", content: { disclosesDebt: true, identifiesCollector: true } }; }, { decision: "block", rules: ["US-REGF-LCM"] }],
    ["a voicemail whose content is unknown", (r) => { r.proposed.channel = "voicemail"; }, { decision: "block", rules: ["US-REGF-LCM", "US-REGF-MM"] }],
    ["a first letter without the mini-Miranda", (r) => { r.proposed = { ...r.proposed, channel: "letter", content: { disclosesDebt: true, identifiesCollector: false } }; }, { decision: "block", rules: ["US-REGF-MM"] }],
    ["a later letter without 'from a debt collector'", (r) => { r.history = [entry("2026-05-01T15:00:00Z", { outcome: "conversation" })]; r.proposed = { ...r.proposed, channel: "letter", content: { disclosesDebt: true } }; }, { decision: "block", rules: ["US-REGF-MM"] }],
    ["a call script with the notice", (r) => { r.proposed.content = { disclosesDebt: true, identifiesCollector: true }; }, { decision: "allow" }],
    ["an email without the notice", (r) => { r.proposed = { ...r.proposed, channel: "email", content: { disclosesDebt: true, hasOptOut: true } }; }, { decision: "block", rules: ["US-REGF-MM"] }],
    ["a letter with no content given", (r) => { r.proposed.channel = "letter"; }, { decision: "block", rules: ["US-REGF-MM"] }],
  ]);
});

describe("US-REGF-DISPUTE, US-REGF-TIMEBAR, US-REGF-VALID", () => {
  table([
    ["a disputed debt is not collected", (r) => { r.consumer.disputedDebtIds = ["d1"]; }, { decision: "block", rules: ["US-REGF-DISPUTE"] }],
    ["verification may be sent", (r) => { r.consumer.disputedDebtIds = ["d1"]; r.proposed = { ...r.proposed, channel: "letter", purpose: "validation", content: LETTER }; }, { decision: "allow" }],
    ["a dispute response may be sent", (r) => { r.consumer.disputedDebtIds = ["d1"]; r.proposed = { ...r.proposed, channel: "letter", purpose: "dispute_response", content: LETTER }; }, { decision: "allow" }],
    ["another debt's dispute does not stop this one", (r) => { r.consumer.disputedDebtIds = ["d2"]; }, { decision: "allow" }],
    ["a contact about two debts, one disputed", (r) => { r.consumer.disputedDebtIds = ["d2"]; r.debtIds = ["d1", "d2"]; }, { decision: "block", rules: ["US-REGF-DISPUTE"] }],
    ["no lawsuit on a time-barred debt", (r) => { r.consumer.timeBarredDebtIds = ["d1"]; r.proposed = { ...r.proposed, channel: "letter", purpose: "litigation", content: LETTER }; }, { decision: "block", rules: ["US-REGF-TIMEBAR"] }],
    ["no threat of one either", (r) => { r.consumer.timeBarredDebtIds = ["d1"]; r.proposed = { ...r.proposed, channel: "letter", purpose: "remedy_notice", content: LETTER }; }, { decision: "block", rules: ["US-REGF-TIMEBAR"] }],
    ["a time-barred debt may still be asked about", (r) => { r.consumer.timeBarredDebtIds = ["d1"]; }, { decision: "allow" }],
    ["litigation on a debt in time", (r) => { r.consumer.timeBarredDebtIds = ["d2"]; r.proposed = { ...r.proposed, channel: "letter", purpose: "litigation", content: LETTER }; }, { decision: "allow" }],
    ["the validation notice is a task, never a gate", (r) => { r.history = []; }, { decision: "allow", rules: [] }],
  ]);
});

describe("block beats defer; every non-allow rule is listed", () => {
  table([
    ["night and cease: block, and the TIME defer is still reported", (r) => { r.now = "2026-06-10T03:00:00Z"; r.consumer.flags = { cease: true }; }, { decision: "block", rules: ["US-REGF-TIME", "US-REGF-CEASE"], notBefore: null }],
    ["7-in-7 and bankruptcy", (r) => { r.history = daily("2026-06-04", 7, "14:00:00Z"); r.consumer.flags = { bankruptcy: true }; }, { decision: "block", rules: ["US-REGF-FREQ-7IN7", "US-BK-STAY"], notBefore: null }],
    ["pattern and dispute", (r) => { r.history = [entry("2026-06-10T15:58:00Z")]; r.consumer.disputedDebtIds = ["d1"]; }, { decision: "block", rules: ["US-REGF-PATTERN", "US-REGF-DISPUTE"] }],
    ["night, 7-in-7 and conversation: one defer, each rule listed", (r) => { r.now = "2026-06-10T02:00:00Z"; r.history = [...daily("2026-06-03", 6, "14:00:00Z"), entry("2026-06-09T14:00:00Z", { outcome: "conversation" })]; }, { decision: "defer", rules: ["US-REGF-TIME", "US-REGF-FREQ-7IN7", "US-REGF-FREQ-CONV7"], notBefore: "2026-06-16T12:00:00.000Z" }],
    ["several blocks are all listed in evaluation order", (r) => { r.consumer.flags = { attorney: true, cease: true, bankruptcy: true, deceased: true }; }, { decision: "block", rules: ["US-REGF-ATTY", "US-REGF-CEASE", "US-BK-STAY", "US-DECEASED"] }],
  ]);
});

describe("rule set US-MA (overlay on US-FDCPA)", () => {
  const ma = (f: (r: Parameters<Case[1]>[0]) => void): Case[1] => (r) => { r.ruleSet = "US-MA"; f(r); };
  table([
    ["2 calls this week defer the 3rd", ma((r) => { r.history = entries(["2026-06-08T14:00:00Z", "2026-06-09T14:00:00Z"]); }), { decision: "defer", rules: ["US-MA-FREQ"], notBefore: "2026-06-15T12:00:00.000Z" }],
    ["1 call allows", ma((r) => { r.history = entries(["2026-06-08T14:00:00Z"]); }), { decision: "allow" }],
    ["texts count", ma((r) => { r.history = entries(["2026-06-08T14:00:00Z", "2026-06-09T14:00:00Z"], { channel: "sms", outcome: "delivered" }); }), { decision: "defer", rules: ["US-MA-FREQ"] }],
    ["unanswered and never-connected calls count", ma((r) => { r.history = entries(["2026-06-08T14:00:00Z", "2026-06-09T14:00:00Z"], { outcome: "not_connected" }); }), { decision: "defer", rules: ["US-MA-FREQ"] }],
    ["a proposed text is limited too", ma((r) => { r.history = entries(["2026-06-08T14:00:00Z", "2026-06-09T14:00:00Z"]); r.proposed = { ...r.proposed, channel: "sms", content: SMS }; }), { decision: "defer", rules: ["US-MA-FREQ"] }],
    ["other numbers: 2 in 30 days", ma((r) => { r.proposed.party.addressType = "other"; r.history = entries(["2026-05-21T14:00:00Z", "2026-05-22T14:00:00Z"]); }), { decision: "defer", rules: ["US-MA-FREQ"], notBefore: "2026-06-20T12:00:00.000Z" }],
    ["unknown number type is read as other (fail closed)", ma((r) => { delete r.proposed.party.addressType; r.history = entries(["2026-05-21T14:00:00Z", "2026-05-22T14:00:00Z"]); }), { decision: "defer", rules: ["US-MA-FREQ"] }],
    ["personal numbers: those two are out of the 7-day period", ma((r) => { r.history = entries(["2026-05-21T14:00:00Z", "2026-05-22T14:00:00Z"]); }), { decision: "allow" }],
    ["the same history under US-FDCPA alone", (r) => { r.history = entries(["2026-06-08T14:00:00Z", "2026-06-09T14:00:00Z"]); }, { decision: "allow" }],
    ["another debt's calls do not count", ma((r) => { r.history = entries(["2026-06-08T14:00:00Z", "2026-06-09T14:00:00Z"], { debtIds: ["d2"] }); }), { decision: "allow" }],
    ["the base rules still apply", ma((r) => { r.consumer.flags = { cease: true }; }), { decision: "block", rules: ["US-REGF-CEASE"] }],
    ["the base TIME and the overlay combine", ma((r) => { r.now = "2026-06-10T02:00:00Z"; r.history = entries(["2026-06-08T14:00:00Z", "2026-06-09T14:00:00Z"]); }), { decision: "defer", rules: ["US-REGF-TIME", "US-MA-FREQ"], notBefore: "2026-06-15T12:00:00.000Z" }],
  ]);
});
