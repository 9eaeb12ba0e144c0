export { auth, handlers, signIn, signOut, unstable_update, clientIp } from "./config";
export { actorFor, currentUser, requireRole, requireUser, requireUserForPasswordChange, userForApi } from "./guards";
export { oidcEnabled, readAuthEnv } from "./env";
