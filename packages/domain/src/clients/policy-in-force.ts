import { and, desc, eq, lte } from "drizzle-orm";
import { schema as s, type DbOrTx } from "@casebook/db";
import type { ClientPolicy } from "@casebook/db/schema";

export interface PolicyInForce {
  policy: ClientPolicy;
  /** 0 is the policy the client was created with (clients.policy); 1, 2, ... its later versions. */
  version: number;
  effectiveFrom: Date | null;
}

/**
 * The client's policy in force at `at`: the version with the latest effectiveFrom at or before it, else
 * the policy the client was created with. Every reader that decides something (the gate, a plan's limits,
 * a promise's horizon) asks this with the decision's own time, so a decision is made, and later explained,
 * under the figures of its moment, and a version scheduled for next Monday changes nothing today.
 */
export async function readPolicyInForce(db: DbOrTx, client: { id: string; policy: ClientPolicy }, at: Date): Promise<PolicyInForce> {
  const v = s.clientPolicyVersions;
  const [row] = await db.select({ policy: v.policy, version: v.version, effectiveFrom: v.effectiveFrom }).from(v)
    .where(and(eq(v.clientId, client.id), lte(v.effectiveFrom, at)))
    .orderBy(desc(v.effectiveFrom), desc(v.version)).limit(1);
  return row ?? { policy: client.policy, version: 0, effectiveFrom: null };
}

/** A payment posted this many days after a promise's or installment's date still keeps it, when the
 *  client's policy says nothing (transfers and checks take a few days to post). */
export const DEFAULT_PAYMENT_GRACE_DAYS = 3;

export function paymentGraceDays(policy: ClientPolicy): number {
  return policy.paymentGraceDays ?? DEFAULT_PAYMENT_GRACE_DAYS;
}
