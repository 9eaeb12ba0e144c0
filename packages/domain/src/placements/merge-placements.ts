import { sql } from "drizzle-orm";
import type { DbOrTx } from "@casebook/db";

export interface MergeTarget {
  clientId: string;
  /** The placement row the new accounts arrive in (created here). */
  placementId: string;
  placementReference: string;
  source: "file" | "api";
  teamId: string;
  strategyId: string | null;
  currency: string;
  now: Date;
}

export interface MergeResult {
  created: number;
  updated: number;
  /** Accounts whose client balance changed: one balance_adjustments row each. */
  balanceChanges: number;
  /** Later rows of a reference already in this file (the first one wins). */
  duplicates: Array<{ rowNo: number; firstRow: number; accountReference: string }>;
}

const rows = <T>(r: unknown): T[] => r as T[];

/**
 * Merges a staging table (staging.ts) into the book, in the caller's transaction, idempotent by
 * client + client account reference: a reference already placed is updated, never duplicated, and a
 * changed balance is a ledger row (balance_adjustments) that moves our balance by the client's delta,
 * so payments collected meanwhile are kept; a new reference becomes a person, their contact points, a
 * case and the account. One statement per table, so a million rows cost a handful of set operations.
 * Merges of one client run one at a time (advisory lock), so two files never race on a reference.
 */
export async function mergePlacements(tx: DbOrTx, staging: string, t: MergeTarget): Promise<MergeResult> {
  const stg = sql.raw(staging);
  const now = t.now.toISOString();
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`placement-merge:${t.clientId}`}))`);
  // A million-row staging table: its duplicate sort and its index in memory, not in temp files (for
  // this transaction only).
  await tx.execute(sql`set local work_mem = '128MB'`);
  await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
  const dupes = rows<{ row_no: string; first_row: string; account_reference: string }>(await tx.execute(sql`
    with d as (select row_no, row_number() over w as n, first_value(row_no) over w as first_row from ${stg} window w as (partition by account_reference order by row_no))
    delete from ${stg} s using d where s.row_no = d.row_no and d.n > 1 returning s.row_no, d.first_row, s.account_reference`));
  await tx.execute(sql`create index on ${stg} (account_reference)`);
  await tx.execute(sql`analyze ${stg}`);
  // Which rows are known: their account id replaces the drawn one.
  const known = rows<{ n: string }>(await tx.execute(sql`
    with k as (update ${stg} s set account_id = a.id, person_id = a.person_id, case_id = a.case_id, known = true from accounts a
      where a.client_id = ${t.clientId} and a.client_reference = s.account_reference returning 1)
    select count(*) as n from k`));

  const changed = rows<{ n: string }>(await tx.execute(sql`
    with m as (
      select s.account_id, a.placed_balance_minor as old, s.balance_minor as new from ${stg} s join accounts a on a.id = s.account_id
      where s.known and a.placed_balance_minor <> s.balance_minor
    ), ins as (
      insert into balance_adjustments (account_id, from_minor, to_minor, delta_minor, source, source_ref, at)
      select account_id, old, new, new - old, ${`placement_${t.source}`}, ${t.placementReference}, ${now}::timestamptz from m returning 1
    ) select count(*) as n from ins`));
  await tx.execute(sql`
    update accounts a set
      balance_minor = greatest(0, a.balance_minor + (s.balance_minor - a.placed_balance_minor)),
      placed_balance_minor = s.balance_minor, principal_minor = s.principal_minor, interest_minor = s.interest_minor, fees_minor = s.fees_minor,
      due_date = s.due_date, delinquency_date = coalesce(s.delinquency_date, a.delinquency_date), charge_off_date = coalesce(s.charge_off_date, a.charge_off_date),
      product = s.product, original_creditor = coalesce(s.original_creditor, a.original_creditor)
    from ${stg} s where s.known and a.id = s.account_id`);

  const [totals] = rows<{ n: string; total: string | null }>(await tx.execute(sql`select count(*) as n, sum(balance_minor) as total from ${stg} where not known`));
  if (Number(totals!.n) > 0) await tx.execute(sql`
    insert into placements (id, client_id, reference, source, received_at, account_count, placed_total_minor, currency)
    values (${t.placementId}, ${t.clientId}, ${t.placementReference}, ${t.source}, ${now}::timestamptz, ${Number(totals!.n)}, ${Number(totals!.total ?? 0)}, ${t.currency})`);
  await tx.execute(sql`
    insert into persons (id, full_name, date_of_birth, country, region, postal_code, preferred_language)
    select person_id, full_name, date_of_birth, country, region, postal_code, coalesce(preferred_language, case when country = 'CN' then 'zh-CN' else 'en' end)::locale
    from ${stg} where not known`);
  await tx.execute(sql`
    insert into contact_points (person_id, kind, phone_type, value, is_primary, source)
    select person_id, 'phone'::contact_point_kind, 'mobile'::phone_type, phone, true, 'client'::contact_source from ${stg} where not known and phone is not null
    union all
    select person_id, 'email'::contact_point_kind, null::phone_type, email, false, 'client'::contact_source from ${stg} where not known and email is not null
    union all
    select person_id, 'address'::contact_point_kind, null::phone_type, concat_ws(', ', address_line, city, region, postal_code, country), false, 'client'::contact_source from ${stg} where not known and address_line is not null`);
  await tx.execute(sql`
    update contact_points set postal = jsonb_strip_nulls(jsonb_build_object('lines', jsonb_build_array(s.address_line), 'city', coalesce(s.city, ''), 'region', s.region, 'postalCode', s.postal_code, 'country', s.country))
    from ${stg} s where not s.known and s.address_line is not null and contact_points.person_id = s.person_id and contact_points.kind = 'address'`);
  await tx.execute(sql`
    insert into cases (id, client_id, person_id, team_id, strategy_id, opened_at, priority_reason)
    select case_id, ${t.clientId}, person_id, ${t.teamId}, ${t.strategyId}, ${now}::timestamptz, 'new_placement' from ${stg} where not known`);
  await tx.execute(sql`
    insert into accounts (id, client_id, placement_id, case_id, person_id, original_creditor, client_reference, product, currency, principal_minor,
      interest_minor, fees_minor, placed_balance_minor, balance_minor, due_date, delinquency_date, charge_off_date, jurisdiction)
    select s.account_id, ${t.clientId}, ${t.placementId}, s.case_id, s.person_id, coalesce(s.original_creditor, c.name), s.account_reference, s.product, s.currency,
      s.principal_minor, s.interest_minor, s.fees_minor, s.balance_minor, s.balance_minor, s.due_date, s.delinquency_date, s.charge_off_date, s.jurisdiction
    from ${stg} s cross join (select name from clients where id = ${t.clientId}) c where not s.known`);
  return {
    created: Number(totals!.n),
    updated: Number(known[0]!.n),
    balanceChanges: Number(changed[0]!.n),
    duplicates: dupes.map((d) => ({ rowNo: Number(d.row_no), firstRow: Number(d.first_row), accountReference: d.account_reference })),
  };
}
