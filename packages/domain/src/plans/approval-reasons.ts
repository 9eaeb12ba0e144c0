/** Why a plan waits for a supervisor: which of the client's limits it goes beyond, and the limit. The
 *  row keeps the compact form (payment_plans.approval_reason, "installments>12,months>12"); every reader
 *  gets these codes, and each screen says them as a sentence in its reader's language. */
export type ApprovalReason =
  | { code: "installments"; limit: number }
  | { code: "months"; limit: number }
  | { code: "installment_min"; limit: number }
  | { code: "settlement_floor"; limitBps: number };

export function encodeApprovalReasons(reasons: ApprovalReason[]): string | null {
  const parts = reasons.map((r) => {
    switch (r.code) {
      case "installments": return `installments>${r.limit}`;
      case "months": return `months>${r.limit}`;
      case "installment_min": return `installment<${r.limit}`;
      case "settlement_floor": return `settlement<${r.limitBps}bps`;
    }
  });
  return parts.join(",") || null;
}

export function parseApprovalReasons(stored: string | null): ApprovalReason[] {
  if (!stored) return [];
  const out: ApprovalReason[] = [];
  for (const part of stored.split(",")) {
    const m = /^(installments>|months>|installment<|settlement<)(\d+)(bps)?$/.exec(part.trim());
    if (!m) continue;
    const n = Number(m[2]);
    if (m[1] === "installments>") out.push({ code: "installments", limit: n });
    else if (m[1] === "months>") out.push({ code: "months", limit: n });
    else if (m[1] === "installment<") out.push({ code: "installment_min", limit: n });
    else out.push({ code: "settlement_floor", limitBps: n });
  }
  return out;
}
