import { z } from "zod";
import { ACCOUNT_STATUSES } from "@casebook/domain";

// The creditor API's request and response schemas: the same objects validate every request and
// response (handler.ts) and generate the OpenAPI 3.1 document (openapi.ts), so the two cannot drift.
// Requests go through the domain's own checks again (a placement's check digits, a payment's balance).

export const requests = z.registry<{ id: string; description?: string }>();
export const responses = z.registry<{ id: string; description?: string }>();

const Reference = z.string().min(1).max(100).describe("The client's own account reference");
const Minor = z.number().int().nonnegative().describe("Integer minor units of the currency (cents, fen)");
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).describe("A calendar date, YYYY-MM-DD");

export const PlacementRequest = z.object({
  accountReference: Reference,
  originalCreditor: z.string().max(200).optional(),
  product: z.string().max(50).optional().describe("credit_card, personal_loan, auto_loan, consumer_loan..."),
  currency: z.string().length(3).describe("ISO 4217"),
  principalMinor: Minor.optional(),
  interestMinor: Minor.optional(),
  feesMinor: Minor.optional(),
  balanceMinor: Minor,
  dueDate: IsoDate,
  delinquencyDate: IsoDate.optional(),
  chargeOffDate: IsoDate.optional().describe("Not in the future"),
  fullName: z.string().min(1).max(200),
  dateOfBirth: IsoDate.optional(),
  country: z.string().length(2).describe("ISO 3166 alpha-2"),
  region: z.string().max(10).optional().describe("US state code, CN province code"),
  postalCode: z.string().max(20).optional().describe("A US ZIP for US debtors"),
  nationalId: z.string().max(30).optional().describe("CN resident ID number, checked (check digit and birth date), not stored"),
  phone: z.string().max(40).optional().describe("Normalised to E.164"),
  email: z.string().max(254).optional(),
  addressLine: z.string().max(300).optional(),
  city: z.string().max(100).optional(),
  preferredLanguage: z.enum(["en", "zh-CN"]).optional(),
}).strict().register(requests, { id: "PlacementRequest", description: "One account placed (idempotent by accountReference)" });

export const PlacementResult = z.object({
  accountReference: Reference,
  created: z.boolean().describe("false: the reference was placed already and was updated"),
  balanceChanged: z.boolean().describe("true: the client's balance changed and a balance adjustment was recorded"),
}).register(responses, { id: "PlacementResult" });

const AccountStatus = z.enum(ACCOUNT_STATUSES);

export const Account = z.object({
  accountReference: Reference,
  status: AccountStatus,
  closeCode: z.enum(["paid_in_full", "settled", "bankrupt", "deceased", "recalled", "uncollectable"]).nullable(),
  currency: z.string(),
  balanceMinor: z.number().int(),
  placedBalanceMinor: z.number().int(),
  principalMinor: z.number().int(),
  interestMinor: z.number().int(),
  feesMinor: z.number().int(),
  dueDate: IsoDate,
  chargeOffDate: IsoDate.nullable(),
  placedAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  openDispute: z.boolean(),
  onHold: z.boolean(),
}).register(responses, { id: "Account" });

export const AccountPage = z.object({ data: z.array(Account), nextCursor: z.string().nullable() }).register(responses, { id: "AccountPage" });
export const AccountListQuery = z.object({
  status: AccountStatus.optional(),
  cursor: z.string().max(500).optional().describe("nextCursor of the previous page"),
  limit: z.coerce.number().int().min(1).max(200).optional().describe("Default 50"),
});

export const HistoryEntry = z.object({
  at: z.iso.datetime(),
  id: z.string(),
  kind: z.enum(["account.placed", "account.closed", "balance.adjusted", "payment.posted", "payment.reversed", "dispute.opened", "hold.placed", "hold.released"]),
  data: z.record(z.string(), z.unknown()),
}).register(responses, { id: "HistoryEntry" });
export const HistoryPage = z.object({ data: z.array(HistoryEntry), nextCursor: z.string().nullable() }).register(responses, { id: "HistoryPage" });
export const PageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});

export const PaymentRequest = z.object({
  accountReference: Reference,
  amountMinor: z.number().int().positive(),
  currency: z.string().length(3),
  method: z.enum(["card", "ach", "bank_transfer", "check", "cash", "alipay", "wechat_pay", "unionpay"]),
  reference: z.string().min(1).max(100).describe("Your payment's external reference: a payment is recorded once per reference"),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
}).strict().register(requests, { id: "PaymentRequest" });

