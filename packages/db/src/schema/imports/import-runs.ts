import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { clients } from "../clients/clients";
import { users } from "../identity/users";

/** A placement, recall or payments file's import: the file on disk, its mapping, its progress and its summary.
 *  Nothing of a placement or recall run reaches the book until its one merge commits (a failed or
 *  cancelled run merged nothing); a payments run applies row by row, each idempotent by its external reference. */
export const importRuns = pgTable(
  "import_runs",
  {
    id: id(),
    clientId: uuid().notNull().references(() => clients.id),
    kind: text({ enum: ["placement", "recall", "payment"] }).notNull(),
    /** Path of the uploaded file on the import disk (IMPORT_DIR), never served as is. */
    filePath: text().notNull(),
    fileName: text().notNull(),
    encoding: text({ enum: ["utf-8", "gbk"] }).notNull(),
    /** Placement field → the file's column header. */
    mapping: jsonb().$type<Record<string, string>>().notNull(),
    status: text({ enum: ["queued", "running", "completed", "failed", "cancelled"] }).notNull().default("queued"),
    rowsRead: integer().notNull().default(0),
    rowsValid: integer().notNull().default(0),
    rowsQuarantined: integer().notNull().default(0),
    created: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    balanceChanges: integer().notNull().default(0),
    /** An ERROR_MESSAGES key when the whole file was refused (encoding, missing column). */
    errorKey: text(),
    errorParams: jsonb().$type<Record<string, string | number>>(),
    createdBy: uuid().references(() => users.id),
    startedAt: instant(),
    finishedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.clientId, t.createdAt)],
);

/** The rows of a run that were not imported: row number (1 = the first data row), field and reason key. */
export const importQuarantine = pgTable(
  "import_quarantine",
  {
    runId: uuid().notNull().references(() => importRuns.id),
    rowNo: integer().notNull(),
    field: text().notNull(),
    reason: text().notNull(),
    /** The client's account reference as written in the row (to find it in their file), when readable. */
    accountReference: text(),
  },
  (t) => [index().on(t.runId, t.rowNo)],
);

/** A client's saved column mapping per kind of file, chosen on a preview and reused by the next file. */
export const importMappings = pgTable(
  "import_mappings",
  {
    clientId: uuid().notNull().references(() => clients.id),
    kind: text({ enum: ["placement", "recall", "payment"] }).notNull(),
    mapping: jsonb().$type<Record<string, string>>().notNull(),
    updatedAt: instant().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.kind] })],
);
