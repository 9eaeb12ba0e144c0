import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { createTestDatabase, defaultClientPolicy, makeCase, makeClient, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
import {
  authenticateApiKey, authenticateUser, changeOwnPassword, changeUserRole, ConflictError, createApiKey, createTeam, createUser, deactivateUser, ForbiddenError,
  getClientAdmin, getStrategyAdmin, getTeamAdmin, listStrategiesAdmin, previewTemplate, listPreviewCases, getUserAdmin, reactivateUser, resetUserPassword, resolveSessionUser, getCompliancePanel, listTeams, saveTemplateVersion, previewContact, readPolicyInForce, revokeApiKey, updateClientPolicy, ValidationError,
  type Actor, type DomainContext,
} from "../../src";
import { testContext } from "../../src/testing";

// Tuesday 2026-03-03, New York (UTC-5): 08:30 local is inside the regulation's hours (08:00–21:00).
const MON_0830 = new Date("2026-03-02T13:30:00Z");
const TUE_0830 = new Date("2026-03-03T13:30:00Z");
const TUE_0000 = new Date("2026-03-03T05:00:00Z");

let t: TestDatabase;
let admin: Actor;
let agent: Actor;
let supervisor: Actor;
let teamId: string;
const ctx = (actor: Actor, now = MON_0830): DomainContext => testContext(t.db, actor, now);
const asActor = (u: { id: string; role: "agent" | "supervisor" | "compliance" | "admin"; teamId: string | null; email: string }): Actor =>
  ({ kind: "user", userId: u.id, role: u.role, teamId: u.teamId, label: u.email });
const audits = (action: string, entityId: string) => t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.action, action), eq(s.auditEvents.entityId, entityId)));

beforeAll(async () => {
  t = await createTestDatabase();
  teamId = (await makeTeam(t.db)).id;
  admin = asActor(await makeUser(t.db, { role: "admin", teamId: null }));
  agent = asActor(await makeUser(t.db, { teamId }));
  supervisor = asActor(await makeUser(t.db, { role: "supervisor", teamId }));
});
afterAll(async () => {
  await t?.drop();
});

