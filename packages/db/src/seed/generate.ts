import { arrayCell, cell, jsonCell } from "./copy-writer";
import { cnMobilePrefixes, cnProvinces, cnStreets, type CnCity, type CnProvince } from "./data/cn-geography";
import { usStates, type UsArea, type UsState } from "./data/us-geography";
import { type NamePools } from "./pools";
import { ReferenceCodes, Rng, cumulativeWeights } from "./rng";
import { createBuffers, type Buffers } from "./tables";
import { stageForDpd } from "../schema/strategies/strategy-stages";
import { CN_CONSUMER, US_CONSUMER } from "./strategies/strategies";

// Generates the demo book in chunks of debtors, straight into COPY text. One debtor at a time: the
// person, their contact points and related parties, then one case per client with its accounts, and the
// case's story (contact history, promises, plans, payments, disputes, holds) told in time order so that
// the ledger agrees with the balances and statuses. Every value comes from the seeded Rng.

const DAY = 86_400_000;
const MIN = 60_000;

export interface SeedClient {
  id: string;
  code: string;
  name: string;
  country: "US" | "CN";
  currency: string;
  ruleSet: "US-FDCPA" | "CN-CBA";
  strategyId: string | null;
  products: readonly string[];
  /** Balance range in minor units. */
  balance: [number, number];
  planMaxInstallments: number;
}
export interface SeedAgent {
  id: string;
  email: string;
}
export interface SeedTeam {
  id: string;
  agents: SeedAgent[];
}
export interface SeedPlacement {
  id: string;
  clientId: string;
  receivedAt: Date;
  accountCount: number;
  placedTotalMinor: number;
}
export interface GeneratorContext {
  seed: number;
  now: Date;
  clients: { cardIssuer: SeedClient; lender: SeedClient; cnLender: SeedClient };
  usTeam: SeedTeam;
  cnTeam: SeedTeam;
  /** Approves plans outside the client's limits. */
  supervisorId: string;
  templates: Map<string, string>;
  pools: NamePools;
}

interface Phone {
  id: string;
  value: string;
  type: "mobile" | "landline" | "work";
  valid: boolean;
  consentCall: boolean;
  consentSms: boolean;
  smsOptedOut: boolean;
}
interface Party {
  id: string;
  family: string;
  zones: string[];
  country: "US" | "CN";
  region: string;
  phones: Phone[];
  email: { id: string; value: string; valid: boolean; optedOut: boolean } | null;
  noWorkplaceContact: boolean;
}
interface Related {
  party: Party;
  relationship: "emergency_contact" | "spouse" | "co_signer" | "reference";
  refused: boolean;
}
interface Hold {
  kind: "cease" | "attorney" | "bankruptcy" | "deceased" | "hardship" | "fraud";
  placedAt: number;
  released: boolean;
}
interface Account {
  id: string;
  dpd: number;
  placed: number;
  balance: number;
  status: string;
  closeCode: string | null;
  closedAt: number | null;
}

/** Each client's strategy, by rule set (seed/index.ts gives each client the active one of its rule set). */
const STAGES = { "US-FDCPA": US_CONSUMER.stages, "CN-CBA": CN_CONSUMER.stages } as const;

const BUCKETS: Array<[number, number, number]> = [
  // [min dpd, max dpd, weight]: pre-due, 1-29, 30-59, 60-89, 90-179, 180+
  [-14, -1, 10], [1, 29, 20], [30, 59, 17], [60, 89, 13], [90, 179, 18], [180, 2600, 22],
];
const BUCKET_CUM = cumulativeWeights(BUCKETS.map((b) => b[2]));
const CALL_OUTCOMES = ["no_answer", "voicemail", "conversation", "not_connected", "wrong_party", "refused"] as const;
const CALL_OUTCOME_CUM = cumulativeWeights([42, 24, 17, 8, 4, 5]);
const US_EMAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "hotmail.com", "comcast.net"];
const CN_EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "sina.com", "foxmail.com"];
const CN_CITY_TEL: Record<string, string> = {
  北京市: "10", 上海市: "21", 天津市: "22", 重庆市: "23", 广州市: "20", 深圳市: "755", 东莞市: "769", 佛山市: "757",
  南京市: "25", 苏州市: "512", 无锡市: "510", 杭州市: "571", 宁波市: "574", 温州市: "577", 济南市: "531", 青岛市: "532",
  郑州市: "371", 洛阳市: "379", 武汉市: "27", 宜昌市: "717", 长沙市: "731", 成都市: "28", 绵阳市: "816", 福州市: "591",
  厦门市: "592", 合肥市: "551", 西安市: "29", 沈阳市: "24", 大连市: "411", 南宁市: "771", 昆明市: "871", 乌鲁木齐市: "991",
};
const US_NOTES = [
  "Debtor confirmed address and employment; can pay after next payday.",
  "Said the card was used by an ex-partner; asked for account statements.",
  "Reduced hours at work. Discussed a hardship plan; will call back.",
  "Requested that we only call after 6 pm on weekdays.",
  "Spouse answered, took a message with our callback number only.",
  "Agreed to the amount; wants the confirmation by email.",
  "Asked for validation notice to be re-sent to the new address.",
  "Medical bills this month; offered a smaller first installment.",
];
const CN_NOTES = [
  "客户表示下周发工资后还款。",
  "客户称近期失业，申请延期，已告知可申请分期。",
  "客户确认地址无误，要求短信发送还款账号。",
  "客户情绪激动，已安抚，约定明天下午回电。",
  "客户同意分三期还款，待主管审批。",
  "客户称已通过支付宝还款，需核实到账。",
];
const US_RELATION_LABELS = ["mother", "father", "brother", "sister", "friend", "coworker", "cousin", "neighbor"];
const CN_RELATION_LABELS = ["母亲", "父亲", "哥哥", "姐姐", "同事", "朋友", "表弟"];
// The gate's input snapshot, abridged for seeded decisions (the live gate stores the full request).
const REQUEST_CONSUMER = jsonCell({ purpose: "collection", partyRole: "consumer", source: "seed" });
const REQUEST_LOCATION = jsonCell({ purpose: "location", partyRole: "emergency_contact", source: "seed" });
const ATTORNEY_FIRMS = ["Hale & Ortiz LLP", "Consumer Law Group", "Price Legal PLLC", "Bennett Debt Defense"];

