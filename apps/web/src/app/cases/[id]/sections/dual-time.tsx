import { getTranslations } from "next-intl/server";
import { formatTime } from "@/lib/format";

/** An instant in the agent's time, with the debtor's local time next to it. */
export async function DualTime({ at, agentZone, debtorZone, locale }: { at: Date; agentZone: string; debtorZone: string; locale: string }) {
  const tc = await getTranslations("common");
  return <span>{formatTime(at, agentZone, locale)} <span className="muted small">· {tc("debtorTime")} {formatTime(at, debtorZone, locale)}</span></span>;
}
