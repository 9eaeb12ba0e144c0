import net from "node:net";
import nodemailer from "nodemailer";
// nodemailer's own URL parser (typed by @types/nodemailer), so SMTP_URL means exactly what it means to nodemailer.
import { parseConnectionUrl } from "nodemailer/lib/shared/index.js";
import { PermanentChannelError, TransientChannelError } from "../errors";
import { type ChannelAdapter, type OutboundMessageInput, type SendOptions, type SendResult } from "../message";
import { validateMessage } from "../validate-message";

export const DISPATCH_HEADER = "X-Casebook-Dispatch";
export const REFERENCE_HEADER = "X-Casebook-Reference";

export interface EmailAdapterOptions {
  /** smtp://host:port or smtps://user:pass@host:port (nodemailer's connection URL). */
  smtpUrl: string;
  /** The From header, e.g. `Casebook <no-reply@casebook.example>`; its domain also names Message-IDs. */
  from: string;
  /** Keeps up to this many SMTP connections open; the outreach worker sends in bursts. */
  maxConnections?: number;
  timeoutMs?: number;
}

function domainOf(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? "casebook.local";
}

/** `<dispatch-id@domain>`: a resend of the same dispatch carries the same Message-ID, so it is recognizable downstream. */
export function messageIdFor(idempotencyKey: string, from: string): string {
  return `<${idempotencyKey}@${domainOf(from)}>`;
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  command?: string;
}

// SMTP reply classes (RFC 5321 §4.2.1): 4yz is "try again later", 5yz is final. Anything without a
// reply (connection refused, reset, timeout) never reached a verdict and is worth a retry.
function mapSmtpError(err: unknown): Error {
  const e = (err ?? {}) as SmtpError;
  const status = typeof e.responseCode === "number" ? e.responseCode : undefined;
  if (status !== undefined && status >= 500 && e.command === "RCPT TO") {
    return new PermanentChannelError("recipient_rejected", `SMTP server refused the recipient (${status})`, { status, cause: err });
  }
  if (status !== undefined && status >= 500) {
    return new PermanentChannelError("smtp_rejected", `SMTP server refused the message (${status}${e.command ? ` on ${e.command}` : ""})`, { status, cause: err });
  }
  if (status !== undefined && status >= 400) {
    return new TransientChannelError("smtp_temporary", `SMTP server deferred the message (${status})`, { status, cause: err });
  }
  if (e.code === "EENVELOPE" || e.code === "EMESSAGE") {
    return new PermanentChannelError("invalid_message", `SMTP could not build the message (${e.code})`, { cause: err });
  }
  if (e.code === "ETIMEDOUT") {
    // The DATA may have been accepted before the reply was lost.
    return new TransientChannelError("timeout", "SMTP timed out", { outcomeUnknown: e.command === "DATA" || e.command === undefined, cause: err });
  }
  return new TransientChannelError("network", `SMTP connection failed (${e.code ?? "unknown"})`, { outcomeUnknown: e.command === "DATA", cause: err });
}

// nodemailer writes the message headers and the final "." in separate small writes; with Nagle's
// algorithm on, the last write waits for the server's delayed ACK (~40 ms on Linux) on every
// message. Opening the socket ourselves with TCP_NODELAY took 4 pooled connections from ~200 to
// ~1,400 messages/s against the local sink (one process, this 2-core machine). TLS (smtps,
// STARTTLS) is still negotiated by nodemailer on top of this socket.
function openSocket(
  target: { host?: string; port?: number },
  timeoutMs: number,
  callback: (err: Error | null, socketOptions?: { connection: net.Socket }) => void,
): void {
  let done = false;
  const finish = (err: Error | null, socket?: net.Socket) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (err) callback(err);
    else callback(null, { connection: socket as net.Socket });
  };
  const socket = net.connect({ host: target.host ?? "localhost", port: target.port ?? 25, noDelay: true });
  const timer = setTimeout(() => {
    socket.destroy();
    finish(Object.assign(new Error("SMTP connection timed out"), { code: "ETIMEDOUT", command: "CONN" }));
  }, timeoutMs);
  socket.once("connect", () => {
    socket.removeAllListeners("error");
    socket.on("error", () => {});
    finish(null, socket);
  });
  socket.once("error", (err) => finish(Object.assign(err, { command: "CONN" })));
}

export function createEmailAdapter(options: EmailAdapterOptions): ChannelAdapter<"email"> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    // nodemailer only pools when `pool` is set next to a parsed config (an object with `url` silently
    // falls back to one connection per message), so the URL is parsed here.
    ...parseConnectionUrl(options.smtpUrl),
    pool: true,
    maxConnections: options.maxConnections ?? 4,
    maxMessages: 1000,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
    getSocket: (socketOptions, callback) => openSocket(socketOptions, timeoutMs, callback),
  });

  return {
    channel: "email",
    async send(input: OutboundMessageInput, opts: SendOptions): Promise<SendResult> {
      const msg = validateMessage("email", input, opts);
      const messageId = messageIdFor(opts.idempotencyKey, options.from);
      let info: { messageId?: string; accepted?: unknown[]; rejected?: unknown[] };
      try {
        info = await transport.sendMail({
          from: options.from,
          to: msg.to,
          subject: msg.subject,
          text: msg.text,
          ...(msg.html !== undefined ? { html: msg.html } : {}),
          messageId,
          headers: {
            [DISPATCH_HEADER]: opts.idempotencyKey,
            [REFERENCE_HEADER]: msg.referenceCode,
            "Content-Language": msg.language,
          },
        });
      } catch (err) {
        throw mapSmtpError(err);
      }
      if ((info.rejected?.length ?? 0) > 0 || (info.accepted?.length ?? 0) === 0) {
        throw new PermanentChannelError("recipient_rejected", "SMTP server refused the recipient");
      }
      return { status: "accepted", providerMessageId: info.messageId ?? messageId };
    },
    async close() {
      transport.close();
    },
  };
}
