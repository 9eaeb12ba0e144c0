// What the outreach verbs need from packages/channels, as a port: the worker passes the real
// adapters (createChannels()), tests may pass the same. Structurally the channels' ChannelAdapter.

export interface PortSendResult {
  status: "accepted" | "delivered";
  providerMessageId: string;
  artifactPath?: string;
}
export type PortLookupResult = { found: false } | { found: true; providerMessageId: string; status: "accepted" | "delivered" | "failed"; artifactPath?: string };

export type PortMessage =
  | { channel: "email"; to: string; subject: string; text: string; referenceCode: string; language: string }
  | { channel: "sms"; to: string; text: string; referenceCode: string; language: string }
  | { channel: "call"; to: string; text: string; referenceCode: string; language: string }
  | { channel: "letter"; to: { name: string; lines: string[] }; subject?: string; date?: string; letterhead?: PortLetterhead; text: string; referenceCode: string; language: string };

/** The agency identity at the top of a letter (the channels' Letterhead). */
export interface PortLetterhead {
  name: string;
  lines: string[];
  phone?: string;
}

export interface ChannelPort {
  send(msg: PortMessage, opts: { idempotencyKey: string }): Promise<PortSendResult>;
  lookup?(idempotencyKey: string): Promise<PortLookupResult>;
}

export interface OutreachChannels {
  email: ChannelPort;
  sms: ChannelPort;
  call: ChannelPort;
  letter: ChannelPort;
}

export type PortChannel = keyof OutreachChannels;

/** Ledger channel → adapter: a voicemail is left through the voice provider. */
export function portChannelFor(channel: string): PortChannel {
  if (channel === "voicemail" || channel === "call") return "call";
  if (channel === "sms" || channel === "email" || channel === "letter") return channel;
  throw new Error(`no adapter for channel ${channel}`);
}

/** The channel errors, recognised by name so the domain does not import the channels package. */
export function classifySendError(err: unknown): { kind: "transient"; code: string; outcomeUnknown: boolean } | { kind: "permanent"; code: string } | { kind: "unexpected" } {
  const e = err as { name?: string; code?: string; outcomeUnknown?: boolean } | null;
  if (e?.name === "TransientChannelError") return { kind: "transient", code: String(e.code ?? "transient"), outcomeUnknown: e.outcomeUnknown === true };
  if (e?.name === "PermanentChannelError") return { kind: "permanent", code: String(e.code ?? "permanent") };
  return { kind: "unexpected" };
}
