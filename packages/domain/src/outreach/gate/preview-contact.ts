import type { z } from "zod";
import type { DomainContext } from "../../context";
import { ForbiddenError } from "../../errors";
import { parseInput } from "../../parse-input";
import { inTeam, isTeamBound } from "../../cases/case-access";
import { buildCheckRequest } from "./build-check-request";
import type { CheckDecision, CheckRequest } from "@casebook/compliance";
import { evaluateCheck } from "./evaluate-check";
import { GateContact } from "./gate-contact";

export const PreviewContact = GateContact.omit({ outreachStepId: true, templateId: true });
export type PreviewContact = z.infer<typeof PreviewContact>;

export interface PreviewContactResult {
  decision: CheckDecision;
  request: CheckRequest;
}

/** What the gate would answer now, without locking, storing or claiming (the console's live panel). */
export async function previewContact(ctx: DomainContext, rawInput: PreviewContact): Promise<PreviewContactResult> {
  const input = parseInput(PreviewContact, rawInput);
  const context = await buildCheckRequest(ctx.db, { ...input, now: ctx.now });
  const actor = ctx.actor;
  if (actor.kind === "debtor" || (isTeamBound(actor) && !inTeam(actor, context.caseRow.teamId))) throw new ForbiddenError();
  return { decision: evaluateCheck(context.request, context.policy), request: context.request };
}
