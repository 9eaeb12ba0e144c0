import { createEmailAdapter } from "./email/email-adapter";
import { parseChannelsEnv, type ChannelsEnv } from "./env";
import { createLetterAdapter } from "./letter/letter-adapter";
import { type ChannelAdapter } from "./message";
import { createCallAdapter, createSmsAdapter } from "./provider/provider-adapter";

export interface Channels {
  email: ChannelAdapter<"email">;
  sms: ChannelAdapter<"sms">;
  call: ChannelAdapter<"call">;
  letter: ChannelAdapter<"letter">;
  /** Closes pooled SMTP connections; call on shutdown. */
  close(): Promise<void>;
}

export interface CreateChannelsOptions {
  now?: () => Date;
  logger?: { warn(message: string): void };
}

/** All four adapters from one validated configuration (defaults: the local sinks). */
export function createChannels(env: ChannelsEnv = parseChannelsEnv(), options: CreateChannelsOptions = {}): Channels {
  const provider = {
    baseUrl: env.PROVIDER_URL,
    apiKey: env.PROVIDER_API_KEY,
    signingSecret: env.PROVIDER_SIGNING_SECRET,
    timeoutMs: env.PROVIDER_TIMEOUT_MS,
    ...(options.now ? { now: options.now } : {}),
  };
  const fontPath = env.LETTER_FONT_PATH;
  const font = fontPath === undefined ? undefined : fontPath === "none" ? null : { path: fontPath, ...(env.LETTER_FONT_FAMILY ? { family: env.LETTER_FONT_FAMILY } : {}) };
  const channels = {
    email: createEmailAdapter({ smtpUrl: env.SMTP_URL, from: env.EMAIL_FROM }),
    sms: createSmsAdapter(provider),
    call: createCallAdapter(provider),
    letter: createLetterAdapter({
      letterDir: env.LETTER_DIR,
      letterhead: { name: env.LETTER_LETTERHEAD, lines: env.LETTER_LETTERHEAD_LINES.split("|").map((l) => l.trim()).filter(Boolean) },
      font,
      ...(options.now ? { now: options.now } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    }),
  };
  return {
    ...channels,
    async close() {
      await Promise.all(Object.values(channels).map((c) => c.close()));
    },
  };
}