export interface ChunkResult {
  buffers: Buffers;
  accounts: number;
  persons: number;
}

export class PortfolioGenerator {
  private readonly rng: Rng;
  private readonly codes: ReferenceCodes;
  private readonly now: number;
  private readonly today: number;
  private readonly usStateCum: number[];
  private readonly cnProvinceCum: number[];
  private readonly placements = new Map<string, SeedPlacement>();
  private readonly offsetCache = new Map<string, number>();
  private readonly dateCache = new Map<number, string>();
  private agentTurn = 0;
  private accountSeq = 0;
  /** The payment references used on the case being generated (unique per case, as the schema requires). */
  private caseReferences = { caseId: "", used: new Set<string>() };
  private buffers: Buffers = createBuffers();
  private chunkPersons = 0;

  constructor(private readonly ctx: GeneratorContext) {
    this.rng = new Rng(ctx.seed);
    this.codes = new ReferenceCodes(ctx.seed);
    this.now = ctx.now.getTime();
    this.today = Math.floor(this.now / DAY) * DAY;
    this.usStateCum = cumulativeWeights(usStates.map((s) => s.weight));
    this.cnProvinceCum = cumulativeWeights(cnProvinces.map((p) => p.weight));
  }

  /** Placements by client and month of arrival, with their totals (inserted after the load). */
  allPlacements(): SeedPlacement[] {
    return [...this.placements.values()];
  }

  /** Debtors until `accounts` accounts are written (the last case may be cut short to hit it exactly). */
  generateChunk(accounts: number): ChunkResult {
    this.buffers = createBuffers();
    this.chunkPersons = 0;
    let left = accounts;
    while (left > 0) left -= this.debtor(left);
    return { buffers: this.buffers, accounts, persons: this.chunkPersons };
  }

  // ---------------------------------------------------------------- people

  private debtor(maxAccounts: number): number {
    const r = this.rng;
    const china = r.chance(0.3);
    const party = china ? this.chinesePerson(true) : this.americanPerson(true);
    const related: Related[] = [];
    const emergencyCount = china ? (r.chance(0.9) ? r.int(1, 2) : 0) : r.chance(0.3) ? 1 : 0;
    for (let i = 0; i < emergencyCount; i++) {
      const ec = this.relatedPerson(party, china);
      const refused = china && r.chance(0.05);
      related.push({ party: ec, relationship: r.chance(0.85) ? "emergency_contact" : "reference", refused });
      this.buffers.related_parties.push(r.uuid(), party.id, ec.id, related[related.length - 1]!.relationship,
        cell(r.pick(china ? CN_RELATION_LABELS : US_RELATION_LABELS)), "f", refused ? cell(new Date(this.now - r.int(2, 50) * DAY)) : "\\N");
    }
    if (r.chance(china ? 0.1 : 0.15)) {
      const spouse = this.relatedPerson(party, china);
      related.push({ party: spouse, relationship: "spouse", refused: false });
      this.buffers.related_parties.push(r.uuid(), party.id, spouse.id, "spouse", china ? "配偶" : "spouse", "f", "\\N");
    }

    const hold = this.maybeHold(party, china);
    const clients = china
      ? [this.ctx.clients.cnLender]
      : r.chance(0.1) ? [this.ctx.clients.cardIssuer, this.ctx.clients.lender]
      : [r.chance(0.6) ? this.ctx.clients.cardIssuer : this.ctx.clients.lender];
    let written = 0;
    for (const client of clients) {
      if (written >= maxAccounts) break;
      const wanted = client.country === "CN" ? (r.chance(0.3) ? 2 : 1) : client === this.ctx.clients.cardIssuer ? (r.chance(0.2) ? 2 : 1) : r.chance(0.1) ? 2 : 1;
      const n = Math.min(wanted, maxAccounts - written);
      if (client === this.ctx.clients.lender && r.chance(0.08)) {
        const cosigner = this.relatedPerson(party, false);
        related.push({ party: cosigner, relationship: "co_signer", refused: false });
        this.buffers.related_parties.push(r.uuid(), party.id, cosigner.id, "co_signer", "co-signer", "t", "\\N");
      }
      this.caseFor(party, client, n, related, hold);
      written += n;
    }
    return written;
  }

  private americanPerson(debtor: boolean, near?: Party): Party {
    const r = this.rng;
    const pools = this.ctx.pools;
    const state: UsState = near ? usStates.find((s) => s.code === near.region) ?? r.pickWeighted(usStates, this.usStateCum) : r.pickWeighted(usStates, this.usStateCum);
    const area: UsArea = state.areas.length === 1 ? state.areas[0]! : r.pickWeighted(state.areas, cumulativeWeights(state.areas.map((a) => a.weight)));
    const female = r.chance(0.5);
    const given = r.pick(female ? pools.usFemale : pools.usMale);
    const family = near && r.chance(0.5) ? near.family : r.pick(pools.usLast);
    const fullName = `${given} ${family}`;
    const zip = String(r.pick(area.zip3)).padStart(3, "0") + String(r.int(1, 99)).padStart(2, "0");
    const city = r.pick(area.cities);
    const id = r.uuid();
    const zones = [area.zone];
    const phones: Phone[] = [];
    // A mobile kept from another state: its area code adds that state's zone as a candidate.
    let mobileArea = r.pick(area.areaCodes);
    if (r.chance(0.12)) {
      const other = r.pickWeighted(usStates, this.usStateCum);
      const otherArea = other.areas[0]!;
      mobileArea = r.pick(otherArea.areaCodes);
      if (!zones.includes(otherArea.zone)) zones.push(otherArea.zone);
    }
    phones.push(this.phone(id, "mobile", `+1${mobileArea}${this.usLocal()}`, debtor, true));
    if (debtor) {
      if (r.chance(0.25)) phones.push(this.phone(id, "landline", `+1${r.pick(area.areaCodes)}${this.usLocal()}`, true, false));
      if (r.chance(0.35)) phones.push(this.phone(id, "work", `+1${r.pick(area.areaCodes)}${this.usLocal()}`, true, false));
      if (r.chance(0.08)) phones.push(this.phone(id, "mobile", `+1${r.pick(area.areaCodes)}${this.usLocal()}`, true, false, "skip_trace"));
    }
    const noWork = phones.some((p) => p.type === "work") && r.chance(0.1);
    let email: Party["email"] = null;
    if (debtor && r.chance(0.85)) email = this.email(id, `${given}.${family}${r.int(1, 999)}`.toLowerCase().replace(/[^a-z0-9.]/g, ""), r.pick(US_EMAIL_DOMAINS));
    const street = `${r.int(10, 9899)} ${r.pick(pools.usStreets)}`;
    const line2 = r.chance(0.25) ? `Apt ${r.int(1, 40)}${r.pick(["", "A", "B", "C"])}` : null;
    if (debtor) {
      const postal = { lines: line2 ? [street, line2] : [street], city, region: state.code, postalCode: zip, country: "US" };
      this.buffers.contact_points.push(r.uuid(), id, "address", "\\N", cell(`${street}${line2 ? `, ${line2}` : ""}, ${city}, ${state.code} ${zip}`),
        jsonCell(postal), "f", "t", "t", "client", "f", "f", "\\N", r.chance(0.03) ? "bounced" : "valid", "\\N");
    }
    const windows = debtor && r.chance(0.03) ? [{ from: "09:00", to: "17:00" }] : [];
    const dob = debtor || r.chance(0.5) ? this.date(this.today - r.int(21 * 365, 75 * 365) * DAY) : null;
    this.buffers.persons.push(id, cell(fullName), cell(given), cell(family), cell(dob), "US", state.code, zip, arrayCell(zones), "en", jsonCell(windows), noWork ? "t" : "f");
    this.chunkPersons++;
    return { id, family, zones, country: "US", region: state.code, phones, email, noWorkplaceContact: noWork };
  }

