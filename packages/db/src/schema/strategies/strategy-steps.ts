import { boolean, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { id } from "../_shared/columns";
import { channel, contactPurpose, partyRole } from "../_shared/enums";
import { strategyStages } from "./strategy-stages";

/** One planned contact of a stage: day offset from the stage's reference date, channel, template, hours. */
export const strategySteps = pgTable(
  "strategy_steps",
  {
    id: id(),
    stageId: uuid().notNull().references(() => strategyStages.id),
    ordinal: integer().notNull(),
    /** pre-due: days relative to the due date (negative); other stages: days after entering the stage. */
    dayOffset: integer().notNull(),
    channel: channel().notNull(),
    /** Templates are chosen by code and the person's language at dispatch. */
    templateCode: text().notNull(),
    purpose: contactPurpose().notNull().default("collection"),
    partyRole: partyRole().notNull().default("consumer"),
    /** Preferred local hours "HH:MM" (the compliance window still applies on top). */
    preferredFrom: text(),
    preferredTo: text(),
    repeatEveryDays: integer(),
    repeatTimes: integer().notNull().default(1),
    autodialed: boolean().notNull().default(false),
  },
  (t) => [index().on(t.stageId, t.ordinal)],
);
