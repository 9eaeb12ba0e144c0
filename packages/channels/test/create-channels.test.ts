import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@casebook/config/testing";
import { createChannels } from "../src/create-channels";
import { DEV_PROVIDER_API_KEY, DEV_PROVIDER_SIGNING_SECRET, parseChannelsEnv } from "../src/env";
import { startProviderSimulator, type ProviderSimulator } from "../src/sinks/provider-simulator";
import { startSmtpSink, type SmtpSink } from "../src/sinks/smtp-sink";
import { startWebhookReceiver, waitFor } from "./helpers";

describe("parseChannelsEnv", () => {
  it("defaults to the local sinks of CONVENTIONS.md", () => {
    const env = parseChannelsEnv({});
    expect(env).toMatchObject({ SMTP_URL: "smtp://127.0.0.1:2525", PROVIDER_URL: "http://127.0.0.1:4010", LETTER_DIR: "var/letters", PROVIDER_TIMEOUT_MS: 10_000 });
    expect(env.LETTER_FONT_PATH).toBeUndefined();
  });

  it("refuses the development secrets in production, without echoing values", () => {
    expect(() => parseChannelsEnv({ NODE_ENV: "production" })).toThrow(/PROVIDER_API_KEY.*PROVIDER_SIGNING_SECRET/);
    expect(() => parseChannelsEnv({ NODE_ENV: "production", PROVIDER_API_KEY: "k", PROVIDER_SIGNING_SECRET: "s".repeat(32) })).not.toThrow();
    const err = (() => {
      try {
        parseChannelsEnv({ PROVIDER_SIGNING_SECRET: "short-secret" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toContain("PROVIDER_SIGNING_SECRET");
    expect(err?.message).not.toContain("short-secret");
  });

  it("rejects malformed URLs and timeouts", () => {
    expect(() => parseChannelsEnv({ SMTP_URL: "http://x" })).toThrow(/SMTP_URL/);
    expect(() => parseChannelsEnv({ PROVIDER_TIMEOUT_MS: "soon" })).toThrow(/PROVIDER_TIMEOUT_MS/);
  });
});

describe("createChannels", () => {
  let sink: SmtpSink;
  let sim: ProviderSimulator;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "channels-factory-"));
    sink = await startSmtpSink({ port: 0 });
    sim = await startProviderSimulator({ port: 0, apiKey: DEV_PROVIDER_API_KEY, signingSecret: DEV_PROVIDER_SIGNING_SECRET });
  });
  afterAll(async () => {
    await sink?.close();
    await sim?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("builds all four adapters from the environment and each one sends", async () => {
    const channels = createChannels(parseChannelsEnv({ SMTP_URL: sink.url, PROVIDER_URL: sim.url, LETTER_DIR: path.join(dir, "letters"), EMAIL_FROM: "Agency <collect@agency.test>" }));
    try {
      const common = { text: "Ref R3F-0001 — hello", referenceCode: "R3F-0001", language: "en" };
      const results = await Promise.all([
        channels.email.send({ channel: "email", to: "a@example.com", subject: "Hi", ...common }, { idempotencyKey: "f-email" }),
        channels.sms.send({ channel: "sms", to: "+14155550100", ...common }, { idempotencyKey: "f-sms" }),
        channels.call.send({ channel: "call", to: "+14155550100", ...common }, { idempotencyKey: "f-call" }),
        channels.letter.send({ channel: "letter", to: { name: "A", lines: ["1 Road"] }, ...common }, { idempotencyKey: "f-letter" }),
      ]);
      expect(results.map((r) => r.status)).toEqual(["accepted", "accepted", "accepted", "accepted"]);
      expect(results[0]?.providerMessageId).toBe("<f-email@agency.test>");
      expect(sink.messages().map((m) => m.dispatchId)).toContain("f-email");
      expect(sim.requests().map((r) => r.idempotencyKey).sort()).toEqual(["f-call", "f-sms"]);
      expect(results[3]?.artifactPath).toBe(path.join(dir, "letters", "f-letter.pdf"));
      expect(channels.email.lookup).toBeUndefined();
    } finally {
      await channels.close();
    }
  });
});


describe("the sinks CLI", () => {
  it("starts both peers on the given ports, posts receipts to CASEBOOK_WEBHOOK_URL and stops on SIGTERM", async () => {
    const receiver = await startWebhookReceiver();
    const dir = await mkdtemp(path.join(tmpdir(), "channels-cli-"));
    const [smtpPort, providerPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/sinks.ts"], {
      cwd: path.resolve(import.meta.dirname, ".."),
      env: {
        ...process.env,
        SMTP_SINK_PORT: String(smtpPort),
        PROVIDER_SIM_PORT: String(providerPort),
        CASEBOOK_WEBHOOK_URL: receiver.url,
        SINK_OUTBOX_DIR: path.join(dir, "outbox"),
        PROVIDER_SIM_RECEIPT_DELAY_MS: "10",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    try {
      // tsx compiles the CLI on start: on a loaded 2-core CI machine that alone has taken over 15 s.
      await waitFor(() => out.includes("[sinks] SMTP sink on"), 90_000);
      const channels = createChannels(parseChannelsEnv({ SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, PROVIDER_URL: `http://127.0.0.1:${providerPort}`, LETTER_DIR: path.join(dir, "letters") }));
      await channels.email.send({ channel: "email", to: "a@example.com", subject: "Hi", text: "Ref R3F-0002", referenceCode: "R3F-0002", language: "en" }, { idempotencyKey: "cli-email" });
      await channels.sms.send({ channel: "sms", to: "+14155550100", text: "Ref R3F-0002", referenceCode: "R3F-0002", language: "en" }, { idempotencyKey: "cli-sms" });
      await channels.close();
      await waitFor(() => receiver.posts.length > 0, 5000);
      expect(JSON.parse(receiver.posts[0]?.body ?? "")).toMatchObject({ type: "receipt", idempotencyKey: "cli-sms", status: "delivered" });
      await waitFor(() => out.includes("sms accepted"), 2000);
      const emails = (await readFile(path.join(dir, "outbox", "email.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
      expect(emails.map((e) => e.dispatchId)).toEqual(["cli-email"]);
      const provider = (await readFile(path.join(dir, "outbox", "provider.jsonl"), "utf8")).trim().split("\n").map((l) => JSON.parse(l));
      expect(provider.map((e) => e.idempotencyKey)).toEqual(["cli-sms"]);
    } finally {
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 150_000);
});
