import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmailAdapter } from "../src/email/email-adapter";
import { PermanentChannelError, TransientChannelError } from "../src/errors";
import { type ChannelAdapter } from "../src/message";
import { startSmtpSink, type SmtpSink } from "../src/sinks/smtp-sink";

let sink: SmtpSink;
let email: ChannelAdapter<"email">;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "channels-email-"));
  sink = await startSmtpSink({ port: 0, file: path.join(dir, "outbox", "email.jsonl"), rejectRecipients: (a) => a.startsWith("bounce@") });
  email = createEmailAdapter({ smtpUrl: sink.url, from: "Casebook Collections <no-reply@casebook.test>" });
});

afterAll(async () => {
  await email?.close();
  await sink?.close();
  await rm(dir, { recursive: true, force: true });
});

const base = {
  channel: "email" as const,
  to: "debtor@example.com",
  subject: "Your account 您的账户",
  text: "Dear customer,\n\nPlease contact us. Reference: K7Q2-MX9P\n\n此致",
  referenceCode: "K7Q2-MX9P",
  language: "en",
};

describe("email over SMTP", () => {
  it("delivers to a real SMTP server with the dispatch headers and the reference code", async () => {
    const result = await email.send({ ...base, html: "<p>Reference: <b>K7Q2-MX9P</b></p>" }, { idempotencyKey: "dsp_email_1" });
    expect(result.status).toBe("accepted");
    expect(result.providerMessageId).toBe("<dsp_email_1@casebook.test>");

    const msg = sink.messages().find((m) => m.dispatchId === "dsp_email_1");
    expect(msg).toBeDefined();
    expect(msg?.messageId).toBe("<dsp_email_1@casebook.test>");
    expect(msg?.envelope.to).toEqual(["debtor@example.com"]);
    expect(msg?.subject).toBe("Your account 您的账户");
    expect(msg?.text).toContain("K7Q2-MX9P");
    expect(msg?.text).toContain("此致");
    expect(msg?.html).toContain("K7Q2-MX9P");
    expect(msg?.referenceHeader).toBe("K7Q2-MX9P");
    expect(msg?.headers["content-language"]).toBe("en");

    const lines = (await readFile(path.join(dir, "outbox", "email.jsonl"), "utf8")).trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).dispatchId)).toContain("dsp_email_1");
  });

  it("a resend of the same dispatch carries the same Message-ID", async () => {
    await email.send(base, { idempotencyKey: "dsp_email_2" });
    await email.send(base, { idempotencyKey: "dsp_email_2" });
    const copies = sink.messages().filter((m) => m.dispatchId === "dsp_email_2");
    expect(copies).toHaveLength(2);
    expect(new Set(copies.map((m) => m.messageId)).size).toBe(1);
  });

  it("refuses a body without its reference code, and html without it", async () => {
    await expect(email.send({ ...base, text: "No code here" }, { idempotencyKey: "dsp_email_3" })).rejects.toMatchObject({
      name: "PermanentChannelError",
      code: "reference_missing",
    });
    await expect(email.send({ ...base, html: "<p>no code</p>" }, { idempotencyKey: "dsp_email_3" })).rejects.toBeInstanceOf(PermanentChannelError);
    expect(sink.messages().some((m) => m.dispatchId === "dsp_email_3")).toBe(false);
  });

  it("refuses an invalid address, a wrong channel and an unsafe idempotency key", async () => {
    await expect(email.send({ ...base, to: "not-an-address" }, { idempotencyKey: "dsp_email_4" })).rejects.toMatchObject({ code: "invalid_message" });
    await expect(email.send({ ...base, channel: "sms", to: "+14155550100" } as never, { idempotencyKey: "dsp_email_4" })).rejects.toMatchObject({ code: "wrong_channel" });
    await expect(email.send(base, { idempotencyKey: "../etc/passwd" })).rejects.toMatchObject({ code: "invalid_idempotency_key" });
  });

  it("maps a 550 recipient refusal (a bounce) to PermanentChannelError recipient_rejected", async () => {
    const err = await email.send({ ...base, to: "bounce@example.com" }, { idempotencyKey: "dsp_email_5" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentChannelError);
    expect((err as PermanentChannelError).status).toBe(550);
    expect((err as PermanentChannelError).code).toBe("recipient_rejected");
  });

  it("maps an unreachable server to TransientChannelError", async () => {
    const down = await startSmtpSink({ port: 0 });
    const url = down.url;
    await down.close();
    const adapter = createEmailAdapter({ smtpUrl: url, from: "no-reply@casebook.test", timeoutMs: 2000 });
    try {
      const err = await adapter.send(base, { idempotencyKey: "dsp_email_6" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransientChannelError);
    } finally {
      await adapter.close();
    }
  });

  it("maps a server that never greets to a transient timeout", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((sock) => void sockets.push(sock));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as { port: number }).port;
    const adapter = createEmailAdapter({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "no-reply@casebook.test", timeoutMs: 300 });
    try {
      const err = await adapter.send(base, { idempotencyKey: "dsp_email_7" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransientChannelError);
      expect(err).toMatchObject({ code: "timeout" });
    } finally {
      await adapter.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});
