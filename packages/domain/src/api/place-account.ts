import { eq, and } from "drizzle-orm";
import { schema } from "@casebook/db";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { ValidationError } from "../errors";
import { checkPlacementRecord } from "../placements/placement-record";
import { createStagingTable, insertStagingRecord } from "../placements/staging";
import { mergePlacements } from "../placements/merge-placements";
import { placementTarget } from "../placements/placement-target";
import { requireApiClient } from "./api-client";

/**
 * One account placed through the API: the same record checks and the same merge as a file's rows,
 * so a reference placed twice (by file or by API) is updated, never duplicated, and a changed balance
 * is a balance_adjustments row. Every problem is reported; the first names the field of the 400.
 */
export async function placeAccount(ctx: DomainContext, input: unknown): Promise<{ accountReference: string; accountId: string; created: boolean; balanceChanged: boolean }> {
  const { clientId } = requireApiClient(ctx.actor);
  const checked = checkPlacementRecord(ctx.now.toISOString().slice(0, 10), input);
  if (!checked.ok) {
    const first = checked.problems[0]!;
    throw new ValidationError(first.field, first.reason as never);
  }
  const record = checked.record;
  return ctx.db.transaction(async (tx) => {
    const target = await placementTarget(tx, clientId);
    await createStagingTable(tx, "placement_staging");
    await insertStagingRecord(tx, "placement_staging", 1, record);
    const placementId = ctx.ids();
    const result = await mergePlacements(tx, "placement_staging", {
      clientId, placementId, placementReference: `api:${placementId}`, source: "api", teamId: target.teamId, strategyId: target.strategyId, currency: target.currency, now: ctx.now,
    });
    const [account] = await tx.select({ id: schema.accounts.id, caseId: schema.accounts.caseId, personId: schema.accounts.personId }).from(schema.accounts)
      .where(and(eq(schema.accounts.clientId, clientId), eq(schema.accounts.clientReference, record.accountReference)));
    await writeAudit(tx, ctx.actor, {
      action: result.created ? "placement.create" : "placement.update", entityType: "account", entityId: account!.id, caseId: account!.caseId, personId: account!.personId,
      details: { source: "api", placementId: result.created ? placementId : null, balanceChanged: result.balanceChanges > 0 },
    }, ctx.now);
    return { accountReference: record.accountReference, accountId: account!.id, created: result.created > 0, balanceChanged: result.balanceChanges > 0 };
  });
}
