/** Audit actions a supervisor sees on the live board, as words (anything else reads "worked on the case"). */
const KNOWN = new Set(["case.view", "contact.outcome", "contact.claim", "promise.record", "payment.post", "note.add", "callback.book", "plan.create",
  "dispute.open", "hold.place", "hold.release", "person.reveal", "message.request", "opt_out.record", "contact_point.add", "case.escalate_legal"]);

export function actionLabel(action: string, t: (key: string) => string): string {
  return KNOWN.has(action) ? t(`actions.${action.replace(".", "_")}`) : t("actions.other");
}
