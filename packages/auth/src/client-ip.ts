import { BlockList, isIP } from "node:net";

/** The header the web server's peer-address preload (apps/web/peer-address.cjs) sets from the TCP
 *  socket, overwriting whatever a client sent: the one address a client cannot choose. */
export const PEER_HEADER = "x-casebook-peer";

const unmap = (ip: string) => ip.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1").replace(/^\[|\]$/g, "");

/** AUTH_TRUSTED_PROXIES: addresses and CIDR ranges of the reverse proxies in front of the console,
 *  comma-separated ("10.0.0.0/8, 127.0.0.1"). Empty: no proxy is trusted. */
export function parseTrustedProxies(spec: string | undefined): BlockList {
  const list = new BlockList();
  for (const raw of (spec ?? "").split(",").map((s) => s.trim()).filter(Boolean)) {
    const [addr, bits] = raw.split("/");
    const ip = unmap(addr ?? "");
    const family = isIP(ip);
    if (!family) throw new Error(`AUTH_TRUSTED_PROXIES: "${raw}" is not an IP address or CIDR range`);
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(bits), type);
  }
  return list;
}

const trusted = (list: BlockList, ip: string) => {
  const family = isIP(ip);
  return family !== 0 && list.check(ip, family === 6 ? "ipv6" : "ipv4");
};

/**
 * The real client address, for the login throttle and the audit trail. The TCP peer, unless the peer
 * is a configured proxy: then X-Forwarded-For is read from the right, skipping the proxies, and the
 * first address not ours is the client. A client that sends its own X-Forwarded-For to a console it
 * reaches directly changes nothing (issue 10: rotating it bypassed the throttle and falsified the audit).
 * Without the peer header (`next dev`), the right-most X-Forwarded-For entry: what Next put there.
 */
export function clientIp(headers: Headers, proxies: BlockList): string | null {
  const forwarded = (headers.get("x-forwarded-for") ?? "").split(",").map(unmap).filter((s) => isIP(s) !== 0);
  const peerHeader = headers.get(PEER_HEADER);
  const peer = peerHeader ? unmap(peerHeader) : forwarded.pop();
  if (!peer) return null;
  if (!trusted(proxies, peer)) return peer;
  let client = peer;
  for (let i = forwarded.length - 1; i >= 0; i--) {
    client = forwarded[i]!;
    if (!trusted(proxies, client)) return client;
  }
  return client;
}
