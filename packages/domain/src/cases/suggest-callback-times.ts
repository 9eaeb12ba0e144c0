import { z } from "zod";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { loadCaseForActor } from "./case-access";
import { callbackChecker, nextAllowed } from "./callback-gate";

export const SuggestCallbackTimes = z.object({ caseId: z.uuid(), contactPointId: z.uuid().optional(), count: z.number().int().min(1).max(6).default(3) });
export type SuggestCallbackTimes = z.input<typeof SuggestCallbackTimes>;

const QUARTER = 15 * 60_000;
const GAP = 2 * 3_600_000;

/** The next times a callback may be booked (the gate allows a call then), a quarter hour apart at
 *  least and two hours between offers, so the form offers choices rather than one minute. */
export async function suggestCallbackTimes(ctx: DomainContext, input: SuggestCallbackTimes): Promise<{ times: Date[]; zone: string | null }> {
  const p = parseInput(SuggestCallbackTimes, input);
  const c = await loadCaseForActor(ctx.db, ctx.actor, p.caseId);
  const checker = await callbackChecker(ctx.db, { caseId: c.id, personId: c.personId, contactPointId: p.contactPointId, now: ctx.now });
  const times: Date[] = [];
  let from = new Date(Math.ceil((ctx.now.getTime() + QUARTER) / QUARTER) * QUARTER);
  while (times.length < p.count) {
    const at = nextAllowed(checker.at, from);
    if (!at || at.getTime() > ctx.now.getTime() + 90 * 86_400_000) break;
    times.push(at);
    from = new Date(at.getTime() + GAP);
  }
  return { times, zone: checker.zone };
}
