import { describe, expect, it } from "vitest";
import { neutraliseCell, toCsv } from "./csv";

describe("toCsv", () => {
  it("neutralises cells a spreadsheet would run as formulas", () => {
    for (const v of ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x"]) expect(neutraliseCell(v)).toBe(`'${v}`);
    for (const v of ["Wang Wei", "1 = 1", "a-b", "", "王伟"]) expect(neutraliseCell(v)).toBe(v);
  });

  it("quotes commas, quotes and line breaks, and neutralises numbers that start with a sign", () => {
    const csv = toCsv(["name", "note", "amount"], [["=HYPERLINK(\"http://x\")", "a,b\nc", -12], ["Li", null, 3]]);
    expect(csv).toBe('\uFEFFname,note,amount\r\n"\'=HYPERLINK(""http://x"")","a,b\nc",\'-12\r\nLi,,3\r\n');
  });
});
