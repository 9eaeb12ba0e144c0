import { clientIp as clientIpBehind, parseTrustedProxies } from "./client-ip";
import { readAuthEnv } from "./env";

const trustedProxies = parseTrustedProxies(readAuthEnv().AUTH_TRUSTED_PROXIES);

/** The real client address of a request (client-ip.ts), behind the configured proxies only. */
export function clientIp(headers: Headers): string | null {
  return clientIpBehind(headers, trustedProxies);
}
