export { ensureDatabaseRoles, roleOf, type DatabaseRoleUrls, type RoleLogin } from "./ensure-roles";
export { appendOnlyTables, applyRuntimeGrants } from "./grants";
export { unsafeRuntimeLogin } from "./runtime-login";
