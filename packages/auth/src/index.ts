export { auth, handlers, signIn, signOut, unstable_update, clientIp } from "./config";
export { actorFor, currentUser, requireRole, requireUser, userForApi } from "./guards";
export { oidcEnabled, readAuthEnv } from "./env";
