import { index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "../_shared/columns";
import { disputes } from "./disputes";

/** A document the debtor uploaded with a written dispute. The bytes are on disk under the configured
 *  upload directory, named by this row's id (never by the uploader's file name). */
export const disputeDocuments = pgTable(
  "dispute_documents",
  {
    id: id(),
    disputeId: uuid().notNull().references(() => disputes.id),
    contentType: text({ enum: ["application/pdf", "image/png", "image/jpeg"] }).notNull(),
    sizeBytes: integer().notNull(),
    /** Hex SHA-256 of the bytes, the evidence that the file on disk is the one received. */
    sha256: text().notNull(),
    /** Path relative to the upload directory. */
    storedAs: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.disputeId)],
);
