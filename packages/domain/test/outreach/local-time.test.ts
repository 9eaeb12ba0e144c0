import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween, epochDay, localInstant } from "../../src/outreach/schedule/local-time";

// The schedule's calendar arithmetic is plain UTC day counting (fast enough for the what-if): it must
// agree with luxon's calendar on every day of several years, leap days and DST changes included.
describe("schedule calendar arithmetic", () => {
  it("agrees with luxon day by day from 2023 to 2029", () => {
    let d = DateTime.fromISO("2023-01-01", { zone: "UTC" });
    for (let i = 0; i < 7 * 366; i++, d = d.plus({ days: 1 })) {
      const date = d.toISODate()!;
      expect(epochDay(date)).toBe(Math.round(d.toMillis() / 86_400_000));
      for (const n of [-400, -31, -1, 0, 1, 29, 365]) expect(addDays(date, n)).toBe(d.plus({ days: n }).toISODate());
      expect(daysBetween("2024-02-29", date)).toBe(Math.round(d.diff(DateTime.fromISO("2024-02-29", { zone: "UTC" }), "days").days));
    }
  });

  it("refuses an impossible or malformed date", () => {
    for (const bad of ["2026-02-31", "2026-13-01", "2026-2-3", "tomorrow", ""]) expect(() => addDays(bad, 1)).toThrow(/invalid calendar date/);
  });

  it("gives the same local instant twice, across a DST change, whichever zone asked first", () => {
    const ny = localInstant("2026-03-08", "09:00", "America/New_York");
    const la = localInstant("2026-03-08", "09:00", "America/Los_Angeles");
    expect(ny.toISOString()).toBe("2026-03-08T13:00:00.000Z"); // EDT from 02:00 that day
    expect(la.toISOString()).toBe("2026-03-08T16:00:00.000Z");
    expect(localInstant("2026-03-07", "09:00", "America/New_York").toISOString()).toBe("2026-03-07T14:00:00.000Z");
    expect(localInstant("2026-03-08", "09:00", "America/New_York").toISOString()).toBe(ny.toISOString());
    // A remembered instant is handed out as a fresh Date: a caller changing it changes nothing here.
    ny.setTime(0);
    expect(localInstant("2026-03-08", "09:00", "America/New_York").toISOString()).toBe("2026-03-08T13:00:00.000Z");
  });
});
