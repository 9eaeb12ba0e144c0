import { UnrecoverableError, type Job } from "bullmq";
import { sendPortalCode } from "@casebook/domain";
import { SendPortalCodePayload } from "@casebook/jobs";
import { contextOf, type Deps } from "../deps";

/** A portal sign-in's one-time code: drawn, stored hashed and sent here, so it never sits in Redis. */
export async function processSendPortalCode(job: Job, deps: Deps) {
  const parsed = SendPortalCodePayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError("invalid payload");
  const result = await sendPortalCode(contextOf(deps), { signInId: parsed.data.signInId }, deps.channels);
  deps.log.info({ jobId: job.id, signInId: parsed.data.signInId, sent: result.sent }, "portal code");
  return result;
}
