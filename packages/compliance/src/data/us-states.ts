// US state (and territory) → every IANA zone in use inside it. Split states list each zone, so a
// person known only by state is checked against all of them (US-REGF-TIME-MULTITZ).
// Indiana, Kentucky, Michigan and North Dakota keep their tz-database sub-zones: they share today's
// offsets with New_York/Chicago/Denver but are the names the tz database gives those counties.
export const US_STATE_ZONES: Readonly<Record<string, readonly string[]>> = {
  AL: ["America/Chicago"],
  AK: ["America/Anchorage", "America/Juneau", "America/Sitka", "America/Yakutat", "America/Nome", "America/Metlakatla", "America/Adak"],
  // Arizona keeps standard time all year, except the Navajo Nation, which observes DST.
  AZ: ["America/Phoenix", "America/Denver"],
  AR: ["America/Chicago"],
  CA: ["America/Los_Angeles"],
  CO: ["America/Denver"],
  CT: ["America/New_York"],
  DE: ["America/New_York"],
  DC: ["America/New_York"],
  // The panhandle west of the Apalachicola is Central.
  FL: ["America/New_York", "America/Chicago"],
  GA: ["America/New_York"],
  HI: ["Pacific/Honolulu"],
  // The panhandle north of the Salmon River is Pacific.
  ID: ["America/Boise", "America/Los_Angeles"],
  IL: ["America/Chicago"],
  IN: ["America/Indiana/Indianapolis", "America/Indiana/Vincennes", "America/Indiana/Winamac", "America/Indiana/Marengo", "America/Indiana/Petersburg", "America/Indiana/Vevay", "America/Indiana/Tell_City", "America/Indiana/Knox", "America/Chicago"],
  IA: ["America/Chicago"],
  // Four western counties (Sherman, Wallace, Greeley, Hamilton) are Mountain.
  KS: ["America/Chicago", "America/Denver"],
  KY: ["America/Kentucky/Louisville", "America/Kentucky/Monticello", "America/New_York", "America/Chicago"],
  LA: ["America/Chicago"],
  ME: ["America/New_York"],
  MD: ["America/New_York"],
  MA: ["America/New_York"],
  // Four Upper Peninsula counties bordering Wisconsin are Central.
  MI: ["America/Detroit", "America/Menominee"],
  MN: ["America/Chicago"],
  MS: ["America/Chicago"],
  MO: ["America/Chicago"],
  MT: ["America/Denver"],
  NE: ["America/Chicago", "America/Denver"],
  // West Wendover keeps Mountain time by local custom.
  NV: ["America/Los_Angeles", "America/Denver"],
  NH: ["America/New_York"],
  NJ: ["America/New_York"],
  NM: ["America/Denver"],
  NY: ["America/New_York"],
  NC: ["America/New_York"],
  ND: ["America/Chicago", "America/Denver", "America/North_Dakota/Center", "America/North_Dakota/New_Salem", "America/North_Dakota/Beulah"],
  OH: ["America/New_York"],
  OK: ["America/Chicago"],
  // Most of Malheur County is Mountain.
  OR: ["America/Los_Angeles", "America/Boise"],
  PA: ["America/New_York"],
  RI: ["America/New_York"],
  SC: ["America/New_York"],
  SD: ["America/Chicago", "America/Denver"],
  // East Tennessee is Eastern, Middle and West Tennessee Central.
  TN: ["America/Chicago", "America/New_York"],
  // El Paso and Hudspeth counties are Mountain.
  TX: ["America/Chicago", "America/Denver"],
  UT: ["America/Denver"],
  VT: ["America/New_York"],
  VA: ["America/New_York"],
  WA: ["America/Los_Angeles"],
  WV: ["America/New_York"],
  WI: ["America/Chicago"],
  WY: ["America/Denver"],
  PR: ["America/Puerto_Rico"],
  VI: ["America/St_Thomas"],
  GU: ["Pacific/Guam"],
  MP: ["Pacific/Saipan"],
  AS: ["Pacific/Pago_Pago"],
};

// First three ZIP digits → state, so a ZIP alone finds its state (ranges are inclusive).
const ZIP3_RANGES: ReadonlyArray<readonly [number, number, string]> = [
  [5, 5, "NY"], [6, 7, "PR"], [8, 8, "VI"], [9, 9, "PR"], [10, 27, "MA"], [28, 29, "RI"], [30, 38, "NH"],
  [39, 49, "ME"], [50, 54, "VT"], [55, 55, "MA"], [56, 59, "VT"], [60, 69, "CT"], [70, 89, "NJ"],
  [100, 149, "NY"], [150, 196, "PA"], [197, 199, "DE"], [200, 200, "DC"], [201, 201, "VA"],
  [202, 205, "DC"], [206, 219, "MD"], [220, 246, "VA"], [247, 268, "WV"], [270, 289, "NC"],
  [290, 299, "SC"], [300, 319, "GA"], [320, 339, "FL"], [341, 342, "FL"], [344, 344, "FL"],
  [346, 347, "FL"], [349, 349, "FL"], [350, 369, "AL"], [370, 385, "TN"], [386, 397, "MS"],
  [398, 399, "GA"], [400, 427, "KY"], [430, 459, "OH"], [460, 479, "IN"], [480, 499, "MI"],
  [500, 528, "IA"], [530, 549, "WI"], [550, 567, "MN"], [569, 569, "DC"], [570, 577, "SD"],
  [580, 588, "ND"], [590, 599, "MT"], [600, 629, "IL"], [630, 658, "MO"], [660, 679, "KS"],
  [680, 693, "NE"], [700, 714, "LA"], [716, 729, "AR"], [730, 749, "OK"], [750, 799, "TX"],
  [800, 816, "CO"], [820, 831, "WY"], [832, 838, "ID"], [840, 847, "UT"], [850, 865, "AZ"],
  [870, 884, "NM"], [885, 885, "TX"], [889, 898, "NV"], [900, 961, "CA"], [962, 966, "AP"],
  [967, 968, "HI"], [969, 969, "GU"], [970, 979, "OR"], [980, 994, "WA"], [995, 999, "AK"],
];

export function stateForZip(zip: string): string | undefined {
  const zip3 = Number(zip.slice(0, 3));
  if (!Number.isInteger(zip3)) return undefined;
  for (const [from, to, state] of ZIP3_RANGES) if (zip3 >= from && zip3 <= to) return state === "AP" ? undefined : state;
  return undefined;
}
