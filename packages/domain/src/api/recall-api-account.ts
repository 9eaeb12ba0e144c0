import { z } from "zod";
import type { DomainContext } from "../context";
import { writeAudit } from "../audit";
import { recallAccounts } from "../placements/recall-accounts";
import { parseInput } from "../parse-input";
import { requireApiClient } from "./api-client";
import { loadClientAccount } from "./client-account";
import { readApiAccount, type ApiAccount } from "./get-api-account";

export const RecallApiAccount = z.object({
  accountReference: z.string().trim().min(1).max(100),
  reason: z.string().trim().max(200).optional(),
});
export type RecallApiAccount = z.input<typeof RecallApiAccount>;

/** One account recalled by its client: closed and its outreach stopped at once (recall-accounts.ts). */
export async function recallApiAccount(ctx: DomainContext, input: RecallApiAccount): Promise<ApiAccount & { recalled: boolean }> {
  const { clientId } = requireApiClient(ctx.actor);
  const p = parseInput(RecallApiAccount, input);
  return ctx.db.transaction(async (tx) => {
    const account = await loadClientAccount(tx, clientId, p.accountReference);
    const result = await recallAccounts(tx, clientId, [p.accountReference], ctx.now);
    if (result.recalled.length) {
      await writeAudit(tx, ctx.actor, { action: "account.recall", entityType: "account", entityId: account.id, caseId: account.caseId, personId: account.personId, details: { closedCases: result.closedCases.length, cancelledSteps: result.cancelledSteps, reason: p.reason ?? null } }, ctx.now);
    }
    return { ...(await readApiAccount(tx, clientId, p.accountReference)), recalled: result.recalled.length > 0 };
  });
}
