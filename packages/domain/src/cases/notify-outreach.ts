import type { DbOrTx } from "@casebook/db";
import type { CaseEvent } from "@casebook/db/schema";
import type { Actor } from "../context";
import { onCaseEvent } from "../outreach/schedule/on-case-event";

/** Tells the outreach scheduler about a case event (a promise pauses calls, a dispute or hold stops
 *  them), inside the caller's transaction so the change and the pause commit together. */
export async function notifyOutreach(tx: DbOrTx, actor: Actor, caseId: string, event: CaseEvent, now: Date): Promise<void> {
  await onCaseEvent(tx, actor, { caseId, event, now });
}
