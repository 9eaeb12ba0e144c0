import { index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, instant } from "../_shared/columns";
import { caseQueue, caseStatus, stageKind } from "../_shared/enums";
import { clients } from "../clients/clients";
import { teams } from "../identity/teams";
import { users } from "../identity/users";
import { persons } from "../persons/persons";
import { strategies } from "../strategies/strategies";

/** The agent's unit of work: one person's accounts with one client. */
export const cases = pgTable(
  "cases",
  {
    id: id(),
    clientId: uuid().notNull().references(() => clients.id),
    personId: uuid().notNull().references(() => persons.id),
    teamId: uuid().notNull().references(() => teams.id),
    ownerUserId: uuid().references(() => users.id),
    queue: caseQueue().notNull().default("standard"),
    status: caseStatus().notNull().default("open"),
    /** Higher first. Recomputed by domain/cases/prioritise-case; the reason code explains the position. */
    priorityScore: integer().notNull().default(0),
    priorityReason: text().notNull().default("new_placement"),
    strategyId: uuid().references(() => strategies.id),
    stage: stageKind(),
    stageEnteredAt: instant(),
    /** Outreach paused until this instant (a promise pauses calls until its date). */
    pausedUntil: instant(),
    callbackAt: instant(),
    lastContactAt: instant(),
    openedAt: instant().notNull().defaultNow(),
    closedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [
    index("cases_team_queue_priority_idx").on(t.teamId, t.status, t.priorityScore.desc(), t.id),
    index("cases_owner_priority_idx").on(t.ownerUserId, t.status, t.priorityScore.desc(), t.id),
    index().on(t.personId),
    index().on(t.clientId),
  ],
);
