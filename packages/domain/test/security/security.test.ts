import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword, schema as s } from "@casebook/db";
import { createTestDatabase, makeCase, makeClient, makeTeam, makeUser, type TestDatabase } from "@casebook/db/testing";
import {
  accountDelayMs, authenticateUser, changeUserRole, deactivateUser, ForbiddenError, getCaseView, listQueue, NotFoundError,
  RateLimitedError, resetUserPassword, resolveSessionUser, REVEAL_LIMIT, revealContactPoint, signOutUser, THROTTLE,
  type Actor, type DomainContext, type SessionUser,
} from "../../src";
import { testContext } from "../../src/testing";

// Issue 10, the domain's part: sessions that end, a throttle that slows without locking out, no
// account enumeration by timing, admins who do not work cases, a rate-limited reveal, bad ids → 404.
const NOW = new Date("2026-03-03T17:00:00Z");
let t: TestDatabase;
let east: { id: string };
let west: { id: string };
let admin: Actor;
const asActor = (u: { id: string; role: "agent" | "supervisor" | "compliance" | "admin"; teamId: string | null; email: string }): Actor =>
  ({ kind: "user", userId: u.id, role: u.role, teamId: u.teamId, label: u.email });
const ctx = (actor: Actor, now = NOW): DomainContext => testContext(t.db, actor, now);

beforeAll(async () => {
  t = await createTestDatabase();
  east = await makeTeam(t.db, { name: "East" });
  west = await makeTeam(t.db, { name: "West" });
  admin = asActor(await makeUser(t.db, { role: "admin", teamId: null }));
});
afterAll(async () => t?.drop());

async function signedIn(password = "right-password-1"): Promise<{ user: SessionUser; email: string }> {
  const u = await makeUser(t.db, { teamId: east.id, passwordHash: await hashPassword(password) });
  const r = await authenticateUser({ db: t.db, now: NOW }, { email: u.email, password, ip: "192.0.2.1" });
  if (!r.ok) throw new Error(`sign-in failed: ${r.reason}`);
  return { user: r.user, email: u.email };
}

describe("session revocation", () => {
  it("a session stays valid until something ends it", async () => {
    const { user } = await signedIn();
    expect(await resolveSessionUser(t.db, user)).toMatchObject({ id: user.id, sessionVersion: user.sessionVersion });
    expect(await resolveSessionUser(t.db, { id: user.id, sessionVersion: undefined })).toBeNull();
  });

  it("sign-out ends every session of the user, and is audited", async () => {
    const { user } = await signedIn();
    const other = { ...user }; // the same token in another browser
    await signOutUser(ctx(asActor(user)));
    expect(await resolveSessionUser(t.db, user)).toBeNull();
    expect(await resolveSessionUser(t.db, other)).toBeNull();
    const audit = await t.db.select().from(s.auditEvents).where(and(eq(s.auditEvents.action, "user.sign_out"), eq(s.auditEvents.entityId, user.id)));
    expect(audit).toHaveLength(1);
  });

  it("deactivation, a role change and a password reset each end the user's sessions", async () => {
    const a = await signedIn();
    await deactivateUser(ctx(admin), { userId: a.user.id });
    expect(await resolveSessionUser(t.db, a.user)).toBeNull();

    const b = await signedIn();
    await changeUserRole(ctx(admin), { userId: b.user.id, role: "supervisor" });
    expect(await resolveSessionUser(t.db, b.user)).toBeNull();
    // A new sign-in carries the new role.
    expect(await authenticateUser({ db: t.db, now: NOW }, { email: b.email, password: "right-password-1", ip: "192.0.2.1" })).toMatchObject({ ok: true, user: { role: "supervisor" } });

    const c = await signedIn();
    await resetUserPassword(ctx(admin), { userId: c.user.id, password: "a-new-password-123" });
    expect(await resolveSessionUser(t.db, c.user)).toBeNull();

    const actions = (await t.db.select({ action: s.auditEvents.action }).from(s.auditEvents)).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["user.deactivate", "user.change_role", "user.reset_password"]));
  });

  it("only an admin may do that", async () => {
    const a = await signedIn();
    const b = await signedIn();
    await expect(deactivateUser(ctx(asActor(a.user)), { userId: b.user.id })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await resolveSessionUser(t.db, b.user)).not.toBeNull();
  });
});