  private chinesePerson(debtor: boolean, near?: Party): Party {
    const r = this.rng;
    const pools = this.ctx.pools;
    const province: CnProvince = near ? cnProvinces.find((p) => p.code === near.region) ?? r.pickWeighted(cnProvinces, this.cnProvinceCum) : r.pickWeighted(cnProvinces, this.cnProvinceCum);
    const city: CnCity = r.pick(province.cities);
    const family = near && r.chance(0.3) ? near.family : r.pick(pools.cnLast);
    const given = r.pick(pools.cnFirst);
    const id = r.uuid();
    const zones = ["Asia/Shanghai"];
    const phones: Phone[] = [this.phone(id, "mobile", `+86${r.pick(cnMobilePrefixes)}${String(r.int(0, 99_999_999)).padStart(8, "0")}`, debtor, true)];
    if (debtor && r.chance(0.2)) phones.push(this.phone(id, "work", `+86${CN_CITY_TEL[city.name] ?? "10"}${String(r.int(20_000_000, 89_999_999))}`, true, false));
    if (debtor && r.chance(0.15)) phones.push(this.phone(id, "mobile", `+86${r.pick(cnMobilePrefixes)}${String(r.int(0, 99_999_999)).padStart(8, "0")}`, true, false));
    let email: Party["email"] = null;
    if (debtor && r.chance(0.6)) email = this.email(id, `${r.pick(pools.cnPinyin)}${r.int(1000, 999_999)}`, r.pick(CN_EMAIL_DOMAINS));
    const postalCode = `${city.postal}${String(r.int(0, 999)).padStart(3, "0")}`;
    if (debtor) {
      const district = r.pick(city.districts);
      const street = `${r.pick(cnStreets)}${r.int(1, 999)}号`;
      const unit = `${r.int(1, 30)}栋${r.int(1, 3)}单元${r.int(1, 33)}0${r.int(1, 8)}室`;
      const prefix = province.name === city.name ? city.name : `${province.name}${city.name}`;
      const postal = { lines: [`${district}${street}${unit}`], city: city.name, region: province.code, postalCode, country: "CN" };
      this.buffers.contact_points.push(r.uuid(), id, "address", "\\N", cell(`${prefix}${district}${street}${unit}`), jsonCell(postal),
        "f", "t", "t", "client", "f", "f", "\\N", "valid", "\\N");
    }
    const dob = this.date(this.today - r.int(20 * 365, 60 * 365) * DAY);
    this.buffers.persons.push(id, family + given, given, family, debtor ? dob : "\\N", "CN", province.code, postalCode, arrayCell(zones), "zh-CN", "[]", "f");
    this.chunkPersons++;
    return { id, family, zones, country: "CN", region: province.code, phones, email, noWorkplaceContact: false };
  }

  private relatedPerson(debtor: Party, china: boolean): Party {
    return china ? this.chinesePerson(false, debtor) : this.americanPerson(false, debtor);
  }

  private usLocal(): string {
    return `${this.rng.int(2, 9)}${this.rng.int(10, 99)}${String(this.rng.int(0, 9999)).padStart(4, "0")}`;
  }

  private phone(personId: string, type: Phone["type"], value: string, debtor: boolean, primary: boolean, source = "client"): Phone {
    const r = this.rng;
    const id = r.uuid();
    const wrong = debtor && !primary && r.chance(0.08);
    const disconnected = !wrong && debtor && r.chance(0.02);
    const consentCall = type === "mobile" && r.chance(0.7);
    const consentSms = type === "mobile" && r.chance(0.6);
    const invalidatedAt = wrong || disconnected ? cell(new Date(this.now - r.int(1, 90) * DAY)) : "\\N";
    this.buffers.contact_points.push(id, personId, "phone", type, value, "\\N", type === "work" ? "t" : "f", type === "work" ? "f" : "t",
      primary ? "t" : "f", source, consentCall ? "t" : "f", consentSms ? "t" : "f",
      consentCall || consentSms ? cell(new Date(this.now - r.int(200, 2000) * DAY)) : "\\N",
      wrong ? "wrong_number" : disconnected ? "disconnected" : "valid", invalidatedAt);
    const smsOptedOut = consentSms && r.chance(0.04);
    if (smsOptedOut) this.buffers.opt_outs.push(r.uuid(), personId, "sms", id, "sms_reply", cell(new Date(this.now - r.int(1, 120) * DAY)));
    return { id, value, type, valid: !wrong && !disconnected, consentCall, consentSms, smsOptedOut };
  }

