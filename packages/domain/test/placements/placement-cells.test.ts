import { describe, expect, it } from "vitest";
import { acceptPlacementCells, checkPlacementRecord, placementRecord } from "../../src/placements/placement-record";

// The file import's fast path (acceptPlacementCells) must give the schema's answer for every row it
// accepts, and accept nothing the schema refuses: rows it is unsure of go to the schema.
const TODAY = "2026-03-03";
const good: Record<string, string> = {
  accountReference: " ACC-1 ", fullName: " Lee Park ", balanceMinor: " 012345 ", currency: "usd", dueDate: " 2026-01-15 ", country: "us",
  region: " ny ", postalCode: "11215-1234", phone: "212-555-0100", email: "Lee@Example.com", originalCreditor: "Bank", product: "card",
  principalMinor: "10000", interestMinor: "", feesMinor: "45", delinquencyDate: "2025-12-01", chargeOffDate: "2026-03-03",
  dateOfBirth: "1980-02-29", nationalId: "", addressLine: "1 Main St", city: "Brooklyn", preferredLanguage: "en",
};
const cn: Record<string, string> = { accountReference: "CN-1", fullName: "张三", balanceMinor: "500", currency: "CNY", dueDate: "2026-02-01", country: "CN", region: "31", phone: "13800138000", nationalId: "11010519491231002x", preferredLanguage: "zh-CN" };

const variants: Array<[string, Record<string, string | number | undefined>]> = [
  ["good", good],
  ["minimal", { accountReference: "A", fullName: "B", balanceMinor: "0", currency: "EUR", dueDate: "2026-01-01", country: "DE" }],
  ["cn", cn],
  ["cn id check digit wrong", { ...cn, nationalId: "110105194912310021" }],
  ["blank optional text", { ...good, city: "   ", product: " " }],
  ["blank region of a US row", { ...good, region: "  " }],
  ["region of another country", { ...good, country: "GB", region: "zz", postalCode: "SW1A 1AA", phone: "+44 20 7946 0958" }],
  ["negative", { ...good, balanceMinor: "-1500" }],
  ["minus zero", { ...good, balanceMinor: "-0" }],
  ["decimal", { ...good, balanceMinor: "12.50" }],
  ["empty balance", { ...good, balanceMinor: "" }],
  ["blank balance", { ...good, balanceMinor: "  " }],
  ["huge", { ...good, balanceMinor: "9007199254740993" }],
  ["max safe", { ...good, balanceMinor: "9007199254740991" }],
  ["blank optional amount", { ...good, feesMinor: " " }],
  ["numbers (an API body)", { ...good, balanceMinor: 12345 }],
  ["unknown currency", { ...good, currency: "XXQ" }],
  ["31 February", { ...good, dueDate: "2026-02-31" }],
  ["empty due", { ...good, dueDate: "" }],
  ["future charge-off", { ...good, chargeOffDate: "2026-03-04" }],
  ["blank dob", { ...good, dateOfBirth: " " }],
  ["bad state", { ...good, region: "ZZ" }],
  ["bad zip", { ...good, postalCode: "1121" }],
  ["bad phone", { ...good, phone: "12" }],
  ["phone with +", { ...good, phone: "+1 (212) 555-0100" }],
  ["bad email", { ...good, email: "lee@" }],
  ["email with spaces", { ...good, email: " lee@example.com" }],
  ["long email", { ...good, email: `${"a".repeat(250)}@example.com` }],
  ["language", { ...good, preferredLanguage: "fr" }],
  ["language with blanks", { ...good, preferredLanguage: " en" }],
  ["country lower with blanks", { ...good, country: " us " }],
  ["country of three letters", { ...good, country: "USA" }],
  ["long reference", { ...good, accountReference: "x".repeat(101) }],
  ["reference of 100", { ...good, accountReference: "x".repeat(100) }],
  ["blank reference", { ...good, accountReference: "  " }],
  ["missing name", { ...good, fullName: undefined }],
  ["long city", { ...good, city: "c".repeat(101) }],
  ["missing currency", { ...good, currency: undefined }],
];

describe("acceptPlacementCells (the import's fast path) agrees with the placement schema", () => {
  for (const [name, input] of variants) {
    it(name, () => {
      const schema = placementRecord(TODAY).safeParse(input);
      const fast = acceptPlacementCells(TODAY, input);
      if (fast) {
        expect(schema.success).toBe(true);
        expect(fast).toEqual(schema.data);
      }
      const checked = checkPlacementRecord(TODAY, input);
      expect(checked.ok).toBe(schema.success);
      if (checked.ok && schema.success) expect(checked.record).toEqual(schema.data);
    });
  }

  it("takes the rows a file usually has (not only the schema's fallback)", () => {
    expect(acceptPlacementCells(TODAY, good)).not.toBeNull();
    expect(acceptPlacementCells(TODAY, cn)).not.toBeNull();
    expect(acceptPlacementCells(TODAY, { ...good, balanceMinor: "-1" })).toBeNull();
  });
});