export const Payment = z.object({
  paymentId: z.uuid(),
  accountReference: Reference,
  amountMinor: z.number().int(),
  currency: z.string(),
  reference: z.string().nullable(),
  status: z.enum(["posted", "reversed"]),
  receivedAt: z.iso.datetime(),
  duplicate: z.boolean().describe("true: this reference was recorded already; nothing new was posted"),
}).register(responses, { id: "Payment" });

export const ReversalRequest = z.object({ reason: z.enum(["nsf", "returned", "chargeback"]) }).strict().register(requests, { id: "ReversalRequest" });
export const Reversal = z.object({ paymentId: z.uuid(), status: z.literal("reversed"), reopenedAccounts: z.number().int() }).register(responses, { id: "Reversal" });

export const RecallRequest = z.object({ reason: z.string().max(200).optional() }).strict().register(requests, { id: "RecallRequest" });
export const RecallResult = Account.extend({ recalled: z.boolean().describe("false: the account was closed already") }).register(responses, { id: "RecallResult" });

export const DisputeRequest = z.object({
  ground: z.enum(["existence", "amount", "identity", "other"]).optional(),
  reason: z.string().min(3).max(2000),
}).strict().register(requests, { id: "DisputeRequest" });
export const Dispute = z.object({ disputeId: z.uuid(), accountReference: Reference, status: z.literal("open") }).register(responses, { id: "Dispute" });

export const HoldRequest = z.object({
  kind: z.enum(["cease", "bankruptcy", "deceased", "hardship", "fraud", "lacks_capacity"]),
  bankruptcy: z.object({ chapter: z.enum(["7", "11", "13"]), filingDate: IsoDate }).optional().describe("Required when kind is bankruptcy"),
  note: z.string().max(2000).optional(),
}).strict().register(requests, { id: "HoldRequest" });
export const Hold = z.object({ holdId: z.uuid(), accountReference: Reference, kind: z.string() }).register(responses, { id: "Hold" });

export const FileImportQuery = z.object({
  fileName: z.string().trim().min(1).max(255).optional().describe("Your file's name, kept in the import history (default upload.csv)"),
  encoding: z.enum(["utf-8", "gbk"]).optional().describe("The file's encoding (default utf-8, with or without BOM)"),
  mapping: z.string().max(8000).optional().describe("A JSON object: field -> your file's column header. Omitted: your client's saved mapping (the last one used, in the console or here); sent: saved for the next file"),
});
export const FileBody = z.string().describe("The CSV file itself (Content-Type: text/csv), header row first");
/** The same upload as a form (multipart/form-data): the file as a binary part, the query's parameters as text fields. */
export const FileForm = FileImportQuery.extend({
  file: z.string().meta({ format: "binary", contentMediaType: "text/csv" }).describe("The CSV file, header row first, as a file part (its Content-Type text/csv, text/plain, application/octet-stream or application/vnd.ms-excel). Its filename is the import's fileName unless a fileName field is sent"),
}).strict().describe("One part named file and, optionally, the text fields fileName, encoding and mapping (each either here or as a query parameter, not both). Other parts are refused");

export const ImportAccepted = z.object({
  importId: z.uuid(),
  status: z.literal("queued"),
  mapping: z.record(z.string(), z.string()).describe("The column mapping the run uses"),
  statusUrl: z.string().describe("GET it for progress and the summary"),
}).register(responses, { id: "ImportAccepted" });

export const ImportRun = z.object({
  importId: z.uuid(),
  kind: z.enum(["placement", "recall", "payment"]),
  fileName: z.string(),
  status: z.enum(["queued", "running", "completed", "failed", "cancelled"]),
  rowsRead: z.number().int().describe("Data rows read so far (the header excluded)"),
  rowsValid: z.number().int(),
  rowsQuarantined: z.number().int().describe("Rows not imported; GET quarantineUrl for row, field and reason"),
  created: z.number().int(),
  updated: z.number().int(),
  balanceChanges: z.number().int(),
  error: z.object({ code: z.string(), detail: z.string() }).nullable().describe("Why the whole file was refused (encoding, a missing column), when it was"),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  quarantineUrl: z.string(),
}).register(responses, { id: "ImportRun" });
export const QuarantineCsv = z.string().describe("CSV: row,field,reason,message,account_reference (row 1 = the first data row)");

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  errors: z.array(z.object({ pointer: z.string(), field: z.string(), code: z.string(), detail: z.string() })).optional(),
}).register(responses, { id: "Problem", description: "RFC 9457 problem details" });
