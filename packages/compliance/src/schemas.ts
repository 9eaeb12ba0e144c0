import { z } from "zod";
import { isValidZone } from "./time/local-time";
import { parseInstant } from "./time/parse-instant";
import { LocalTime } from "./time/local-time-schema";
import { Policy } from "./rule-sets/policy";

// The request and decision of docs/CHECK-CONTRACT.md, field for field.

export const RULE_SET_IDS = ["US-FDCPA", "US-MA", "CN-CBA", "UK-CONC"] as const;
export const RuleSetId = z.enum(RULE_SET_IDS);
export type RuleSetId = z.infer<typeof RuleSetId>;

export const CHANNELS = ["call", "voicemail", "sms", "email", "letter", "visit"] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const ROLES = ["consumer", "spouse", "guardian", "executor", "attorney", "third_party", "emergency_contact", "employer", "creditor"] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const PURPOSES = ["collection", "location", "cease_confirmation", "remedy_notice", "validation", "dispute_response", "opt_out_confirmation", "litigation"] as const;
export const Purpose = z.enum(PURPOSES);
export type Purpose = z.infer<typeof Purpose>;

export const OUTCOMES = ["not_connected", "no_answer", "voicemail", "conversation", "delivered", "failed", "refused", "wrong_party"] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

// An instant must carry its offset: a bare local time would be read in the server's zone.
export const Instant = z.string().refine((s) => !Number.isNaN(parseInstant(s)), { message: "expected an ISO 8601 instant with offset or Z" });

export { LocalTime };

export const TimeZone = z.string().refine(isValidZone, { message: "expected an IANA time zone" });

export const Location = z.discriminatedUnion("type", [
  z.object({ type: z.literal("address"), region: z.string().optional(), postalCode: z.string().optional() }),
  z.object({ type: z.literal("phone"), number: z.string() }),
]);
export type Location = z.infer<typeof Location>;

export const Consumer = z.object({
  id: z.string(),
  country: z.string().regex(/^[A-Za-z]{2}$/, { message: "expected an ISO 3166 alpha-2 country code" }),
  timeZones: z.array(TimeZone).optional(),
  locations: z.array(Location).optional(),
  flags: z
    .object({
      cease: z.boolean().optional(),
      attorney: z.boolean().optional(),
      bankruptcy: z.boolean().optional(),
      deceased: z.boolean().optional(),
      lacksCapacity: z.boolean().optional(),
      noWorkplaceContact: z.boolean().optional(),
      /** Asked to be contacted by letter or email only (US-REGF-MEDIUM, UK-CONC-HOW, CN-WRITTEN). */
      writtenOnly: z.boolean().optional(),
    })
    .optional(),
  disputedDebtIds: z.array(z.string()).optional(),
  timeBarredDebtIds: z.array(z.string()).optional(),
  optOuts: z.array(z.object({ channel: Channel, address: z.string().optional() })).optional(),
  consents: z.array(z.object({ channel: z.enum(["call", "sms"]), address: z.string() })).optional(),
  inconvenientWindows: z.array(z.object({ from: LocalTime, to: LocalTime })).optional(),
});
export type Consumer = z.infer<typeof Consumer>;

const historyShape = {
  at: Instant,
  channel: Channel,
  direction: z.enum(["outbound", "inbound"]),
  party: z.object({ role: Role, id: z.string(), address: z.string().optional() }),
  debtIds: z.array(z.string()),
  outcome: Outcome,
};
export const HistoryEntry = z.object(historyShape);
export type HistoryEntry = z.infer<typeof HistoryEntry>;
// Inside a request the instants are checked once, by the request's own check below, which keeps the
// parsed values for the engine: a check reads fifty of them and parsing twice was a tenth of its time.
const RequestHistoryEntry = z.object({ ...historyShape, at: z.string() });

/** Parsed history instants of a request that passed CheckRequest, keyed by its history array. */
export const parsedHistoryTimes = new WeakMap<object, Float64Array>();

export const ProposedContact = z.object({
  channel: Channel,
  party: z.object({
    role: Role,
    id: z.string(),
    address: z.string().optional(),
    workplace: z.boolean().optional(),
    addressType: z.enum(["personal", "other"]).optional(),
    requestedFollowUp: z.boolean().optional(),
  }),
  purpose: Purpose,
  content: z
    .object({
      disclosesDebt: z.boolean(),
      hasOptOut: z.boolean().optional(),
      limitedContent: z.boolean().optional(),
      identifiesCollector: z.boolean().optional(),
      postcard: z.boolean().optional(),
    })
    .optional(),
  autodialed: z.boolean().optional(),
});
export type ProposedContact = z.infer<typeof ProposedContact>;
/** What a message declares about its content (the template says it; the content rules read it). */
export type ContentDeclaration = NonNullable<ProposedContact["content"]>;

export const CheckRequest = z.object({
  ruleSet: RuleSetId,
  now: Instant,
  consumer: Consumer,
  debtIds: z.array(z.string()).min(1, { message: "expected at least one debt id" }),
  history: z.array(RequestHistoryEntry),
  proposed: ProposedContact,
  /**
   * The client's tightening in force at `now` (optional): applied as `evaluate(request, { policy })` would,
   * so a stored request alone replays to the same decision. Refused like that option when it would loosen.
   */
  policy: Policy.optional(),
}).check((payload) => {
  const history = payload.value.history;
  const times = new Float64Array(history.length);
  for (let i = 0; i < history.length; i++) {
    const t = parseInstant(history[i]!.at);
    if (Number.isNaN(t)) {
      payload.issues.push({ code: "custom", path: ["history", i, "at"], message: "expected an ISO 8601 instant with offset or Z", input: history[i]!.at });
      return;
    }
    times[i] = t;
  }
  parsedHistoryTimes.set(history, times);
});
export type CheckRequest = z.infer<typeof CheckRequest>;

export const RuleResult = z.object({
  rule: z.string(),
  outcome: z.enum(["defer", "block"]),
  reason: z.string(),
  notBefore: z.string().optional(),
});
export type RuleResult = z.infer<typeof RuleResult>;

export const CheckDecision = z.object({
  decision: z.enum(["allow", "defer", "block"]),
  notBefore: z.string().nullable(),
  results: z.array(RuleResult),
  timeZones: z.array(z.string()),
});
export type CheckDecision = z.infer<typeof CheckDecision>;
