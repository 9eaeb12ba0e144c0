import { describe, expect, it } from "vitest";
import { clientIp, parseTrustedProxies, PEER_HEADER } from "../src/client-ip";

const h = (o: Record<string, string>) => new Headers(o);

// Issue 10: X-Forwarded-For is believed only from a configured proxy; rotating it from a direct
// connection neither escapes the login throttle nor writes a false address into the audit trail.
describe("clientIp", () => {
  const none = parseTrustedProxies("");
  const proxies = parseTrustedProxies("10.0.0.0/8, 127.0.0.1, ::1");

  it("is the TCP peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    for (const forged of ["1.2.3.4", "5.6.7.8, 9.9.9.9", "garbage"]) {
      expect(clientIp(h({ [PEER_HEADER]: "203.0.113.7", "x-forwarded-for": forged }), none)).toBe("203.0.113.7");
    }
  });

  it("is the TCP peer when the peer is not one of the configured proxies", () => {
    expect(clientIp(h({ [PEER_HEADER]: "203.0.113.7", "x-forwarded-for": "1.2.3.4" }), proxies)).toBe("203.0.113.7");
  });

  it("behind a trusted proxy, is the right-most address that is not a proxy", () => {
    // The client prepended a forged 1.2.3.4; the proxy appended the address it saw (198.51.100.9).
    expect(clientIp(h({ [PEER_HEADER]: "10.1.2.3", "x-forwarded-for": "1.2.3.4, 198.51.100.9" }), proxies)).toBe("198.51.100.9");
    expect(clientIp(h({ [PEER_HEADER]: "::ffff:127.0.0.1", "x-forwarded-for": "198.51.100.9, 10.0.0.5" }), proxies)).toBe("198.51.100.9");
  });

  it("without the peer header (next dev), the right-most X-Forwarded-For entry, which Next writes", () => {
    expect(clientIp(h({ "x-forwarded-for": "1.2.3.4, 127.0.0.1" }), none)).toBe("127.0.0.1");
    expect(clientIp(h({}), none)).toBeNull();
  });

  it("refuses a malformed proxy list, naming the variable", () => {
    expect(() => parseTrustedProxies("10.0.0.0/8, proxy.local")).toThrow(/AUTH_TRUSTED_PROXIES/);
  });
});
