import { CHANNELS, OUTCOMES, PURPOSES, ROLES, RULE_SET_IDS } from "./schemas";
import { isValidPolicy } from "./rule-sets/policy";
import { isValidZone } from "./time/local-time";
import { parseInstant } from "./time/parse-instant";

// The CheckRequest schema, checked by hand: zod is half the cost of a check with fifty history entries.
// It answers only "certainly valid" (and returns the parsed history instants) or "ask zod": evaluate
// then runs the zod schema, which throws with the field path. A property test holds the two together
// (test/fast-validate.test.ts): whatever this accepts, the schema accepts.

const ruleSets: ReadonlySet<unknown> = new Set(RULE_SET_IDS);
const channels: ReadonlySet<unknown> = new Set(CHANNELS);
const roles: ReadonlySet<unknown> = new Set(ROLES);
const purposes: ReadonlySet<unknown> = new Set(PURPOSES);
const outcomes: ReadonlySet<unknown> = new Set(OUTCOMES);
const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const COUNTRY = /^[A-Za-z]{2}$/;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);
const optString = (x: unknown) => x === undefined || typeof x === "string";
const optBool = (x: unknown) => x === undefined || typeof x === "boolean";
// Index loops, not Array#every: every skips the holes of a sparse array, which the schema refuses.
function all(x: unknown, each: (item: unknown) => boolean): boolean {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) if (!each(x[i])) return false;
  return true;
}
const strings = (x: unknown): boolean => all(x, (s) => typeof s === "string");
const optStrings = (x: unknown) => x === undefined || strings(x);
const optArrayOf = (x: unknown, each: (o: Obj) => boolean) => x === undefined || all(x, (o) => isObj(o) && each(o));

function consumerOk(c: unknown): boolean {
  if (!isObj(c) || typeof c.id !== "string" || typeof c.country !== "string" || !COUNTRY.test(c.country)) return false;
  if (c.timeZones !== undefined && !all(c.timeZones, (z) => typeof z === "string" && isValidZone(z))) return false;
  if (!optArrayOf(c.locations, (l) => (l.type === "address" ? optString(l.region) && optString(l.postalCode) : l.type === "phone" && typeof l.number === "string"))) return false;
  const f = c.flags;
  if (f !== undefined && !(isObj(f) && optBool(f.cease) && optBool(f.attorney) && optBool(f.bankruptcy) && optBool(f.deceased) && optBool(f.lacksCapacity) && optBool(f.noWorkplaceContact) && optBool(f.writtenOnly))) return false;
  return (
    optStrings(c.disputedDebtIds) &&
    optStrings(c.timeBarredDebtIds) &&
    optArrayOf(c.optOuts, (o) => channels.has(o.channel) && optString(o.address)) &&
    optArrayOf(c.consents, (o) => (o.channel === "call" || o.channel === "sms") && typeof o.address === "string") &&
    optArrayOf(c.inconvenientWindows, (w) => typeof w.from === "string" && LOCAL_TIME.test(w.from) && typeof w.to === "string" && LOCAL_TIME.test(w.to))
  );
}

function proposedOk(p: unknown): boolean {
  if (!isObj(p) || !channels.has(p.channel) || !purposes.has(p.purpose) || !optBool(p.autodialed)) return false;
  const party = p.party;
  if (!isObj(party) || !roles.has(party.role) || typeof party.id !== "string" || !optString(party.address) || !optBool(party.workplace) || !optBool(party.requestedFollowUp)) return false;
  if (party.addressType !== undefined && party.addressType !== "personal" && party.addressType !== "other") return false;
  const c = p.content;
  return c === undefined || (isObj(c) && typeof c.disclosesDebt === "boolean" && optBool(c.hasOptOut) && optBool(c.limitedContent) && optBool(c.identifiesCollector) && optBool(c.postcard));
}

/** The parsed history instants when `x` is certainly a valid CheckRequest, else undefined. */
export function fastValidate(x: unknown): Float64Array | undefined {
  if (!isObj(x) || !ruleSets.has(x.ruleSet) || typeof x.now !== "string" || Number.isNaN(parseInstant(x.now))) return undefined;
  if (!consumerOk(x.consumer) || !proposedOk(x.proposed)) return undefined;
  if (!strings(x.debtIds) || (x.debtIds as string[]).length === 0) return undefined;
  if (x.policy !== undefined && !isValidPolicy(x.policy)) return undefined;
  const history = x.history;
  if (!Array.isArray(history)) return undefined;
  const times = new Float64Array(history.length);
  for (let i = 0; i < history.length; i++) {
    const e: unknown = history[i];
    if (!isObj(e) || typeof e.at !== "string") return undefined;
    const t = parseInstant(e.at);
    if (Number.isNaN(t) || !channels.has(e.channel) || (e.direction !== "outbound" && e.direction !== "inbound") || !outcomes.has(e.outcome) || !strings(e.debtIds)) return undefined;
    const party = e.party;
    if (!isObj(party) || !roles.has(party.role) || typeof party.id !== "string" || !optString(party.address)) return undefined;
    times[i] = t;
  }
  return times;
}

