import type { Context } from "./context";

/** Phone numbers compare by digits (and a leading +), e-mail addresses case-insensitively. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.includes("@") ? trimmed : trimmed.replace(/[\s().-]/g, "");
}

export function sameAddress(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && normalizeAddress(a) === normalizeAddress(b);
}

/** A voicemail is left by a call: an opt-out of either covers both. */
function sameMedium(a: string, b: string): boolean {
  const voice = (c: string) => c === "call" || c === "voicemail";
  return a === b || (voice(a) && voice(b));
}

/** The person opted out of this channel, or of this address on it. No address to compare: assume it is. */
export function optOutApplies(ctx: Context): boolean {
  const { channel, party } = ctx.req.proposed;
  for (const o of ctx.req.consumer.optOuts ?? []) {
    if (!sameMedium(o.channel, channel)) continue;
    if (o.address === undefined || party.address === undefined || sameAddress(o.address, party.address)) return true;
  }
  return false;
}
