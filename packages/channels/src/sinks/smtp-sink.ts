import { appendFile, mkdir } from "node:fs/promises";
import { type AddressInfo } from "node:net";
import path from "node:path";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface SinkMessage {
  /** Order of arrival in this sink, from 1. */
  seq: number;
  receivedAt: string;
  envelope: { from: string | null; to: string[] };
  messageId: string | null;
  /** The X-Casebook-Dispatch header: the ledger's dispatch id. */
  dispatchId: string | null;
  referenceHeader: string | null;
  from: string | null;
  to: string[];
  subject: string | null;
  text: string | null;
  html: string | null;
  headers: Record<string, string>;
}

export interface SmtpSinkOptions {
  /** 0 picks a free port (tests). */
  port?: number;
  host?: string;
  /** Each message is also appended here as one JSON line (the local outbox). */
  file?: string;
  /** Rejects any message larger than this, like a real server would (bytes). */
  maxSize?: number;
  /** `messages()` keeps only the latest this many (the file keeps all); default 10,000. */
  historyLimit?: number;
  /** Recipients refused at RCPT TO with 550, to exercise bounces. */
  rejectRecipients?: (address: string) => boolean;
}

export interface SmtpSink {
  port: number;
  host: string;
  /** smtp://host:port, ready for SMTP_URL. */
  url: string;
  messages(): SinkMessage[];
  clear(): void;
  close(): Promise<void>;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? "")).filter(Boolean);
}

function headerText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === "object" && "text" in value && typeof value.text === "string") return value.text;
  if (value && typeof value === "object" && "value" in value && typeof value.value === "string") return value.value;
  return JSON.stringify(value);
}

/** A real SMTP server (no TLS, no auth) that parses and keeps what it receives. Development and tests only. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const host = options.host ?? "127.0.0.1";
  const kept: SinkMessage[] = [];
  let seq = 0;
  let writes: Promise<void> = Promise.resolve();
  if (options.file) await mkdir(path.dirname(options.file), { recursive: true });

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: options.maxSize ?? 10 * 1024 * 1024,
    banner: "Casebook SMTP sink",
    // Pooled clients keep connections open; do not let close() wait the default 30 s for them.
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipients?.(address.address)) {
        const err = Object.assign(new Error("mailbox unavailable"), { responseCode: 550 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of mail.headers) headers[k] = headerText(v);
          const message: SinkMessage = {
            seq: ++seq,
            receivedAt: new Date().toISOString(),
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            messageId: mail.messageId ?? null,
            dispatchId: headers["x-casebook-dispatch"] ?? null,
            referenceHeader: headers["x-casebook-reference"] ?? null,
            from: mail.from?.text ?? null,
            to: addresses(mail.to),
            subject: mail.subject ?? null,
            text: mail.text ?? null,
            html: typeof mail.html === "string" ? mail.html : null,
            headers,
          };
          kept.push(message);
          const limit = options.historyLimit ?? 10_000;
          if (kept.length > limit) kept.splice(0, kept.length - limit);
          const file = options.file;
          if (file) {
            writes = writes.then(() => appendFile(file, `${JSON.stringify(message)}\n`)).catch(() => {});
            return writes;
          }
        })
        .then(() => callback(), (err: Error) => callback(err));
    },
  });
  server.on("error", () => {});

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;

  return {
    port,
    host,
    url: `smtp://${host}:${port}`,
    messages: () => [...kept],
    clear: () => {
      kept.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          void writes.then(() => resolve());
        });
      }),
  };
}
