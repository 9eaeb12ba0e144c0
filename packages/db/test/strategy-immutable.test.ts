import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../src/testing";

// Issue 14: a published strategy version is immutable in the database itself, whatever the caller;
// a draft is freely edited and then published.
describe("published strategy versions", () => {
  let t: TestDatabase;
  let published: string;
  let stage: string;
  let step: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const [s] = await t.sql`insert into strategies (name, version, rule_set) values ('Immutable test', 1, 'US-FDCPA') returning id, status`;
    expect(s!.status).toBe("draft");
    published = s!.id as string;
    const [g] = await t.sql`insert into strategy_stages (strategy_id, ordinal, kind, entry, exit) values (${published}, 1, 'pre_due', '{}', '{"onEvents":[]}') returning id`;
    stage = g!.id as string;
    const [x] = await t.sql`insert into strategy_steps (stage_id, ordinal, day_offset, channel, template_code) values (${stage}, 1, -3, 'sms', 'us_pre_due_sms') returning id`;
    step = x!.id as string;
    // A draft's steps change freely.
    await t.sql`update strategy_steps set day_offset = -5 where id = ${step}`;
    await t.sql`update strategies set status = 'published', published_at = now() where id = ${published}`;
  });
  afterAll(async () => t?.drop());

  it("refuses a change of a published version's step, stage or row", async () => {
    await expect(t.sql`update strategy_steps set day_offset = -1 where id = ${step}`).rejects.toThrow(/published/);
    await expect(t.sql`delete from strategy_steps where id = ${step}`).rejects.toThrow(/published/);
    await expect(t.sql`insert into strategy_steps (stage_id, ordinal, day_offset, channel, template_code) values (${stage}, 2, 1, 'call', 'x')`).rejects.toThrow(/published/);
    await expect(t.sql`update strategy_stages set entry = '{"dpdMin":1}' where id = ${stage}`).rejects.toThrow(/published/);
    await expect(t.sql`insert into strategy_stages (strategy_id, ordinal, kind, entry, exit) values (${published}, 2, 'legal', '{}', '{"onEvents":[]}')`).rejects.toThrow(/published/);
    await expect(t.sql`update strategies set name = 'renamed' where id = ${published}`).rejects.toThrow(/published/);
    await expect(t.sql`update strategies set status = 'draft' where id = ${published}`).rejects.toThrow(/published/);
    await expect(t.sql`delete from strategies where id = ${published}`).rejects.toThrow(/published/);
    const [x] = await t.sql`select day_offset from strategy_steps where id = ${step}`;
    expect(x!.day_offset).toBe(-5);
  });

  it("lets a published version be retired (active) and nothing else", async () => {
    await t.sql`update strategies set active = false where id = ${published}`;
    const [s] = await t.sql`select active, status from strategies where id = ${published}`;
    expect(s).toEqual({ active: false, status: "published" });
  });

  it("moving a step from a draft into a published version is refused too", async () => {
    const [d] = await t.sql`insert into strategies (name, version, rule_set) values ('Immutable test', 2, 'US-FDCPA') returning id`;
    const [g] = await t.sql`insert into strategy_stages (strategy_id, ordinal, kind, entry, exit) values (${d!.id as string}, 1, 'pre_due', '{}', '{"onEvents":[]}') returning id`;
    const [x] = await t.sql`insert into strategy_steps (stage_id, ordinal, day_offset, channel, template_code) values (${g!.id as string}, 1, -3, 'sms', 'a') returning id`;
    await expect(t.sql`update strategy_steps set stage_id = ${stage} where id = ${x!.id as string}`).rejects.toThrow(/published/);
  });
});
