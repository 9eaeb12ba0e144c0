"use server";
import { getLocale, getTranslations } from "next-intl/server";
import { domainContext, systemActor, verifyReference } from "@casebook/domain";
import { formatTime } from "@/lib/format";
import { appInfra } from "@/lib/infra";
import { withinRate } from "@/lib/portal/rate-limit";

export interface VerifyState {
  checked?: boolean;
  genuine?: boolean;
  limited?: boolean;
  at?: string;
  channel?: string;
  agencyName?: string;
  collectorName?: string;
  staffNumber?: string;
  callbackNumber?: string;
}

/** Every answer takes at least this long, found or not, so timing tells nothing (no enumeration). */
const ANSWER_MS = 400;

export async function verifyAction(_s: VerifyState, fd: FormData): Promise<VerifyState> {
  const started = performance.now();
  const pad = async () => {
    const left = ANSWER_MS - (performance.now() - started);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  };
  if (!(await withinRate("verify", 20, 600))) {
    await pad();
    return { checked: true, limited: true };
  }
  const answer = await verifyReference(domainContext(appInfra(), systemActor("verify-page")), { code: String(fd.get("code") ?? "") });
  await pad();
  if (!answer.genuine) return { checked: true, genuine: false };
  const tc = await getTranslations("case");
  return {
    checked: true, genuine: true,
    // The instant is shown in UTC and the reader's language: the page knows nothing of who they are.
    at: formatTime(answer.at!, "UTC", await getLocale()),
    channel: tc(`channels.${answer.channel}`),
    agencyName: answer.agencyName ?? "", collectorName: answer.collectorName ?? "", staffNumber: answer.staffNumber ?? "", callbackNumber: answer.callbackNumber ?? "",
  };
}
