import { readFile } from "node:fs/promises";
import { eq } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema as s } from "@casebook/db";
import { defaultClientPolicy, makeUser } from "@casebook/db/testing";
import { dispatchStep, dispatchSteps, updateClientPolicy, type Actor } from "../../src";
import { claimedMessage } from "../../src/outreach/delivery/dispatch-step";
import { testContext } from "../../src/testing";
import { makeStep, makeUsDebtor } from "./factories";
import { startHarness, type OutreachHarness } from "./setup";

// Issue 14: the client's letterhead is part of its versioned policy, and a letter prints the letterhead
// of the policy in force at its decision's time. Two Tuesdays at noon in New York, inside every window.
const FIRST = new Date("2026-03-03T17:00:00Z");
const SECOND = new Date("2026-03-10T17:00:00Z");
const OLD = { tradingName: "Hudson Recovery Services", addressLines: ["400 Madison Ave", "New York NY 10017"], phone: "+18005550142", referenceLine: "NYC DCWP licence 1234567" };
const NEW = { tradingName: "Bridgeport Account Solutions", addressLines: ["9 Harbor Rd", "Stamford CT 06902"], phone: "+18005550199", referenceLine: "CT licence CCA-7788" };

let h: OutreachHarness;
let admin: Actor;
beforeAll(async () => {
  h = await startHarness();
  const u = await makeUser(h.t.db, { role: "admin", teamId: null });
  admin = { kind: "user", userId: u.id, role: "admin", teamId: null, label: u.email };
});
afterAll(async () => h?.close());

async function pdfText(file: string): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(await readFile(file)));
  return (await extractText(pdf, { mergePages: true })).text.replace(/\s+/g, " ");
}

async function letterOf(stepId: string): Promise<{ dispatchId: string; text: string }> {
  const [attempt] = await h.t.db.select().from(s.contactAttempts).where(eq(s.contactAttempts.outreachStepId, stepId));
  const found = await h.channels.letter.lookup!(attempt!.dispatchId!);
  if (!found.found || !found.artifactPath) throw new Error(`no letter for step ${stepId}`);
  return { dispatchId: attempt!.dispatchId!, text: await pdfText(found.artifactPath) };
}

describe("a client's letterhead on its letters", () => {
  it("prints the letterhead of the policy in force at the decision; a later version changes new letters only", async () => {
    const d = await makeUsDebtor(h.t.db, { now: FIRST });
    const address = d.person.contactPoints.find((p) => p.kind === "address")!;
    const letterStep = (dueAt: Date, occurrence: number) => makeStep(h.t.db, {
      caseId: d.case.id, personId: d.person.id, partyPersonId: d.person.id, contactPointId: address.id, accountIds: d.accountIds, occurrence,
      kind: "test", channel: "letter", templateCode: "us_followup_letter", dueAt: new Date(dueAt.getTime() - 60_000),
    });
    const adminAt = (now: Date) => testContext(h.t.db, admin, now);

    await updateClientPolicy(adminAt(new Date(FIRST.getTime() - 3_600_000)), { clientId: d.client.id, policy: { ...defaultClientPolicy, letterhead: OLD } });
    // The batch path (dispatchSteps) on the first Tuesday.
    const first = await letterStep(FIRST, 1);
    expect((await dispatchSteps(h.ctx(FIRST), { stepIds: [first] }, h.channels)).get(first)).toMatchObject({ status: "sent" });
    // A new version, scheduled for the second Tuesday.
    await updateClientPolicy(adminAt(FIRST), { clientId: d.client.id, policy: { ...defaultClientPolicy, letterhead: NEW }, effectiveFrom: new Date(SECOND.getTime() - 3_600_000) });
    // The single-step path (dispatchStep) on the second Tuesday.
    const second = await letterStep(SECOND, 2);
    expect(await dispatchStep(h.ctx(SECOND), { stepId: second }, h.channels)).toMatchObject({ status: "sent" });

    const a = await letterOf(first);
    for (const part of [OLD.tradingName, "400 Madison Ave", "New York NY 10017", "Tel. +18005550142", OLD.referenceLine]) expect(a.text).toContain(part);
    expect(a.text).not.toContain(NEW.tradingName);
    expect(a.text).not.toContain("Casebook Collections");
    const b = await letterOf(second);
    for (const part of [NEW.tradingName, "9 Harbor Rd", "Stamford CT 06902", "Tel. +18005550199", NEW.referenceLine]) expect(b.text).toContain(part);
    expect(b.text).not.toContain(OLD.tradingName);

    // A letter rebuilt from the ledger (a resend, a reconciliation) after the new version keeps its decision's letterhead.
    const [firstStep] = await h.t.db.select().from(s.outreachSteps).where(eq(s.outreachSteps.id, first));
    const rebuilt = await claimedMessage(h.t.db, { ...firstStep!, dispatchId: a.dispatchId });
    expect(rebuilt.message).toMatchObject({ channel: "letter", letterhead: { name: OLD.tradingName, phone: OLD.phone } });
  });

  it("a client without a letterhead of its own keeps the letter channel's configured one", async () => {
    const d = await makeUsDebtor(h.t.db, { now: FIRST });
    const address = d.person.contactPoints.find((p) => p.kind === "address")!;
    const step = await makeStep(h.t.db, {
      caseId: d.case.id, personId: d.person.id, partyPersonId: d.person.id, contactPointId: address.id, accountIds: d.accountIds, occurrence: 1,
      kind: "test", channel: "letter", templateCode: "us_followup_letter", dueAt: new Date(FIRST.getTime() - 60_000),
    });
    expect(await dispatchStep(h.ctx(FIRST), { stepId: step }, h.channels)).toMatchObject({ status: "sent" });
    expect((await letterOf(step)).text).toContain("Casebook Collections");
  });
});
