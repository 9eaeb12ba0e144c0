import { sql } from "drizzle-orm";
import { schema as s, type DbOrTx } from "@casebook/db";
import type { ClientPolicy } from "@casebook/db/schema";
import { uuidArray } from "../cases/sql-values";

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
  return (await readPoliciesInForce(db, [client], at)).get(client.id)!;
}

/** The policy in force at `at` of each of many clients, in one statement (a dispatch batch's clients). */
export async function readPoliciesInForce(db: DbOrTx, clients: ReadonlyArray<{ id: string; policy: ClientPolicy }>, at: Date): Promise<Map<string, PolicyInForce>> {
  const ids = [...new Set(clients.map((c) => c.id))];
  const out = new Map<string, PolicyInForce>(clients.map((c) => [c.id, { policy: c.policy, version: 0, effectiveFrom: null }]));
  if (ids.length === 0) return out;
  const rows = await db.execute<{ client_id: string; policy: ClientPolicy; version: number; effective_from: string | Date }>(sql`
    select distinct on (v.client_id) v.client_id, v.policy, v.version, v.effective_from
      from ${s.clientPolicyVersions} v
     where v.client_id = any(${uuidArray(ids)}::uuid[]) and v.effective_from <= ${at.toISOString()}::timestamptz
     order by v.client_id, v.effective_from desc, v.version desc`);
  for (const r of rows) out.set(r.client_id, { policy: r.policy, version: Number(r.version), effectiveFrom: new Date(r.effective_from) });
  return out;
}

/** A payment posted this many days after a promise's or installment's date still keeps it, when the
 *  client's policy says nothing (transfers and checks take a few days to post). */
export const DEFAULT_PAYMENT_GRACE_DAYS = 3;

export function paymentGraceDays(policy: ClientPolicy): number {
  return policy.paymentGraceDays ?? DEFAULT_PAYMENT_GRACE_DAYS;
}
