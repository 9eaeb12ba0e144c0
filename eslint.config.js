// One lint config for the whole repository. The boundaries of docs/CONVENTIONS.md (Rooms) are enforced
// here (no-restricted-imports per room), not by good intentions; packages/config/test proves it.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const io = ["drizzle-orm", "drizzle-orm/*", "postgres", "bullmq", "ioredis", "pg", "redis"];
const pattern = (group, message) => ({ group, message });

// Imports each room may never make (docs/CONVENTIONS.md, "Rooms").
const boundaries = [
  {
    files: ["apps/web/**"],
    patterns: [
      pattern(["drizzle-orm", "drizzle-orm/*", "postgres", "@casebook/db", "@casebook/db/*"], "apps/web talks to the database only through @casebook/domain verbs."),
      pattern(["bullmq", "ioredis"], "apps/web enqueues only through the typed functions of @casebook/jobs."),
      pattern(["@casebook/worker", "@casebook/channels"], "apps/web does not reach into the worker or send messages itself."),
    ],
  },
  {
    files: ["apps/worker/**"],
    patterns: [
      pattern(["next", "next/*", "next-auth", "next-auth/*", "react", "react-dom", "@casebook/web", "@casebook/ui", "@casebook/auth"], "apps/worker never imports the web app or its libraries."),
    ],
  },
  {
    files: ["packages/compliance/**"],
    patterns: [
      pattern([...io, "@casebook/*", "node:fs", "fs", "node:net", "net", "node:http", "http", "node:https", "https", "node:child_process", "child_process", "node:os", "os"], "packages/compliance is a pure rules engine: no I/O, no other Casebook package."),
    ],
    ignores: ["packages/compliance/src/cli/**", "packages/compliance/test/**", "packages/compliance/scripts/**"],
  },
  {
    files: ["packages/db/**"],
    patterns: [pattern(["@casebook/domain", "@casebook/jobs", "@casebook/compliance", "@casebook/channels", "@casebook/auth", "@casebook/web", "@casebook/worker", "bullmq", "ioredis", "next", "next/*"], "packages/db sits at the bottom: it imports no other Casebook layer.")],
  },
  {
    files: ["packages/domain/**"],
    patterns: [pattern(["next", "next/*", "react", "@casebook/web", "@casebook/worker", "@casebook/auth", "@casebook/ui", "bullmq"], "packages/domain is framework-free; queues go through @casebook/jobs.")],
  },
  // The outreach rooms (packages/domain/src/outreach/*/README.md): the gate answers and stores; the
  // schedule plans; delivery sends and records. Both may ask the gate; the gate asks neither, and the
  // schedule and delivery never reach into each other (a cycle between them is how the rooms rot).
  {
    files: ["packages/domain/src/outreach/gate/**"],
    patterns: [
      pattern(["next", "next/*", "react", "@casebook/web", "@casebook/worker", "@casebook/auth", "@casebook/ui", "bullmq"], "packages/domain is framework-free; queues go through @casebook/jobs."),
      pattern(["**/schedule/*", "**/delivery/*", "**/outreach/index", "**/outreach"], "outreach/gate never imports schedule/ or delivery/: they ask the gate, not the other way."),
    ],
  },
  {
    files: ["packages/domain/src/outreach/schedule/**"],
    patterns: [
      pattern(["next", "next/*", "react", "@casebook/web", "@casebook/worker", "@casebook/auth", "@casebook/ui", "bullmq"], "packages/domain is framework-free; queues go through @casebook/jobs."),
      pattern(["**/delivery/*", "**/outreach/index", "**/outreach"], "outreach/schedule never imports delivery/: planning decides when, delivery sends."),
    ],
  },
  {
    files: ["packages/domain/src/outreach/delivery/**"],
    patterns: [
      pattern(["next", "next/*", "react", "@casebook/web", "@casebook/worker", "@casebook/auth", "@casebook/ui", "bullmq"], "packages/domain is framework-free; queues go through @casebook/jobs."),
      pattern(["**/schedule/*", "**/outreach/index", "**/outreach"], "outreach/delivery never imports schedule/: planning decides when, delivery sends."),
    ],
  },
  {
    files: ["packages/jobs/**"],
    patterns: [pattern(["@casebook/domain", "@casebook/db", "drizzle-orm", "postgres", "next", "next/*", "@casebook/web", "@casebook/worker"], "packages/jobs holds contracts only.")],
  },
  {
    // The start command runs the other packages as processes (pnpm db:roles, the worker, next start);
    // importing one would load the application into the tool that has to work before it can.
    files: ["packages/cli/**"],
    patterns: [pattern(["@casebook/*", "next", "next/*", "react", "bullmq", "drizzle-orm", "drizzle-orm/*"], "packages/cli imports no Casebook package: it runs them as processes.")],
    ignores: ["packages/cli/test/**"],
  },
  {
    files: ["packages/channels/**", "packages/ui/**", "packages/config/**"],
    patterns: [pattern(["@casebook/domain", "@casebook/db", "@casebook/jobs", "@casebook/web", "@casebook/worker", ...io], "this package stands alone.")],
  },
];

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/.next/**", "**/dist/**", "**/.tsbuild/**", "**/.turbo/**", "**/drizzle/**", "**/next-env.d.ts", "**/test-results/**", "**/playwright-report/**", "packages/config/test/fixtures/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // Secrets and settings come from the environment through one validated env.ts per package.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through the package's env.ts (zod-validated), not process.env." }],
    },
  },
  {
    files: ["**/env.ts", "**/*.config.ts", "**/*.config.js", "**/*.config.mjs", "**/test/**", "**/*.test.ts", "**/*.spec.ts", "e2e/**", "bench/**", "**/cli/**", "**/scripts/**", "infra/**"],
    rules: { "no-restricted-properties": "off" },
  },
  ...boundaries.map(({ files, patterns, ignores }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { "no-restricted-imports": ["error", { patterns }] },
  })),
  {
    // The engine reads no clock: the caller passes `now` (RULES.md, "Pure").
    files: ["packages/compliance/src/**"],
    ignores: ["packages/compliance/src/cli/**"],
    rules: {
      "no-restricted-properties": ["error",
        { object: "process", message: "packages/compliance reads no environment." },
        { object: "Date", property: "now", message: "packages/compliance reads no clock: use the request's `now`." }],
      "no-restricted-syntax": ["error", { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "packages/compliance reads no clock: use the request's `now`." }],
    },
  },
  {
    // The domain's time is its context's clock (ctx.now, ctx.clock): tests and the outreach simulation
    // move it (issue 12). testing.ts builds the tests' clocks.
    files: ["packages/domain/src/**"],
    ignores: ["packages/domain/src/testing.ts"],
    rules: {
      "no-restricted-properties": ["error",
        { object: "process", property: "env", message: "Read configuration through the package's env.ts (zod-validated), not process.env." },
        { object: "Date", property: "now", message: "packages/domain reads no wall clock: use ctx.now or ctx.clock()." }],
      "no-restricted-syntax": ["error", { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "packages/domain reads no wall clock: use ctx.now or ctx.clock()." }],
    },
  },
);