describe("admin verbs refuse every other role", () => {
  it("agents and supervisors get ForbiddenError and nothing is written", async () => {
    const client = await makeClient(t.db);
    for (const actor of [agent, supervisor]) {
      await expect(createUser(ctx(actor), { email: "x@casebook.test", name: "X", role: "agent", teamId, staffNumber: "X-1" })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(createTeam(ctx(actor), { name: "Nope" })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listTeams(ctx(actor))).rejects.toBeInstanceOf(ForbiddenError);
      await expect(updateClientPolicy(ctx(actor), { clientId: client.id, policy: defaultClientPolicy })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(getClientAdmin(ctx(actor), client.id)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(createApiKey(ctx(actor), { clientId: client.id, name: "k", scopes: ["accounts:read"] })).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect(await t.db.select().from(s.users).where(eq(s.users.email, "x@casebook.test"))).toHaveLength(0);
    expect(await t.db.select().from(s.clientPolicyVersions).where(eq(s.clientPolicyVersions.clientId, client.id))).toHaveLength(0);
    expect(await t.db.select().from(s.apiKeys).where(eq(s.apiKeys.clientId, client.id))).toHaveLength(0);
  });
});

describe("users and teams", () => {
  it("creates a team and a user with a temporary password that must be changed, both audited", async () => {
    const { teamId: newTeam } = await createTeam(ctx(admin), { name: "Team North" });
    await expect(createTeam(ctx(admin), { name: "Team North" })).rejects.toBeInstanceOf(ConflictError);
    const { userId, temporaryPassword } = await createUser(ctx(admin), {
      email: "  New.Agent@Casebook.test ", name: "New Agent", role: "agent", teamId: newTeam, staffNumber: "N-1", locale: "zh-CN", timeZone: "Asia/Shanghai",
    });
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(24);
    const [row] = await t.db.select().from(s.users).where(eq(s.users.id, userId));
    expect(row).toMatchObject({ email: "new.agent@casebook.test", role: "agent", teamId: newTeam, passwordChangeRequired: true, active: true });
    expect(row!.passwordHash).not.toContain(temporaryPassword);
    const [audit] = await audits("user.create", userId);
    expect(audit!.actorUserId).toBe((admin as { userId: string }).userId);
    expect(JSON.stringify(audit!.details)).not.toContain(temporaryPassword);
    expect(await audits("team.create", newTeam)).toHaveLength(1);
    expect((await listTeams(ctx(admin))).find((x) => x.id === newTeam)).toMatchObject({ members: 1, openCases: 0 });

    // The temporary password signs in, flagged; the user sets their own and the flag clears.
    const signIn = await authenticateUser({ db: t.db, now: MON_0830 }, { email: "new.agent@casebook.test", password: temporaryPassword });
    expect(signIn.ok && signIn.user.passwordChangeRequired).toBe(true);
    const self: Actor = { kind: "user", userId, role: "agent", teamId: newTeam, label: "new.agent@casebook.test" };
    await expect(changeOwnPassword(ctx(self), { currentPassword: "wrong-one", newPassword: "a-brand-new-password" })).rejects.toBeInstanceOf(ValidationError);
    await changeOwnPassword(ctx(self), { currentPassword: temporaryPassword, newPassword: "a-brand-new-password" });
    const again = await authenticateUser({ db: t.db, now: MON_0830 }, { email: "new.agent@casebook.test", password: "a-brand-new-password" });
    expect(again.ok && again.user.passwordChangeRequired).toBe(false);
    expect((await authenticateUser({ db: t.db, now: MON_0830 }, { email: "new.agent@casebook.test", password: temporaryPassword })).ok).toBe(false);
    expect(await audits("user.change_password", userId)).toHaveLength(1);
  });

  it("refuses a duplicate email, an agent without a team and an unknown zone", async () => {
    await createUser(ctx(admin), { email: "dup@casebook.test", name: "Dup", role: "compliance", teamId: null, staffNumber: "D-1" });
    await expect(createUser(ctx(admin), { email: "DUP@casebook.test", name: "Dup", role: "compliance", teamId: null, staffNumber: "D-2" })).rejects.toBeInstanceOf(ConflictError);
    await expect(createUser(ctx(admin), { email: "d3@casebook.test", name: "D", role: "compliance", teamId: null, staffNumber: "D-1" })).rejects.toBeInstanceOf(ConflictError);
    await expect(createUser(ctx(admin), { email: "d4@casebook.test", name: "D", role: "agent", teamId: null, staffNumber: "D-4" })).rejects.toMatchObject({ field: "teamId" });
    await expect(createUser(ctx(admin), { email: "d5@casebook.test", name: "D", role: "compliance", teamId: null, staffNumber: "D-5", timeZone: "Mars/Olympus" })).rejects.toMatchObject({ field: "timeZone" });
  });
});

describe("managing a user", () => {
  const signIn = (email: string, password: string) => authenticateUser({ db: t.db, now: MON_0830 }, { email, password });

  it("a reset makes a temporary password that must be replaced, and the old one stops working; every step audited", async () => {
    const { userId, temporaryPassword: first } = await createUser(ctx(admin), { email: "reset.me@casebook.test", name: "R", role: "agent", teamId, staffNumber: "R-1" });
    const self: Actor = { kind: "user", userId, role: "agent", teamId, label: "reset.me@casebook.test" };
    await changeOwnPassword(ctx(self), { currentPassword: first, newPassword: "my-own-password-1" });
    const session = await signIn("reset.me@casebook.test", "my-own-password-1");
    if (!session.ok) throw new Error("sign-in failed");

    const { temporaryPassword } = await resetUserPassword(ctx(admin), { userId });
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(24);
    expect((await signIn("reset.me@casebook.test", "my-own-password-1")).ok).toBe(false);
    const again = await signIn("reset.me@casebook.test", temporaryPassword);
    expect(again.ok && again.user.passwordChangeRequired).toBe(true);
    // The session opened with the old password is over.
    expect(await resolveSessionUser(t.db, session.user)).toBeNull();
    const [audit] = await audits("user.reset_password", userId);
    expect(JSON.stringify(audit)).not.toContain(temporaryPassword);
    const { history } = await getUserAdmin(ctx(admin), userId);
    expect(history.map((h) => h.action)).toEqual(["user.reset_password", "user.change_password", "user.create"]);
  });

  it("deactivates and reactivates: the open session stays ended, a fresh sign-in works again", async () => {
    const { userId, temporaryPassword } = await createUser(ctx(admin), { email: "off.on@casebook.test", name: "O", role: "agent", teamId, staffNumber: "O-1" });
    const session = await signIn("off.on@casebook.test", temporaryPassword);
    if (!session.ok) throw new Error("sign-in failed");
    await deactivateUser(ctx(admin), { userId });
    expect(await resolveSessionUser(t.db, session.user)).toBeNull();
    expect(await signIn("off.on@casebook.test", temporaryPassword)).toEqual({ ok: false, reason: "inactive" });
    await expect(deactivateUser(ctx(admin), { userId })).rejects.toMatchObject({ key: "user_already_inactive" });

    await reactivateUser(ctx(admin), { userId });
    await expect(reactivateUser(ctx(admin), { userId })).rejects.toMatchObject({ key: "user_already_active" });
    expect(await resolveSessionUser(t.db, session.user)).toBeNull();
    expect((await signIn("off.on@casebook.test", temporaryPassword)).ok).toBe(true);
    expect(await audits("user.deactivate", userId)).toHaveLength(1);
    expect(await audits("user.reactivate", userId)).toHaveLength(1);
    for (const actor of [agent, supervisor]) await expect(reactivateUser(ctx(actor), { userId })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a role change keeps the rule that agents and supervisors need a team; an admin cannot lock themselves out", async () => {
    const { userId } = await createUser(ctx(admin), { email: "promote.me@casebook.test", name: "P", role: "compliance", teamId: null, staffNumber: "P-1" });
    await expect(changeUserRole(ctx(admin), { userId, role: "agent" })).rejects.toMatchObject({ field: "teamId", key: "team_required" });
    await changeUserRole(ctx(admin), { userId, role: "supervisor", teamId });
    expect((await getUserAdmin(ctx(admin), userId)).user).toMatchObject({ role: "supervisor", teamId });
    const [audit] = await audits("user.change_role", userId);
    expect(audit!.details).toEqual({ from: { role: "compliance", teamId: null }, to: { role: "supervisor", teamId } });

    const me = (admin as { userId: string }).userId;
    await expect(deactivateUser(ctx(admin), { userId: me })).rejects.toMatchObject({ key: "admin_self" });
    await expect(changeUserRole(ctx(admin), { userId: me, role: "agent", teamId })).rejects.toMatchObject({ key: "admin_self" });
    expect((await getUserAdmin(ctx(admin), me)).user).toMatchObject({ role: "admin", active: true });
  });

  it("a team's page: its members and its queue as counts", async () => {
    const { teamId: team } = await createTeam(ctx(admin), { name: "Team Queue" });
    const { userId } = await createUser(ctx(admin), { email: "q.agent@casebook.test", name: "Q", role: "agent", teamId: team, staffNumber: "Q-1" });
    await makeCase(t.db, { teamId: team });
    const owned = await makeCase(t.db, { teamId: team });
    await t.db.update(s.cases).set({ ownerUserId: userId, callbackAt: new Date(MON_0830.getTime() - 60_000) }).where(eq(s.cases.id, owned.id));
    const closed = await makeCase(t.db, { teamId: team });
    await t.db.update(s.cases).set({ status: "closed" }).where(eq(s.cases.id, closed.id));
    const view = await getTeamAdmin(ctx(admin), team);
    expect(view.members.map((m) => m.email)).toEqual(["q.agent@casebook.test"]);
    expect(view.queue).toEqual({ openCases: 2, byQueue: [{ queue: "standard", n: 2 }], unowned: 1, callbacksDue: 1 });
    await expect(getTeamAdmin(ctx(supervisor), team)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("client policy versions", () => {
  const tighter = { ...defaultClientPolicy, compliance: { callWindow: { from: "09:00", to: "20:00" }, maxCallsPer7Days: 3 } };

  it("the gate reads the policy in force at the decision's time, not the latest one", async () => {
    const client = await makeClient(t.db);
    const c = await makeCase(t.db, { clientId: client.id, teamId, now: MON_0830 });
    const phone = (await t.db.select().from(s.contactPoints).where(and(eq(s.contactPoints.personId, c.personId), eq(s.contactPoints.kind, "phone"))))[0]!;
    const preview = (now: Date) => previewContact(ctx(agent, now), { caseId: c.id, contactPointId: phone.id, channel: "call", purpose: "collection" });

    // Scheduled on Monday to take effect Tuesday 00:00 New York.
    const v = await updateClientPolicy(ctx(admin, MON_0830), { clientId: client.id, policy: tighter, effectiveFrom: TUE_0000, note: "client letter of 1 March" });
    expect(v.version).toBe(1);
    const monday = await preview(MON_0830);
    expect(monday.decision.decision).toBe("allow");
    const tuesday = await preview(TUE_0830);
    expect(tuesday.decision.decision).toBe("defer");
    expect(tuesday.decision.results.map((r) => r.rule)).toContain("US-REGF-TIME");

    // The console's panel shows the cap the gate applies: the regulation's 7 on Monday, the client's 3 on Tuesday.
    expect((await getCompliancePanel(ctx(agent, MON_0830), c.id)).usage[0]!.limit).toBe(7);
    expect((await getCompliancePanel(ctx(agent, TUE_0830), c.id)).usage[0]!.limit).toBe(3);
    expect((await readPolicyInForce(t.db, client, MON_0830)).version).toBe(0);
    expect((await readPolicyInForce(t.db, client, TUE_0830))).toMatchObject({ version: 1, policy: tighter });
    const view = await getClientAdmin(ctx(admin, MON_0830), client.id);
    expect(view.inForce.version).toBe(0);
    expect(view.versions[0]).toMatchObject({ version: 1, scheduled: true, note: "client letter of 1 March" });
    const [audit] = await audits("client.policy_version", client.id);
    expect(audit!.details).toMatchObject({ version: 1, effectiveFrom: TUE_0000.toISOString() });
  });

  it("refuses a policy looser than the regulation and one that would take effect in the past; versions are append-only", async () => {
    const client = await makeClient(t.db);
    await expect(updateClientPolicy(ctx(admin), { clientId: client.id, policy: { ...defaultClientPolicy, compliance: { callWindow: { from: "07:00", to: "21:00" } } } }))
      .rejects.toMatchObject({ field: "policy.compliance.callWindow.from" });
    await expect(updateClientPolicy(ctx(admin), { clientId: client.id, policy: { ...defaultClientPolicy, compliance: { maxCallsPer7Days: 8 } } }))
      .rejects.toBeInstanceOf(ValidationError);
    await expect(updateClientPolicy(ctx(admin, TUE_0830), { clientId: client.id, policy: tighter, effectiveFrom: MON_0830 })).rejects.toMatchObject({ field: "effectiveFrom" });
    expect(await t.db.select().from(s.clientPolicyVersions).where(eq(s.clientPolicyVersions.clientId, client.id))).toHaveLength(0);
    await updateClientPolicy(ctx(admin), { clientId: client.id, policy: tighter });
    // The runtime role has no UPDATE/DELETE on it: the grants treat every table with the append-only trigger as evidence.
    await expect(t.sql`update client_policy_versions set note = 'rewritten' where client_id = ${client.id}`).rejects.toThrow(/permission denied|append-only/);
    await expect(t.sql`delete from client_policy_versions where client_id = ${client.id}`).rejects.toThrow(/permission denied|append-only/);
  });
});

describe("client letterhead", () => {
  const letterhead = { tradingName: "Hudson Recovery Services", addressLines: ["400 Madison Ave", " ", "New York NY 10017"], phone: "+18005550142", referenceLine: "NYC DCWP licence 1234567" };

  it("a letterhead change is a new policy version, audited with the letterhead, in force from its time", async () => {
    const client = await makeClient(t.db);
    const v = await updateClientPolicy(ctx(admin), { clientId: client.id, policy: { ...defaultClientPolicy, letterhead }, note: "new trading name" });
    expect(v.version).toBe(1);
    const stored = { ...letterhead, addressLines: ["400 Madison Ave", "New York NY 10017"] };
    expect((await readPolicyInForce(t.db, client, MON_0830)).policy.letterhead).toEqual(stored);
    const [audit] = await audits("client.policy_version", client.id);
    expect(audit!.details).toMatchObject({ version: 1, policy: { letterhead: stored } });
    expect((await getClientAdmin(ctx(admin), client.id)).versions[0]!.policy.letterhead).toEqual(stored);
  });

  it("refuses a bad letterhead naming its field, and writes nothing", async () => {
    const client = await makeClient(t.db);
    const bad: Array<[Record<string, unknown>, string, string]> = [
      [{ ...letterhead, tradingName: "  " }, "policy.letterhead.tradingName", "letterhead_name_required"],
      [{ ...letterhead, addressLines: [" "] }, "policy.letterhead.addressLines", "letterhead_address_required"],
      [{ ...letterhead, addressLines: ["1", "2", "3", "4", "5"] }, "policy.letterhead.addressLines", "letterhead_address_lines_max"],
      [{ ...letterhead, addressLines: ["x".repeat(121)] }, "policy.letterhead.addressLines", "letterhead_line_too_long"],
      [{ ...letterhead, phone: "800 555" }, "policy.letterhead.phone", "phone_e164"],
      [{ ...letterhead, referenceLine: "r".repeat(121) }, "policy.letterhead.referenceLine", "text_too_long"],
    ];
    for (const [value, field, key] of bad) {
      await expect(updateClientPolicy(ctx(admin), { clientId: client.id, policy: { ...defaultClientPolicy, letterhead: value as typeof letterhead } }))
        .rejects.toMatchObject({ field, key });
    }
    expect(await t.db.select().from(s.clientPolicyVersions).where(eq(s.clientPolicyVersions.clientId, client.id))).toHaveLength(0);
    expect(await audits("client.policy_version", client.id)).toHaveLength(0);
  });
});

describe("client API keys", () => {
  it("shows the key once, stores only its hash, scopes it to the client, records last use and refuses it once revoked", async () => {
    const client = await makeClient(t.db);
    const { keyId, key, prefix } = await createApiKey(ctx(admin), { clientId: client.id, name: "Nightly placements", scopes: ["accounts:write", "accounts:read", "accounts:read"] });
    expect(key).toMatch(new RegExp(`^cbk_${prefix}_`));
    const [row] = await t.db.select().from(s.apiKeys).where(eq(s.apiKeys.id, keyId));
    expect(row!.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(key.slice(13));
    expect(row!.scopes).toEqual(["accounts:read", "accounts:write"]);
    expect(row!.lastUsedAt).toBeNull();
    const [audit] = await audits("api_key.create", keyId);
    expect(JSON.stringify(audit!.details)).not.toContain(key.slice(13));

    const who = await authenticateApiKey(t.db, key, TUE_0830);
    expect(who).toMatchObject({ clientId: client.id, actor: { kind: "api", clientId: client.id } });
    const lastUsed = async () => (await t.db.select().from(s.apiKeys).where(eq(s.apiKeys.id, keyId)))[0]!.lastUsedAt;
    expect(await lastUsed()).toEqual(TUE_0830);
    // Recorded to the minute: not rewritten by every request of a busy key.
    expect(await authenticateApiKey(t.db, key, new Date(TUE_0830.getTime() + 30_000))).not.toBeNull();
    expect(await lastUsed()).toEqual(TUE_0830);
    const later = new Date(TUE_0830.getTime() + 61_000);
    expect(await authenticateApiKey(t.db, key, later)).not.toBeNull();
    expect(await lastUsed()).toEqual(later);
    // A key with one character changed, or another shape, is nobody.
    const tampered = key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
    expect(await authenticateApiKey(t.db, tampered, TUE_0830)).toBeNull();
    expect(await authenticateApiKey(t.db, "not-a-key", TUE_0830)).toBeNull();

    await revokeApiKey(ctx(admin), { keyId });
    expect(await authenticateApiKey(t.db, key, TUE_0830)).toBeNull();
    await expect(revokeApiKey(ctx(admin), { keyId })).rejects.toBeInstanceOf(ConflictError);
    expect(await audits("api_key.revoke", keyId)).toHaveLength(1);
    const view = await getClientAdmin(ctx(admin), client.id);
    expect(view.apiKeys[0]).toMatchObject({ prefix, active: false });
    expect(JSON.stringify(view)).not.toContain(row!.keyHash);
  });
});

describe("templates", () => {
  it("saves a new version only when the lint passes, with declarations derived from the text, audited", async () => {
    const base = { code: "test_ec_sms", language: "en", channel: "sms", ruleSet: "US-FDCPA", purpose: "location", discloses: "location_only" } as const;
    // An emergency contact's template that tells the debt is refused, and nothing is written.
    await expect(saveTemplateVersion(ctx(admin), { ...base, body: "This is {{collectorName}}. {{debtorFirstName}} owes {{amountDue}}. Reply STOP to opt out." }))
      .rejects.toMatchObject({ field: "body", params: { finding: "debt_detail_not_disclosed (amountDue)" } });
    expect(await t.db.select().from(s.templates).where(eq(s.templates.code, base.code))).toHaveLength(0);
    await expect(saveTemplateVersion(ctx(agent), { ...base, body: "x" })).rejects.toBeInstanceOf(ForbiddenError);

    const first = await saveTemplateVersion(ctx(admin), { ...base, body: "This is {{collectorName}}: please ask {{debtorFirstName}} to call {{callbackNumber}}. Reply STOP to opt out." });
    const second = await saveTemplateVersion(ctx(admin), { ...base, body: "Hi, {{collectorName}} here: please ask {{debtorFirstName}} to call {{callbackNumber}}. Reply STOP to opt out." });
    expect([first.version, second.version]).toEqual([1, 2]);
    const [row] = await t.db.select().from(s.templates).where(eq(s.templates.id, second.templateId));
    expect(row).toMatchObject({ hasOptOut: true, identifiesCollector: true, hasMiniMiranda: false, discloses: "location_only", active: true });
    expect(await audits("template.save_version", second.templateId)).toHaveLength(1);
  });

  it("previews the editor's text with a case's data, names masked, audited as a view of that case", async () => {
    const kase = await makeCase(t.db, { teamId });
    const body = "Hi {{firstName}} ({{debtorFullName}}), {{agencyName}} here about {{amountDue}}; {{mystery}}. Reply STOP to opt out.";
    const r = await previewTemplate(ctx(admin), { caseId: kase.id, template: { language: "en", subject: null, body } });
    expect(r.body).toMatch(/^Hi M••• \(M••• L•••\), .+ here about \$[\d,.]+; \{\{mystery\}\}\. Reply STOP to opt out\.$/);
    expect(r.body).not.toContain("Maria");
    const [audit] = await audits("template.preview", kase.id);
    expect(audit).toMatchObject({ caseId: kase.id, personId: kase.personId });
    expect((await listPreviewCases(ctx(admin))).map((c) => c.id)).toContain(kase.id);
    await expect(previewTemplate(ctx(agent), { caseId: kase.id, template: { language: "en", subject: null, body } })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await audits("template.preview", kase.id)).toHaveLength(1);
  });
});

describe("strategies (read-only)", () => {
  it("lists versions with their open cases and shows one version's stages and steps in order; admins only", async () => {
    const client = await makeClient(t.db);
    const [strategy] = await t.db.insert(s.strategies).values({ name: "Test cadence", version: 1, ruleSet: "US-FDCPA", clientId: client.id }).returning();
    const [late, early] = await t.db.insert(s.strategyStages).values([
      { strategyId: strategy!.id, ordinal: 2, kind: "first_reminder", entry: { dpdMin: 1 }, exit: { onEvents: ["paid_in_full"] } },
      { strategyId: strategy!.id, ordinal: 1, kind: "pre_due", entry: { dpdMax: 0 }, exit: { onEvents: ["paid_in_full"] } },
    ]).returning();
    await t.db.insert(s.strategySteps).values([
      { stageId: early!.id, ordinal: 2, dayOffset: -1, channel: "email", templateCode: "pre_due_email" },
      { stageId: early!.id, ordinal: 1, dayOffset: -3, channel: "sms", templateCode: "pre_due_sms" },
      { stageId: late!.id, ordinal: 1, dayOffset: 2, channel: "call", templateCode: "call_script" },
    ]);
    const kase = await makeCase(t.db, { clientId: client.id, teamId });
    await t.db.update(s.cases).set({ strategyId: strategy!.id }).where(eq(s.cases.id, kase.id));

    expect((await listStrategiesAdmin(ctx(admin))).find((x) => x.id === strategy!.id)).toMatchObject({ name: "Test cadence", version: 1, client: client.code, openCases: 1 });
    const view = await getStrategyAdmin(ctx(admin), strategy!.id);
    expect(view.stages.map((st) => [st.kind, st.steps.map((x) => `${x.dayOffset}:${x.channel}:${x.templateCode}`)])).toEqual([
      ["pre_due", ["-3:sms:pre_due_sms", "-1:email:pre_due_email"]],
      ["first_reminder", ["2:call:call_script"]],
    ]);
    await expect(getStrategyAdmin(ctx(agent), strategy!.id)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
