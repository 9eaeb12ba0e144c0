import { z } from "zod";
import type { DomainContext } from "../context";
import { parseInput } from "../parse-input";
import { setContactRestriction } from "./contact-restrictions";

export const RecordNoWorkplaceContact = z.object({ caseId: z.uuid() });
export type RecordNoWorkplaceContact = z.input<typeof RecordNoWorkplaceContact>;

/** The debtor or the employer asked for no contact at the workplace (US-REGF-WORK, CN-WORK): work numbers and addresses are refused. */
export async function recordNoWorkplaceContact(ctx: DomainContext, input: RecordNoWorkplaceContact): Promise<{ personId: string }> {
  const p = parseInput(RecordNoWorkplaceContact, input);
  return setContactRestriction(ctx, { caseId: p.caseId, restriction: "no_workplace_contact" });
}