  private email(personId: string, local: string, domain: string): NonNullable<Party["email"]> {
    const r = this.rng;
    const id = r.uuid();
    const value = `${local || "user"}@${domain}`;
    const valid = !r.chance(0.05);
    this.buffers.contact_points.push(id, personId, "email", "\\N", cell(value), "\\N", "f", "t", "f", "client", "f", "f", "\\N",
      valid ? "valid" : "bounced", valid ? "\\N" : cell(new Date(this.now - r.int(1, 60) * DAY)));
    const optedOut = valid && r.chance(0.02);
    if (optedOut) this.buffers.opt_outs.push(r.uuid(), personId, "email", id, "email_link", cell(new Date(this.now - r.int(1, 120) * DAY)));
    return { id, value, valid, optedOut };
  }

  private maybeHold(party: Party, china: boolean): Hold | null {
    const r = this.rng;
    const x = r.next();
    const kinds: Array<[Hold["kind"], number]> = china
      ? [["hardship", 0.01], ["fraud", 0.003], ["deceased", 0.001]]
      : [["cease", 0.01], ["attorney", 0.008], ["bankruptcy", 0.006], ["deceased", 0.003], ["hardship", 0.006], ["fraud", 0.002]];
    let acc = 0;
    for (const [kind, p] of kinds) {
      acc += p;
      if (x < acc) {
        const placedAt = this.now - r.int(1, 75) * DAY - r.int(0, 600) * MIN;
        const details: Record<string, unknown> = {};
        if (kind === "attorney") {
          const given = r.pick(this.ctx.pools.usFemale);
          const family = r.pick(this.ctx.pools.usLast);
          details.attorney = { name: `${given} ${family}, Esq.`, firm: r.pick(ATTORNEY_FIRMS), phone: `+1${r.pick([212, 312, 415, 617, 713])}${this.usLocal()}`, email: `${given}.${family}@lawfirm.example`.toLowerCase() };
        } else if (kind === "bankruptcy") {
          const chapter = r.chance(0.7) ? "7" : "13";
          details.bankruptcy = { chapter, filingDate: this.date(placedAt - r.int(1, 20) * DAY), caseNumber: `${r.int(20, 26)}-${r.int(10000, 99999)}` };
        } else if (kind === "deceased") {
          details.deceased = { dateOfDeath: this.date(placedAt - r.int(5, 60) * DAY), estateRepresentative: china ? undefined : `${r.pick(this.ctx.pools.usMale)} ${r.pick(this.ctx.pools.usLast)}` };
        } else if (kind === "cease") details.note = "Written cease-communication request received by mail.";
        else if (kind === "hardship") details.note = china ? "客户失业，暂停催收30天。" : "Job loss; collection paused for 30 days.";
        const released = kind === "hardship" && r.chance(0.3);
        this.buffers.holds.push(r.uuid(), party.id, "\\N", kind, jsonCell(details), "\\N", cell(new Date(placedAt)), released ? cell(new Date(placedAt + 30 * DAY)) : "\\N");
        this.audit(placedAt, null, "hold.place", "person", party.id, party.id, null, { kind });
        return { kind, placedAt, released };
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- cases

  private caseFor(party: Party, client: SeedClient, accountCount: number, related: Related[], hold: Hold | null): void {
    const r = this.rng;
    const b = this.buffers;
    const team = client.country === "CN" ? this.ctx.cnTeam : this.ctx.usTeam;
    const owner = team.agents[this.agentTurn++ % team.agents.length]!;
    const caseId = r.uuid();
    const china = client.country === "CN";
    const jurisdiction = `${client.country}-${party.region}`;
    const ma = jurisdiction === "US-MA";
    const ruleSet = ma ? "US-MA" : client.ruleSet;

    // Accounts: one bucket per case (the cards of one person fall behind together), DPD within it.
    const bucket = r.pickWeighted(BUCKETS, BUCKET_CUM);
    const accounts: Account[] = [];
    let openedAt = this.now;
    for (let i = 0; i < accountCount; i++) {
      // 180+: mostly under three years; a tail of old debt, some of it past its limitation date.
      const dpd = bucket[0] === 180 ? (r.chance(0.88) ? r.int(180, 1000) : r.int(1000, 2600)) : r.int(bucket[0], bucket[1]);
      const placedDaysAgo = dpd <= 0 ? r.int(0, 27) : Math.max(0, Math.min(dpd - r.int(0, 20), 728));
      const placement = this.placement(client, Math.floor(placedDaysAgo / 7));
      const receivedAt = placement.receivedAt.getTime();
      openedAt = Math.min(openedAt, receivedAt);
      const total = r.skewed(client.balance[0], client.balance[1]);
      const fees = Math.round(total * 0.03);
      const interest = Math.round(total * (china ? 0.12 : 0.16));
      const principal = total - fees - interest;
      placement.accountCount++;
      placement.placedTotalMinor += total;
      accounts.push({ id: r.uuid(), dpd, placed: total, balance: total, status: "active", closeCode: null, closedAt: null });
      const due = this.today - dpd * DAY;
      const solYears = china ? 3 : ["MA", "NY", "CA", "TX", "FL"].includes(party.region) ? (party.region === "MA" ? 6 : 4) : 3 + (party.region.charCodeAt(0) % 4);
      const product = r.pick(client.products);
      const a = accounts[i]!;
      (a as Account & { row: string[] }).row = [
        a.id, client.id, placement.id, caseId, party.id, cell(client.name),
        `${china ? "HX" : client.code.slice(0, 3)}${String(++this.accountSeq).padStart(9, "0")}`, product, client.currency,
        String(principal), String(interest), String(fees), String(total), "", this.date(due),
        dpd > 0 ? this.date(due + DAY) : "\\N", product === "credit_card" && dpd >= 180 ? this.date(due + 180 * DAY) : "\\N",
        this.date(due + solYears * 365 * DAY), jurisdiction,
      ];
    }
    const dpd = Math.max(...accounts.map((a) => a.dpd));
    const accountIdsCell = arrayCell(accounts.map((a) => a.id));

    // Contact history over the last 60 days, walking forward in time at lawful local hours.
    const windowStart = Math.max(openedAt, this.today - 60 * DAY);
    const stopAt = hold && !hold.released ? hold.placedAt : this.now;
    let t = windowStart + r.int(0, 3) * DAY;
    let lastConversation: { id: string; at: number } | null = null;
    let lastContact: number | null = null;
    let failedCalls = 0;
    const isAgentCall = () => r.chance(0.7);
    while (t < stopAt) {
      const attempt = this.attempt(party, party, "consumer", client, caseId, accountIdsCell, owner, ruleSet, t, isAgentCall(), accounts);
      // 8+ days between touches keeps every debt far inside 7-in-7, US-MA's 2 calls per 7 days and CONV7.
      let gap = r.int(8, 22);
      if (attempt) {
        lastContact = attempt.at;
        if (attempt.outcome === "conversation") {
          lastConversation = { id: attempt.id, at: attempt.at };
          gap = Math.max(gap, 8);
        } else if (attempt.channel === "call") failedCalls++;
      }
      t += gap * DAY;
    }
    // Unreachable debtor: one location call to an emergency contact (never about the debt).
    const ec = related.find((x) => x.relationship === "emergency_contact" && !x.refused);
    if (ec && !lastConversation && failedCalls >= 3 && r.chance(china ? 0.4 : 0.1) && stopAt > this.today - 10 * DAY) {
      const at = this.today - r.int(1, 10) * DAY;
      const a = this.attempt(ec.party, party, "emergency_contact", client, caseId, accountIdsCell, owner, ruleSet, at, true, accounts);
      if (a) lastContact = Math.max(lastContact ?? 0, a.at);
    }
    // Inbound call from the debtor.
    if (r.chance(0.04) && stopAt > windowStart) {
      const at = this.lawfulInstant(party.zones, Math.floor((windowStart + r.next() * (stopAt - windowStart)) / DAY) * DAY);
      if (at !== null && at < this.now && party.phones[0]) {
        const id = r.uuid();
        b.contact_attempts.push(id, "\\N", this.codes.next(), caseId, party.id, party.id, "consumer", party.phones[0].id, party.phones[0].value,
          "call", "inbound", "collection", accountIdsCell, "f", "\\N", "\\N", owner.id, "\\N", cell(new Date(at)));
        b.contact_outcomes.push(r.uuid(), id, "conversation", "agent", owner.id, "\\N", `{"durationSeconds":${r.int(60, 900)}}`, cell(new Date(at + 5 * MIN)));
        if (!lastConversation || lastConversation.at < at) lastConversation = { id, at };
        lastContact = Math.max(lastContact ?? 0, at);
      }
    }

    // What the conversations led to: a promise, a plan, a callback, a note.
    let pendingPromiseDue: number | null = null;
    let brokenRecently = false;
    let callbackAt: number | null = null;
    let onPlan = false;
    let promised = false;
    if (lastConversation) {
      const conv = lastConversation;
      const x = r.next();
      if (x < 0.6 && dpd > 0) {
        promised = this.promise(caseId, client, accounts, accountIdsCell, owner, conv, (due) => (pendingPromiseDue = due), () => (brokenRecently = true));
      } else if (x < 0.75 && dpd > 14) {
        onPlan = this.plan(caseId, client, accounts, accountIdsCell, owner, conv);
      } else if (x < 0.9) {
        const day = Math.max(this.today, Math.floor(conv.at / DAY) * DAY + r.int(1, 5) * DAY);
        const due = this.lawfulInstant(party.zones, day);
        if (due !== null) {
          const done = due < this.now;
          b.callbacks.push(r.uuid(), caseId, cell(new Date(due)), party.phones[0]?.id ?? "\\N", owner.id, done ? cell(new Date(due + 10 * MIN)) : "\\N", cell(new Date(conv.at)));
          if (!done) callbackAt = due;
        }
      }
      if (r.chance(0.6)) b.notes.push(r.uuid(), caseId, owner.id, cell(r.pick(china ? CN_NOTES : US_NOTES)), cell(new Date(conv.at + 6 * MIN)));
    }
    if (!onPlan && !promised && r.chance(0.04)) this.spontaneousPayment(caseId, client, accounts);

    // Disputes, closures, legal.
    let disputed = false;
    for (const a of accounts) {
      if (r.chance(china ? 0.005 : 0.02) && a.dpd > 0) {
        const openedDisputeAt = this.now - r.int(2, 55) * DAY;
        const status = r.pick(["open", "open", "verification_sent", "resolved", "withdrawn"] as const);
        if (status === "open") {
          a.status = "disputed";
          disputed = true;
        }
        b.disputes.push(r.uuid(), caseId, a.id, r.pick(["written", "oral", "portal", "email"]),
          cell(r.pick(china ? ["金额有误", "非本人借款"] : ["Not my debt", "Amount is wrong", "Already paid", "Identity theft"])), status, owner.id,
          cell(new Date(openedDisputeAt)), status === "verification_sent" || status === "resolved" ? cell(new Date(openedDisputeAt + 7 * DAY)) : "\\N",
          status === "resolved" || status === "withdrawn" ? cell(new Date(openedDisputeAt + 12 * DAY)) : "\\N");
      }
      const x = r.next();
      if (a.status === "active" && a.dpd > 0) {
        if (x < 0.025) this.closeWithPayment(caseId, client, a, owner, "paid_in_full");
        else if (x < 0.04 && a.dpd > 90) this.closeWithPayment(caseId, client, a, owner, "settled");
        else if (x < 0.05) Object.assign(a, { status: "recalled", closeCode: "recalled", closedAt: this.now - r.int(1, 30) * DAY });
        else if (hold?.kind === "deceased" && !hold.released && r.chance(0.5)) Object.assign(a, { status: "closed", closeCode: "deceased", closedAt: hold.placedAt + 7 * DAY });
        else if (hold?.kind === "bankruptcy" && r.chance(0.3)) Object.assign(a, { status: "closed", closeCode: "bankrupt", closedAt: hold.placedAt + 30 * DAY });
      }
    }
    // In litigation: an account status (the lawsuit), not the outreach stage (which DPD alone sets, below).
    const litigation = dpd >= 180 && !hold && r.chance(0.25);
    for (const a of accounts) {
      if (a.status === "active") a.status = onPlan ? "on_plan" : promised && pendingPromiseDue !== null ? "promised" : litigation ? "legal" : "active";
      const row = (a as Account & { row: string[] }).row;
      row[13] = String(a.balance);
      b.accounts.push(...row, a.status, a.closeCode ?? "\\N", a.closedAt !== null ? cell(new Date(a.closedAt)) : "\\N");
    }
    const open = accounts.some((a) => a.closedAt === null);
    const closedAt = open ? null : Math.max(...accounts.map((a) => a.closedAt ?? 0));

    // Holds and opt-outs show up in the decisions of the gate as blocks.
    if (hold && !hold.released && open) {
      const rule = { cease: "US-REGF-CEASE", attorney: "US-REGF-ATTY", bankruptcy: "US-BK-STAY", deceased: "US-DECEASED", hardship: china ? "CN-3P-CONTACTS" : "US-REGF-CEASE", fraud: "US-REGF-CEASE" }[hold.kind];
      const at = Math.min(this.now - MIN, hold.placedAt + r.int(1, 5) * DAY);
      b.compliance_decisions.push(r.uuid(), caseId, party.id, "\\N", "call", ruleSet, "block", "\\N",
        jsonCell([{ rule, outcome: "block", reason: `active ${hold.kind} hold` }]), arrayCell(party.zones),
        REQUEST_CONSUMER, cell(new Date(at)));
    }

    // The queue position, as domain/cases/prioritise-case would compute it (the console recomputes it).
    const reachable = party.phones.some((p) => p.valid) && !hold;
    const balanceUsd = accounts.reduce((s, a) => s + a.balance, 0) / (client.currency === "CNY" ? 720 : 100);
    let score: number;
    let reason: string;
    if (!open) [score, reason] = [0, "follow_up"];
    else if (pendingPromiseDue === this.today) [score, reason] = [1000, "promise_due_today"];
    else if (callbackAt !== null && callbackAt < this.today + DAY) [score, reason] = [900, "callback_due"];
    else if (brokenRecently) [score, reason] = [800, "broken_promise"];
    else if (this.now - openedAt <= 7 * DAY) [score, reason] = [700, "new_placement"];
    else if (reachable && balanceUsd >= 5000 && pendingPromiseDue === null) [score, reason] = [500 + Math.min(199, Math.round(balanceUsd / 1000)), "high_balance_reachable_now"];
    else [score, reason] = [100 + Math.min(300, Math.max(0, dpd)), "follow_up"];
    if (hold && !hold.released) score = Math.min(score, 50);

    // The stage the planner would have reached (stageForDpd, the one schedule), entered on the day the
    // case's DPD crossed the stage's lower bound; legal escalation moves the case to the legal queue
    // (enter-stage), unless a bankruptcy or death sent it to supervisor review.
    const stageSeed = stageForDpd(STAGES[client.ruleSet], dpd);
    const stage = stageSeed?.kind ?? "\\N";
    const stageDays = stageSeed ? dpd - (stageSeed.entry.dpdMin ?? dpd) : 0;
    const review = hold && !hold.released && (hold.kind === "bankruptcy" || hold.kind === "deceased");
    const queue = review ? "supervisor_review" : stageSeed?.kind === "legal" ? "legal" : "standard";
    b.cases.push(caseId, client.id, party.id, team.id, owner.id, queue, open ? "open" : "closed", String(score), reason,
      client.strategyId ?? "\\N", stage, stageSeed ? cell(new Date(Math.max(openedAt, this.now - stageDays * DAY))) : "\\N",
      pendingPromiseDue !== null ? cell(new Date(pendingPromiseDue + DAY)) : "\\N", callbackAt !== null ? cell(new Date(callbackAt)) : "\\N",
      lastContact !== null ? cell(new Date(lastContact)) : "\\N", cell(new Date(openedAt)), closedAt !== null ? cell(new Date(closedAt)) : "\\N",
      cell(new Date(openedAt)));
    if (disputed) this.audit(this.now - r.int(1, 50) * DAY, owner, "dispute.open", "case", caseId, party.id, caseId, {});
  }

  // ---------------------------------------------------------------- the ledger

  /** One outbound attempt on day `day` (UTC midnight or any instant of it): picks channel and address,
   *  writes the gate's decision, the attempt and its outcomes. Null when nothing lawful was possible. */
  private attempt(
    to: Party, debtor: Party, role: "consumer" | "emergency_contact", client: SeedClient, caseId: string, accountIdsCell: string,
    owner: SeedAgent, ruleSet: string, day: number, byAgent: boolean, accounts: Account[],
  ): { id: string; at: number; outcome: string; channel: string } | null {
    const r = this.rng;
    const b = this.buffers;
    const china = client.country === "CN";
    const start = this.lawfulInstant(to.zones, Math.floor(day / DAY) * DAY);
    if (start === null || start >= this.now) return null;
    const usable = to.phones.filter((p) => p.valid && !(p.type === "work" && to.noWorkplaceContact));
    const x = r.next();
    let channel: "call" | "sms" | "email" = role === "consumer" ? (x < (china ? 0.7 : 0.55) ? "call" : x < (china ? 1 : 0.8) ? "sms" : "email") : "call";
    let phone: Phone | undefined;
    if (channel === "sms") {
      phone = usable.find((p) => p.type === "mobile" && p.consentSms && !p.smsOptedOut);
      if (!phone) channel = "call";
    }
    if (channel === "email" && !(to.email && to.email.valid && !to.email.optedOut)) channel = "call";
    if (channel === "call") {
      phone = usable.length > 1 && r.chance(0.3) ? r.pick(usable) : usable[0];
      if (!phone) return null;
    }
    const autodialed = channel === "call" && !byAgent && !!phone?.consentCall;
    const agent = channel === "call" && (byAgent || !autodialed) ? owner : null;
    const id = r.uuid();
    const decisionId = r.uuid();
    const purpose = role === "consumer" ? "collection" : "location";
    const startCell = cell(new Date(start));
    // A deferral first, now and then: the gate moved the attempt to a lawful minute.
    if (r.chance(0.03)) {
      const evaluated = start - r.int(30, 600) * MIN;
      b.compliance_decisions.push(r.uuid(), caseId, debtor.id, agent?.id ?? "\\N", channel, ruleSet, "defer", startCell,
        jsonCell([{ rule: china ? "CN-TIME" : "US-REGF-TIME", outcome: "defer", reason: china ? "22:00–08:00 Asia/Shanghai" : "outside 08:00–21:00 local", notBefore: new Date(start).toISOString() }]),
        arrayCell(to.zones), role === "consumer" ? REQUEST_CONSUMER : REQUEST_LOCATION, cell(new Date(evaluated)));
    }
    const evaluatedCell = cell(new Date(start - r.int(1, 20) * 1000));
    b.compliance_decisions.push(decisionId, caseId, debtor.id, agent?.id ?? "\\N", channel, ruleSet, "allow", "\\N", "[]", arrayCell(to.zones),
      role === "consumer" ? REQUEST_CONSUMER : REQUEST_LOCATION, evaluatedCell);
    const code = this.codes.next();
    const address = channel === "email" ? to.email!.value : phone!.value;
    const pointId = channel === "email" ? to.email!.id : phone!.id;
    const template = channel === "call" ? undefined : this.ctx.templates.get(`${channel}:${china ? "zh-CN" : "en"}`);
    let body = "\\N";
    if (channel !== "call") {
      body = china
        ? cell(`【华信消费金融】您的账户需要处理，请致电400-820-6600。参考号${code}。回复TD退订`)
        : cell(`Casebook Recovery Services: please call us at 1-800-555-0142 about your account. This is a communication from a debt collector. Ref ${code}. Reply STOP to opt out.`);
    }
    b.contact_attempts.push(id, r.uuid(), code, caseId, debtor.id, to.id, role, pointId, cell(address), channel, "outbound", purpose,
      accountIdsCell, autodialed ? "t" : "f", decisionId, template ?? "\\N", agent?.id ?? "\\N", body, startCell);
    let outcome: string;
    if (channel === "call") {
      outcome = r.pickWeighted(CALL_OUTCOMES, CALL_OUTCOME_CUM);
      const seconds = outcome === "conversation" ? r.int(90, 1200) : outcome === "voicemail" ? r.int(20, 60) : r.int(5, 40);
      const at = start + seconds * 1000;
      const details = outcome === "conversation"
        ? `{"durationSeconds":${seconds},"identityStatementGiven":true,"miniMirandaGiven":${!china && role === "consumer"}${role === "consumer" ? `,"amountDiscussedMinor":${accounts.reduce((s, a) => s + a.balance, 0)}` : ""}}`
        : `{"durationSeconds":${seconds}}`;
      b.contact_outcomes.push(r.uuid(), id, outcome, agent ? "agent" : "worker", agent?.id ?? "\\N", "\\N", details, cell(new Date(at)));
      if (outcome === "conversation" && agent && r.chance(0.5)) this.audit(start - 30_000, agent, "case.view", "case", caseId, debtor.id, caseId, {});
    } else {
      const providerId = `${channel === "sms" ? "SM" : "EM"}${id.replaceAll("-", "").slice(0, 24)}`;
      b.contact_outcomes.push(r.uuid(), id, "sent", "worker", "\\N", providerId, "{}", cell(new Date(start + 1000)));
      const ok = r.chance(channel === "sms" ? 0.96 : 0.93);
      const at = new Date(start + r.int(3, 90) * 1000);
      b.contact_outcomes.push(r.uuid(), id, ok ? "delivered" : "failed", "provider", "\\N", providerId,
        ok ? `{"providerStatus":"delivered"}` : `{"providerStatus":"undeliverable","error":"${channel === "sms" ? "carrier rejected" : "mailbox unavailable"}"}`, cell(at));
      outcome = ok ? "delivered" : "failed";
    }
    return { id, at: start, outcome, channel };
  }

  /** A random instant on calendar day `dayUtc` that is between 09:00 and 20:00 in every candidate zone
   *  (a margin inside the 08:00–21:00 of US-REGF-TIME-MULTITZ and CN-TIME); null if none exists. */
  private lawfulInstant(zones: string[], dayUtc: number): number | null {
    let from = -Infinity;
    let to = Infinity;
    for (const zone of zones) {
      const offset = this.offsetMinutes(zone, dayUtc);
      // Local 09:00–20:00 of the calendar day `dayUtc` names, as instants.
      const f = dayUtc + (9 * 60 - offset) * MIN;
      from = Math.max(from, f);
      to = Math.min(to, f + 11 * 60 * MIN);
    }
    if (to - from < 10 * MIN) return null;
    return from + Math.floor(this.rng.next() * (to - from - 5 * MIN));
  }

  /** UTC offset of a zone on a day, in minutes (cached: a few dozen Intl calls for the whole seed). */
  private offsetMinutes(zone: string, dayUtc: number): number {
    const key = `${zone}|${dayUtc}`;
    let offset = this.offsetCache.get(key);
    if (offset === undefined) {
      const noon = new Date(dayUtc + 12 * 3600_000);
      const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" }).formatToParts(noon);
      const name = parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT";
      const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
      offset = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
      this.offsetCache.set(key, offset);
    }
    return offset;
  }

  // ---------------------------------------------------------------- money

  private promise(caseId: string, client: SeedClient, accounts: Account[], accountIdsCell: string, owner: SeedAgent,
    conv: { id: string; at: number }, onPending: (due: number) => void, onBroken: () => void): boolean {
    const r = this.rng;
    const b = this.buffers;
    const total = accounts.reduce((s, a) => s + a.balance, 0);
    const amount = Math.max(1000, Math.round((total * r.int(10, 100)) / 100 / 100) * 100);
    let due = Math.floor(conv.at / DAY) * DAY + r.int(1, 14) * DAY;
    // Some promises fall due today: the top of the agent's queue.
    if (due >= this.today && r.chance(0.25)) due = this.today;
    const id = r.uuid();
    let status: "pending" | "kept" | "broken" = "pending";
    let resolvedAt: number | null = null;
    if (due < this.today) {
      status = r.chance(0.6) ? "kept" : "broken";
      resolvedAt = due + DAY + r.int(60, 600) * MIN;
      if (status === "kept") {
        this.payment(caseId, client, accounts[0]!, amount, due + r.int(8 * 60, 20 * 60) * MIN, owner, { promiseId: id });
        resolvedAt = due + r.int(8 * 60, 22 * 60) * MIN;
      } else if (this.now - due < 14 * DAY) onBroken();
    } else onPending(due);
    b.promises.push(id, caseId, accountIdsCell, String(amount), client.currency, this.date(due), status, conv.id, owner.id,
      resolvedAt !== null ? cell(new Date(resolvedAt)) : "\\N", cell(new Date(conv.at + 3 * MIN)));
    this.audit(conv.at + 3 * MIN, owner, "promise.record", "promise", id, null, caseId, { amountMinor: amount });
    return true;
  }

  private plan(caseId: string, client: SeedClient, accounts: Account[], accountIdsCell: string, owner: SeedAgent, conv: { id: string; at: number }): boolean {
    const r = this.rng;
    const b = this.buffers;
    const total = accounts.reduce((s, a) => s + a.balance, 0);
    const count = r.int(3, 18);
    const frequency = r.pick(["monthly", "monthly", "biweekly", "weekly"] as const);
    const step = frequency === "monthly" ? 30 : frequency === "biweekly" ? 14 : 7;
    const needsApproval = count > client.planMaxInstallments;
    const approved = !needsApproval || r.chance(0.5);
    const status0 = needsApproval && !approved ? "pending_approval" : "active";
    const id = r.uuid();
    const createdAt = conv.at + 4 * MIN;
    const per = Math.max(100, Math.floor(total / count / 100) * 100);
    let status: string = status0;
    let brokenAt: number | null = null;
    let paidCount = 0;
    for (let seq = 1; seq <= count; seq++) {
      const due = Math.floor(createdAt / DAY) * DAY + (7 + (seq - 1) * step) * DAY;
      const amount = seq === count ? total - per * (count - 1) : per;
      const instId = r.uuid();
      let instStatus = "due";
      let paid = 0;
      let paidAt: number | null = null;
      if (status === "active" && due < this.today) {
        if (r.chance(0.85)) {
          instStatus = "paid";
          paid = amount;
          paidAt = due + r.int(-2, 0) * DAY + r.int(9 * 60, 18 * 60) * MIN;
          this.payment(caseId, client, accounts[0]!, amount, paidAt, owner, { planInstallmentId: instId });
          paidCount++;
        } else {
          instStatus = "missed";
          status = "broken";
          brokenAt = due + 3 * DAY;
        }
      }
      b.plan_installments.push(instId, id, String(seq), this.date(due), String(amount), String(paid), instStatus, paidAt !== null ? cell(new Date(paidAt)) : "\\N");
    }
    if (status === "active" && paidCount === count) status = "completed";
    b.payment_plans.push(id, caseId, accountIdsCell, client.currency, String(total), String(count), frequency, status, needsApproval ? "t" : "f",
      needsApproval ? cell(`${count} installments exceed the client's limit of ${client.planMaxInstallments}`) : "\\N", owner.id,
      needsApproval && approved ? this.ctx.supervisorId : "\\N", needsApproval && approved ? cell(new Date(createdAt + 3 * 3600_000)) : "\\N",
      brokenAt !== null ? cell(new Date(brokenAt)) : "\\N", cell(new Date(createdAt)));
    this.audit(createdAt, owner, "plan.create", "payment_plan", id, null, caseId, { installments: count });
    return status === "active" || status === "pending_approval";
  }

  /** A random reference that repeats on the same case gets a suffix (a processor never reuses one). */
  private paymentReference(caseId: string, drawn: string): string {
    if (this.caseReferences.caseId !== caseId) this.caseReferences = { caseId, used: new Set() };
    let ref = drawn;
    for (let i = 2; this.caseReferences.used.has(ref); i++) ref = `${drawn}-${i}`;
    this.caseReferences.used.add(ref);
    return ref;
  }

  private payment(caseId: string, client: SeedClient, account: Account, amount: number, at: number, owner: SeedAgent | null,
    link: { promiseId?: string; planInstallmentId?: string }, reversible = false): void {
    const r = this.rng;
    at = Math.min(at, this.now - MIN);
    const id = r.uuid();
    const method = client.currency === "CNY" ? r.pick(["alipay", "wechat_pay", "unionpay", "bank_transfer"]) : r.pick(["card", "card", "ach", "check"]);
    const reversed = reversible && r.chance(0.15) && at < this.now - 3 * DAY;
    const applied = Math.min(amount, account.balance);
    if (!reversed) account.balance -= applied;
    this.buffers.payments.push(id, caseId, client.currency, String(amount), method, this.paymentReference(caseId, `${method.toUpperCase().slice(0, 3)}-${r.int(100_000, 999_999)}`),
      cell(new Date(at)), reversed ? "reversed" : "posted", owner?.id ?? "\\N",
      reversed ? cell(new Date(at + r.int(2, 10) * DAY)) : "\\N", reversed ? r.pick(["nsf", "returned", "chargeback"]) : "\\N", cell(new Date(at)));
    this.buffers.payment_allocations.push(r.uuid(), id, account.id, String(applied), link.planInstallmentId ?? "\\N", link.promiseId ?? "\\N");
  }

  private spontaneousPayment(caseId: string, client: SeedClient, accounts: Account[]): void {
    const a = this.rng.pick(accounts);
    if (a.dpd <= 0) return;
    const amount = Math.max(500, Math.round((a.balance * this.rng.int(5, 30)) / 100));
    this.payment(caseId, client, a, amount, this.now - this.rng.int(1, 90) * DAY, null, {}, true);
  }

  private closeWithPayment(caseId: string, client: SeedClient, a: Account, owner: SeedAgent, code: "paid_in_full" | "settled"): void {
    const at = this.now - this.rng.int(1, 45) * DAY;
    const amount = code === "paid_in_full" ? a.balance : Math.round((a.balance * this.rng.int(55, 75)) / 100);
    this.payment(caseId, client, a, amount, at, owner, {});
    Object.assign(a, { balance: 0, status: code === "paid_in_full" ? "paid" : "settled", closeCode: code, closedAt: at + DAY });
  }

  // ---------------------------------------------------------------- helpers

  /** Clients place weekly batches; `week` counts back from this week. */
  private placement(client: SeedClient, week: number): SeedPlacement {
    const key = `${client.id}|${week}`;
    let p = this.placements.get(key);
    if (!p) {
      const receivedAt = new Date(this.today - (week * 7 + 3) * DAY + 14 * 3600_000);
      p = { id: this.rng.uuid(), clientId: client.id, receivedAt, accountCount: 0, placedTotalMinor: 0 };
      this.placements.set(key, p);
    }
    return p;
  }

  private audit(at: number, actor: SeedAgent | null, action: string, entityType: string, entityId: string, personId: string | null, caseId: string | null, details: Record<string, unknown>): void {
    this.buffers.audit_events.push(cell(new Date(Math.min(at, this.now))), actor ? "user" : "system", actor?.id ?? "\\N", actor ? actor.email : "system:seed",
      action, entityType, entityId, personId ?? "\\N", caseId ?? "\\N", jsonCell(details));
  }

  private date(ms: number): string {
    let s = this.dateCache.get(ms);
    if (s === undefined) {
      s = new Date(ms).toISOString().slice(0, 10);
      if (this.dateCache.size < 100_000) this.dateCache.set(ms, s);
    }
    return s;
  }
}
