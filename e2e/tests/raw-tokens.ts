import type { Page } from "@playwright/test";

// Codes that must never reach a zh-CN screen as they are: enum values of statuses, channels, outcomes,
// purposes, roles and decisions, and any snake_case identifier. Names, references and rule ids (shown
// with their sentence) are not codes.
const ENUM_WORDS = [
  "active", "promised", "on_plan", "disputed", "legal", "paid", "settled", "recalled", "closed",
  "pending", "kept", "broken", "cancelled", "posted", "reversed", "rejected", "completed",
  "consumer", "spouse", "guardian", "executor", "attorney", "employer", "creditor",
  "collection", "location", "validation", "litigation",
  "call", "voicemail", "sms", "email", "letter", "visit",
  "allow", "defer", "block", "allowed", "deferred", "blocked", "released", "refused", "delivered", "failed", "sent", "unknown",
  "open", "resolved", "withdrawn", "existence", "amount", "identity", "other", "hardship", "fraud", "cease", "deceased", "bankruptcy",
  "agent", "supervisor", "compliance", "admin", "mobile", "landline", "work", "phone", "address",
];
const WORD = new RegExp(`(?<![\\w@.-])(?:${ENUM_WORDS.join("|")})(?![\\w@.-])`, "g");
const SNAKE = /(?<![\w@.-])[a-z]+(?:_[a-z0-9]+)+(?![\w@.-])/g;

/** The raw tokens in the page's visible text (main content; the header's language switch excluded). */
export async function rawTokens(page: Page): Promise<string[]> {
  const text = await page.locator("main").innerText();
  return [...new Set([...(text.match(SNAKE) ?? []), ...(text.match(WORD) ?? [])])];
}
