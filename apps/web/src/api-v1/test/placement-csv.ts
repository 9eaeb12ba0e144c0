// A small placement file in a bank's own column names, and the mapping onto Casebook's fields: the
// file endpoints' tests (raw body and multipart form) send the same rows.

export const HEADER = "Account No,Name,Balance,Currency,Due,Country,State,ZIP";
export const MAPPING = { accountReference: "Account No", fullName: "Name", balanceMinor: "Balance", currency: "Currency", dueDate: "Due", country: "Country", region: "State", postalCode: "ZIP" };
export const row = (ref: string, balance = "50000", currency = "USD") => `${ref},"Reyes, Dana",${balance},${currency},2026-01-15,US,NY,11215`;
export const csv = (...rows: string[]) => `${[HEADER, ...rows].join("\r\n")}\r\n`;
