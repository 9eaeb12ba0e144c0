// ./casebook hands over to this once Node, pnpm and node_modules are there (the few lines of bash in
// ./casebook check those). One command per verb, each a list of small steps (src/steps), each step
// announcing in one line what it found, what it did, or what is missing and the command that fixes it.
import { mkdirSync } from "node:fs";
import { Command } from "commander";
import { createContext, type Mode } from "./context";
import { StepFailure } from "./output";
import { doctor } from "./commands/doctor";
import { services } from "./commands/services";
import { start } from "./commands/start";
import { status, stop } from "./commands/stop";
import { printLogins } from "./steps/demo-logins";
import { loadEnv } from "./steps/env-file";

// A closed output (`./casebook start | head`, a killed tee) must not crash the command halfway through
// stopping its children: a broken pipe on stdout is ignored (output.ts never throws either).
process.stdout.on("error", () => {});
process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.TURBO_TELEMETRY_DISABLED = "1";

const run = (mode: Mode, action: (ctx: ReturnType<typeof createContext>) => Promise<number>) => async () => {
  const ctx = createContext(mode);
  mkdirSync(ctx.runDir, { recursive: true });
  mkdirSync(ctx.logDir, { recursive: true });
  try {
    process.exitCode = await action(ctx);
  } catch (error) {
    if (!(error instanceof StepFailure)) throw error;
    // The step cannot go on: what is wrong, then how to fix it.
    ctx.out.bad(error.message);
    for (const f of error.fixes) ctx.out.fix(f);
    process.exitCode = 1;
  }
  // Open handles (a closing database socket) must not keep a finished command alive.
  if (mode !== "start") setImmediate(() => process.exit(process.exitCode ?? 0));
};

const program = new Command("./casebook")
  .description("Casebook's start command. Configuration: .env (written by start), overridden by the environment. See README.md.")
  .showHelpAfterError()
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));

program
  .command("start")
  .description("install what is missing, start PostgreSQL and Redis, migrate, seed, build, then run the channel sinks, the worker and the web console (PORT, default 3000); Ctrl-C stops them")
  .action(run("start", start));
program.command("services").description("only bring up PostgreSQL and Redis, create the database and its roles (CI, tests)").action(run("services", services));
program.command("stop").description("stop what ./casebook start left running").action(run("stop", stop));
program.command("status").description("say what ./casebook start is running from this folder").action(run("status", status));
program
  .command("logins")
  .description("print the demo logins (only a database seeded as a demo has them)")
  .action(
    run("logins", async (ctx) => {
      loadEnv(ctx, false);
      return (await printLogins(ctx)) > 0 ? 0 : 1;
    }),
  );
program.command("doctor").description("report what is there and what is missing, changing nothing").action(run("doctor", doctor));

if (process.argv.length <= 2) {
  program.outputHelp();
  process.exit(2);
}
await program.parseAsync(process.argv);