describe("login throttle", () => {
  it("refuses an address that failed 5 times on an account, even with the right password", async () => {
    const u = await makeUser(t.db, { passwordHash: await hashPassword("right-password-1") });
    const deps = { db: t.db, now: NOW, sleep: async () => {} };
    for (let i = 0; i < THROTTLE.perAccountAndIp; i++) {
      expect(await authenticateUser(deps, { email: u.email, password: `wrong-${i}`, ip: "198.51.100.1" })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await authenticateUser(deps, { email: u.email, password: "right-password-1", ip: "198.51.100.1" })).toEqual({ ok: false, reason: "throttled" });
  });

  it("does not lock the real user out: attacks from many addresses slow every try on the account instead", async () => {
    const u = await makeUser(t.db, { passwordHash: await hashPassword("right-password-1") });
    const slept: number[] = [];
    const deps = { db: t.db, now: NOW, sleep: async (ms: number) => void slept.push(ms) };
    for (let i = 0; i < 8; i++) await authenticateUser(deps, { email: u.email, password: `wrong-${i}`, ip: `203.0.113.${i + 1}` });
    expect(slept).toEqual([1000, 2000, 4000]);
    expect(accountDelayMs(40)).toBe(THROTTLE.maxDelayMs);
    // The real user, from their own address, gets in (after a delay).
    expect(await authenticateUser(deps, { email: u.email, password: "right-password-1", ip: "192.0.2.99" })).toMatchObject({ ok: true });
    expect(slept.at(-1)).toBe(8000);
  });

  it("throttled tries do not extend the throttle: it ends 15 minutes after the last real failure", async () => {
    const u = await makeUser(t.db, { passwordHash: await hashPassword("right-password-1") });
    const at = (min: number) => ({ db: t.db, now: new Date(NOW.getTime() + min * 60_000), sleep: async () => {} });
    for (let i = 0; i < 5; i++) await authenticateUser(at(0), { email: u.email, password: `wrong-${i}`, ip: "198.51.100.2" });
    // The attacker keeps trying every few minutes: each try is refused, and recorded.
    for (const min of [3, 6, 9, 12, 14]) {
      expect(await authenticateUser(at(min), { email: u.email, password: "guess", ip: "198.51.100.2" })).toEqual({ ok: false, reason: "throttled" });
    }
    expect(await authenticateUser(at(16), { email: u.email, password: "right-password-1", ip: "198.51.100.2" })).toMatchObject({ ok: true });
  });

  it("refuses an address that failed 20 times across accounts", async () => {
    const deps = { db: t.db, now: NOW, sleep: async () => {} };
    for (let i = 0; i < THROTTLE.perIp; i++) await authenticateUser(deps, { email: `nobody-${i}@casebook.test`, password: "x", ip: "198.51.100.3" });
    const u = await makeUser(t.db, { passwordHash: await hashPassword("right-password-1") });
    expect(await authenticateUser(deps, { email: u.email, password: "right-password-1", ip: "198.51.100.3" })).toEqual({ ok: false, reason: "throttled" });
  });

  it("an unknown email costs the same time as a wrong password (no enumeration by timing)", async () => {
    const u = await makeUser(t.db, { passwordHash: await hashPassword("right-password-1") });
    const deps = { db: t.db, now: NOW, sleep: async () => {} };
    const time = async (email: string, ip: string) => {
      const started = performance.now();
      await authenticateUser(deps, { email, password: "wrong-password", ip });
      return performance.now() - started;
    };
    await time("warm-up@casebook.test", "198.51.100.50");
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await time(u.email, `198.51.100.${60 + i}`));
      unknown.push(await time(`nobody-${i}-${Date.now()}@casebook.test`, `198.51.100.${70 + i}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // An argon2 verification dominates both; without it an unknown email answered in a fifth of the time.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.5);
  });
});

describe("the admin role", () => {
  it("administers but does not work cases across teams", async () => {
    const clientId = (await makeClient(t.db)).id;
    const c = await makeCase(t.db, { clientId, teamId: west.id, now: NOW });
    await expect(getCaseView(ctx(admin), c.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listQueue(ctx(admin), {})).rows).toEqual([]);
  });

  it("works its own team's cases when it is also given a team", async () => {
    const clientId = (await makeClient(t.db)).id;
    const c = await makeCase(t.db, { clientId, teamId: west.id, now: NOW });
    const teamAdmin = asActor(await makeUser(t.db, { role: "admin", teamId: west.id }));
    await expect(getCaseView(ctx(teamAdmin), c.id)).resolves.toMatchObject({ case: { id: c.id } });
    const other = await makeCase(t.db, { clientId, teamId: east.id, now: NOW });
    await expect(getCaseView(ctx(teamAdmin), other.id)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("bad ids", () => {
  it("a malformed case id is not found, never a database error", async () => {
    const agent = asActor(await makeUser(t.db, { teamId: east.id }));
    for (const id of ["not-a-uuid", "1", "../etc/passwd", "00000000-0000-0000-0000-00000000000g"]) {
      await expect(getCaseView(ctx(agent), id)).rejects.toBeInstanceOf(NotFoundError);
    }
  });
});

describe("reveal", () => {
  it("is audited, and rate-limited per user (the refusal audited too)", async () => {
    const clientId = (await makeClient(t.db)).id;
    const c = await makeCase(t.db, { clientId, teamId: east.id, now: NOW });
    const agent = asActor(await makeUser(t.db, { teamId: east.id }));
    const cp = (await t.db.select().from(s.contactPoints).where(eq(s.contactPoints.personId, c.personId)))[0]!;
    for (let i = 0; i < REVEAL_LIMIT.perWindow; i++) await revealContactPoint(ctx(agent), { caseId: c.id, contactPointId: cp.id });
    await expect(revealContactPoint(ctx(agent), { caseId: c.id, contactPointId: cp.id })).rejects.toBeInstanceOf(RateLimitedError);
    const byAgent = await t.db.select({ action: s.auditEvents.action }).from(s.auditEvents).where(eq(s.auditEvents.actorUserId, (agent as { userId: string }).userId));
    expect(byAgent.filter((r) => r.action === "person.reveal")).toHaveLength(REVEAL_LIMIT.perWindow);
    expect(byAgent.filter((r) => r.action === "person.reveal_refused")).toHaveLength(1);
    // Another user is not affected, and the window passes.
    const colleague = asActor(await makeUser(t.db, { teamId: east.id }));
    await expect(revealContactPoint(ctx(colleague), { caseId: c.id, contactPointId: cp.id })).resolves.toMatchObject({ value: cp.value });
    const later = new Date(NOW.getTime() + (REVEAL_LIMIT.windowMinutes + 1) * 60_000);
    await expect(revealContactPoint(ctx(agent, later), { caseId: c.id, contactPointId: cp.id })).resolves.toMatchObject({ value: cp.value });
  });
});
