import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fastValidate } from "../src/fast-validate";
import { CheckRequest, evaluate } from "../src/index";
import { baseRequest, entry } from "./helpers";

// evaluate skips zod when the hand-written check accepts a request, so that check must never accept
// what the schema refuses. A rich valid request, randomly damaged, tells.

function richRequest(): Record<string, unknown> {
  const r = baseRequest();
  r.consumer = {
    id: "c1", country: "US", timeZones: ["America/New_York"],
    locations: [{ type: "phone", number: "+12125550100" }, { type: "address", region: "NY", postalCode: "10001" }],
    flags: { cease: false, attorney: false, bankruptcy: false, deceased: false, lacksCapacity: false, noWorkplaceContact: false, writtenOnly: false },
    disputedDebtIds: ["d9"], timeBarredDebtIds: ["d8"], optOuts: [{ channel: "email", address: "x@example.com" }],
    consents: [{ channel: "call", address: "+12125550100" }], inconvenientWindows: [{ from: "12:00", to: "13:00" }],
  };
  r.history = [entry("2026-06-09T14:00:00Z"), entry("2026-06-08T14:00:00.123+02:00", { channel: "sms", outcome: "delivered", direction: "inbound" })];
  r.proposed = { channel: "call", party: { role: "consumer", id: "c1", address: "+12125550100", workplace: false, addressType: "personal", requestedFollowUp: false }, purpose: "collection", content: { disclosesDebt: true, hasOptOut: true, limitedContent: false, identifiesCollector: true, postcard: false }, autodialed: false };
  return r as unknown as Record<string, unknown>;
}

function paths(x: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof x !== "object" || x === null) return [prefix];
  const keys = Array.isArray(x) ? x.map((_, i) => i) : Object.keys(x);
  return [prefix, ...keys.flatMap((k) => paths((x as Record<string | number, unknown>)[k], [...prefix, k]))];
}

const JUNK: unknown[] = [undefined, null, "", "x", 0, 1, -1, true, false, [], {}, ["d1"], [1], "2026-13-01T00:00:00Z", "2026-06-10T12:00:00", "2026-06-10T12:00:00Z", "2026-02-29T12:00:00Z", "2026-06-10T12:00:60Z", "call", "sms", "consumer", "neighbour", "America/New_York", "Mars/Olympus", "12:00", "24:00", "US", "USA", "personal", "phone", "address", "location", "outbound", "conversation", { type: "phone" }, { type: "phone", number: "+1" }, "DELETE"];

describe("fastValidate never accepts what CheckRequest refuses", () => {
  it("over thousands of damaged requests", () => {
    const base = richRequest();
    expect(CheckRequest.safeParse(base).success).toBe(true);
    // Accepted: the parsed instants of its history, one per entry (two).
    expect(fastValidate(base)).toHaveLength(2);
    const all = paths(base).filter((p) => p.length > 0);
    let agreed = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(all.length - 1), fc.nat(JUNK.length - 1)), { minLength: 1, maxLength: 3 }), (damage) => {
        const r = structuredClone(base);
        for (const [p, j] of damage) {
          const path = all[p]!;
          let target: Record<string | number, unknown> | undefined = r as Record<string | number, unknown>;
          for (const k of path.slice(0, -1)) target = (target?.[k] ?? undefined) as Record<string | number, unknown> | undefined;
          if (typeof target !== "object" || target === null) continue;
          const key = path[path.length - 1]!;
          if (JUNK[j] === "DELETE") delete target[key];
          else target[key] = structuredClone(JUNK[j]);
        }
        const fast = fastValidate(r) !== undefined;
        const schema = CheckRequest.safeParse(r).success;
        if (fast) expect(schema).toBe(true);
        if (fast === schema) agreed++;
        if (!schema) refused++;
      }),
      { numRuns: 3000 },
    );
    // The check is useful only if it agrees almost always (a disagreement just costs a zod parse).
    expect(agreed).toBeGreaterThan(2900);
    expect(refused).toBeGreaterThan(1000);
  });

  it("evaluate still reports zod's field path when the fast check declines", () => {
    const r = baseRequest() as unknown as { proposed: { channel: string } };
    r.proposed.channel = "fax";
    expect(() => evaluate(r as unknown as CheckRequest)).toThrow(/channel/);
  });
});
