export { createAuth } from "./config";
export { clientIp } from "./request-ip";
export { actorFor } from "./guards";
export { oidcEnabled, readAuthEnv } from "./env";
