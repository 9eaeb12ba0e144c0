import { asc, desc, eq } from "drizzle-orm";
import { schema } from "@casebook/db";
import type { DomainContext } from "../../context";
import { NotFoundError } from "../../errors";
import { readPolicyInForce } from "../../clients/policy-in-force";
import { requireAdmin } from "../require-admin";

/** The admin's clients list: what each one is, and which policy version is in force now. */
export async function listClientsAdmin(ctx: DomainContext) {
  requireAdmin(ctx.actor);
  const rows = await ctx.db.select().from(schema.clients).orderBy(asc(schema.clients.code));
  return Promise.all(rows.map(async (c) => ({
    id: c.id, code: c.code, name: c.name, country: c.country, currency: c.currency, ruleSet: c.ruleSet, active: c.active,
    policyVersion: (await readPolicyInForce(ctx.db, c, ctx.now)).version,
  })));
}

/** One client for the admin: the policy in force now, every version (scheduled ones included), its API keys. */
export async function getClientAdmin(ctx: DomainContext, clientId: string) {
  requireAdmin(ctx.actor);
  const [client] = await ctx.db.select().from(schema.clients).where(eq(schema.clients.id, clientId));
  if (!client) throw new NotFoundError("client", clientId);
  const inForce = await readPolicyInForce(ctx.db, client, ctx.now);
  const versions = await ctx.db.select({
    version: schema.clientPolicyVersions.version, effectiveFrom: schema.clientPolicyVersions.effectiveFrom, note: schema.clientPolicyVersions.note,
    policy: schema.clientPolicyVersions.policy, createdAt: schema.clientPolicyVersions.createdAt, createdBy: schema.users.email,
  }).from(schema.clientPolicyVersions).leftJoin(schema.users, eq(schema.users.id, schema.clientPolicyVersions.createdBy))
    .where(eq(schema.clientPolicyVersions.clientId, clientId)).orderBy(desc(schema.clientPolicyVersions.version));
  const apiKeys = await ctx.db.select({
    id: schema.apiKeys.id, name: schema.apiKeys.name, prefix: schema.apiKeys.prefix, scopes: schema.apiKeys.scopes,
    lastUsedAt: schema.apiKeys.lastUsedAt, revokedAt: schema.apiKeys.revokedAt, createdAt: schema.apiKeys.createdAt,
  }).from(schema.apiKeys).where(eq(schema.apiKeys.clientId, clientId)).orderBy(desc(schema.apiKeys.createdAt));
  return {
    client: { id: client.id, code: client.code, name: client.name, country: client.country, currency: client.currency, ruleSet: client.ruleSet, agencyName: client.agencyName, active: client.active },
    inForce: { ...inForce, createdWith: client.policy },
    versions: versions.map((v) => ({ ...v, scheduled: v.effectiveFrom.getTime() > ctx.now.getTime() })),
    apiKeys: apiKeys.map((k) => ({ ...k, active: k.revokedAt === null })),
    activeKeyCount: apiKeys.filter((k) => k.revokedAt === null).length,
  };
}
