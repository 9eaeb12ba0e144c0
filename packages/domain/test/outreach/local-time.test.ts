import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween, epochDay, localDate, localInstant } from "../../src/outreach/schedule/local-time";

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

  it("gives luxon's local date every 23 minutes and luxon's local instants every day over a year, DST changes and half-hour zones included", () => {
    const zones = ["America/New_York", "America/Los_Angeles", "Europe/London", "Asia/Shanghai", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "UTC"];
    const from = Date.UTC(2026, 0, 1);
    const wrong: string[] = [];
    for (const zone of zones) {
      // 23 minutes is prime to the hour: every minute of the hour is visited, transitions included.
      for (let t = from; t < from + 366 * 86_400_000; t += 23 * 60_000) {
        const want = DateTime.fromMillis(t, { zone }).toISODate();
        if (localDate(new Date(t), zone) !== want) wrong.push(`${zone} ${new Date(t).toISOString()}`);
      }
    }
    // And the other way: a local date and wall time to its instant, as luxon gives it (a DST gap or
    // overlap included), every day of the year at times either side of the changes.
    for (const zone of zones) {
      for (let d = 0; d < 366; d++) {
        const date = new Date(from + d * 86_400_000).toISOString().slice(0, 10);
        for (const hhmm of ["00:05", "01:30", "02:30", "03:00", "10:00", "23:59"]) {
          const [h, m] = hhmm.split(":").map(Number);
          const want = DateTime.fromISO(date, { zone }).set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis();
          if (localInstant(date, hhmm, zone).getTime() !== want) wrong.push(`${zone} ${date} ${hhmm}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // Twice, now from the remembered offsets, at odd minutes either side of a DST change.
    for (const iso of ["2026-03-08T06:59:59.999Z", "2026-03-08T07:00:00.000Z", "2026-11-01T05:59:00Z", "2026-11-01T06:01:00Z"]) {
      expect(localDate(new Date(iso), "America/New_York")).toBe(DateTime.fromISO(iso, { zone: "America/New_York" }).toISODate());
    }
  });
});
