export { createTestDatabase, type TestDatabase } from "./create-test-database";
export { roleLoginUrl } from "./role-login-url";
export {
  defaultClientPolicy, makeCase, makeClient, makePerson, makeTeam, makeUser,
  type AccountRow, type CaseRow, type CaseWithAccounts, type ClientRow, type ContactPointRow,
  type MakeCaseOptions, type MakePersonOptions, type PersonRow, type PersonWithContactPoints,
  type PlacementRow, type TeamRow, type UserRow,
} from "./factories";
export { startPgbouncer, PGBOUNCER_BIN, type Pgbouncer } from "./pgbouncer";
