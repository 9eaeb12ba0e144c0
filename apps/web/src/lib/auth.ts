import "server-only";
import { createAuth } from "@casebook/auth";
import { appInfra } from "./infra";

// Auth.js and its guards over the app's one infrastructure (infra.ts): every page, action and route
// imports them from here.
export const {
  handlers, auth, signIn, signOut, unstable_update,
  currentUser, requireUser, requireUserForPasswordChange, requireRole, userForApi,
} = createAuth(appInfra);
export { actorFor, oidcEnabled, readAuthEnv } from "@casebook/auth";
