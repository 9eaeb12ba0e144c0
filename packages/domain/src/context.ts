import type { Db, DbOrTx } from "@casebook/db";

export type Role = "agent" | "supervisor" | "compliance" | "admin";

export type Actor =
  | { kind: "user"; userId: string; role: Role; teamId: string | null; label: string; ip?: string }
  | { kind: "system"; label: string }
  | { kind: "api"; clientId: string; label: string }
  | { kind: "debtor"; personId: string; label: string };

/** Everything a domain verb needs. `now` is passed in so tests and the outreach simulation control the clock. */
export interface DomainContext {
  db: Db;
  actor: Actor;
  now: Date;
}

/** The same context bound to an open transaction, for verbs that call other verbs inside one transaction. */
export interface TxContext {
  tx: DbOrTx;
  actor: Actor;
  now: Date;
}

export const systemActor = (label: string): Actor => ({ kind: "system", label: `system:${label}` });
