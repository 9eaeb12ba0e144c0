import { Faker, base, en, en_US, zh_CN } from "@faker-js/faker";

/** Name and street pools drawn once from faker (seeded), then sampled by the fast Rng in the hot loop. */
export interface NamePools {
  usMale: string[];
  usFemale: string[];
  usLast: string[];
  usStreets: string[];
  cnLast: string[];
  cnFirst: string[];
  cnPinyin: string[];
}

const unique = (size: number, make: () => string) => {
  const seen = new Set<string>();
  for (let i = 0; i < size * 4 && seen.size < size; i++) seen.add(make());
  return [...seen];
};

const COMMON_CN_SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡"];

export function buildNamePools(seed: number): NamePools {
  const us = new Faker({ locale: [en_US, en, base] });
  us.seed(seed);
  const cn = new Faker({ locale: [zh_CN, en, base] });
  cn.seed(seed + 1);
  return {
    usMale: unique(400, () => us.person.firstName("male")),
    usFemale: unique(400, () => us.person.firstName("female")),
    usLast: unique(600, () => us.person.lastName()),
    usStreets: unique(400, () => `${us.location.street()}`),
    // The ten commonest surnames carry about 40% of people: repeat them so the sample looks like China.
    cnLast: [...COMMON_CN_SURNAMES, ...COMMON_CN_SURNAMES, ...COMMON_CN_SURNAMES, ...COMMON_CN_SURNAMES, ...unique(100, () => cn.person.lastName())],
    cnFirst: unique(400, () => cn.person.firstName()),
    cnPinyin: unique(300, () => us.internet.username().toLowerCase().replace(/[^a-z0-9]/g, "")),
  };
}
