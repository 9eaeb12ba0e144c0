import type { schema } from "@casebook/db";

type ContactPoint = typeof schema.contactPoints.$inferSelect;

/** Personal data is masked by default (issue 5): enough to tell the points apart, not to use them. */
export function maskContactPoint(cp: Pick<ContactPoint, "kind" | "value" | "postal">): string {
  if (cp.kind === "phone") {
    const digits = cp.value.replace(/[^\d]/g, "");
    const cc = cp.value.startsWith("+86") ? "+86" : cp.value.startsWith("+44") ? "+44" : cp.value.startsWith("+1") ? "+1" : "+";
    return `${cc} ••• ${digits.slice(-4)}`;
  }
  if (cp.kind === "email") {
    const [local = "", domain = ""] = cp.value.split("@");
    return `${local.slice(0, 1)}•••@${domain}`;
  }
  const p = cp.postal;
  return p ? `••• ${[p.city, p.region].filter(Boolean).join(", ")} ${p.country}` : "•••";
}
