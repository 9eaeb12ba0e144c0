import type { RuleId } from "../rule-ids";
import type { ResolvedRuleSet } from "../rule-sets/resolve-rule-set";
import type { CheckRequest, HistoryEntry, Role } from "../schemas";
import { localDay } from "../time/local-time";

/** The spouse, guardian, executor and the like count as the consumer (Reg F 1006.6(a)). */
export const CONSUMER_ROLES: ReadonlySet<Role> = new Set(["consumer", "spouse", "guardian", "executor"]);
export const THIRD_PARTY_ROLES: ReadonlySet<Role> = new Set(["third_party", "emergency_contact", "employer"]);
export const VOICE: ReadonlySet<string> = new Set(["call", "voicemail"]);
export const DAY_MS = 86_400_000;
/** Channels whose content is a template known before sending; live calls and visits follow a script. */
export const TEMPLATED: ReadonlySet<string> = new Set(["sms", "email", "letter", "voicemail"]);

export type Entry = HistoryEntry;

export interface Context {
  req: CheckRequest;
  now: number;
  zones: string[];
  history: readonly Entry[];
  /** Parsed instant of each history entry (ms since epoch), by index. */
  times: Float64Array;
  ruleSet: ResolvedRuleSet;
  /** Local day of each history entry per zone, filled on first use. */
  days: Map<string, Int32Array>;
  /** Index lists of history entries a rule selects, kept for the rounds of combining defers. */
  selections: Map<string, number[]>;
}

export type MessageParams = Record<string, string | number>;

/** A rule's answer at one instant: allow (null), block, or defer until `at` (the rule alone allows there). */
export type Verdict = null | { outcome: "block"; params?: MessageParams } | { outcome: "defer"; at: number; params?: MessageParams };

export interface Rule {
  id: RuleId;
  check(ctx: Context, params: Record<string, unknown>, t: number): Verdict;
}

export function historyDays(ctx: Context, zone: string): Int32Array {
  let days = ctx.days.get(zone);
  if (!days) {
    days = new Int32Array(ctx.times.length);
    for (let i = 0; i < days.length; i++) days[i] = localDay(zone, ctx.times[i]!);
    ctx.days.set(zone, days);
  }
  return days;
}

/** Indices of the history entries `keep` selects, computed once per context and key. */
export function select(ctx: Context, key: string, keep: (e: Entry) => boolean): number[] {
  let out = ctx.selections.get(key);
  if (!out) {
    out = [];
    for (let i = 0; i < ctx.history.length; i++) if (keep(ctx.history[i]!)) out.push(i);
    ctx.selections.set(key, out);
  }
  return out;
}

export const block = (params?: MessageParams): Verdict => ({ outcome: "block", ...(params ? { params } : {}) });
export const defer = (at: number, params?: MessageParams): Verdict => ({ outcome: "defer", at, ...(params ? { params } : {}) });

/** Outcomes in which something reached the person (a conversation, a delivered message, a voicemail). */
export const COMMUNICATED_OUTCOMES: ReadonlySet<string> = new Set(["conversation", "delivered", "voicemail", "refused"]);
