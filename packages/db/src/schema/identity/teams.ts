import { pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id } from "../_shared/columns";

export const teams = pgTable("teams", {
  id: id(),
  name: text().notNull().unique(),
  createdAt: createdAt(),
});
