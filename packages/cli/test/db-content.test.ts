import { describe, expect, it } from "vitest";
import { StepFailure } from "../src/output";
import { runMigrate, runSeed } from "../src/steps/db-content";
import { adminServerUrl, fakeSystem, recordingRunner, testContext } from "./helpers";

describe("migrate and seed, as commands", () => {
  it("migrate runs pnpm db:migrate at the root with the stack's environment, its lines prefixed", async () => {
    const runner = recordingRunner((c) => {
      c.options?.onLine?.("> @casebook/db@0.0.0 migrate");
      c.options?.onLine?.('migrated database "x" in 0.3 s');
      return {};
    });
    const { ctx, out } = testContext("start", { sys: fakeSystem({ run: runner.run }), env: { DATABASE_URL: "postgres://a@127.0.0.1/x" } });
    await runMigrate(ctx);
    expect(runner.lines()).toEqual(["pnpm db:migrate"]);
    expect(runner.calls[0]!.options).toMatchObject({ cwd: ctx.root, env: ctx.env });
    expect(out.lines).toContain('[migrate ] migrated database "x" in 0.3 s');
    expect(out.text()).not.toContain("> @casebook/db");
  });

  it("a failed migration stops the start, naming the log and the command to rerun", async () => {
    const runner = recordingRunner(() => ({ code: 1 }));
    const { ctx } = testContext("start", { sys: fakeSystem({ run: runner.run }) });
    const error = await runMigrate(ctx).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepFailure);
    expect((error as StepFailure).message).toBe("pnpm db:migrate failed (log: var/log/migrate.log)");
    expect((error as StepFailure).fixes).toEqual(["rerun it alone to see why: pnpm db:migrate"]);
  });

  it("seed: nothing is run for a database that cannot be asked (a warning says why)", async () => {
    const runner = recordingRunner();
    const unreachable = new URL(adminServerUrl());
    unreachable.pathname = "/casebook_cli_no_such_database";
    const { ctx, out } = testContext("start", { sys: fakeSystem({ run: runner.run }), env: { DATABASE_URL: unreachable.toString() } });
    await runSeed(ctx);
    expect(runner.calls).toEqual([]);
    expect(out.text()).toContain("! could not count the accounts in the database: not seeding");
  });
});
