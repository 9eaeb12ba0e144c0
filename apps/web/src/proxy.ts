import { NextResponse, type NextRequest } from "next/server";
import { env } from "./env";
import { contentSecurityPolicy, HSTS, newNonce, STATIC_SECURITY_HEADERS } from "./security-headers";

/** Every page and route gets the security headers; pages get a per-request CSP nonce (security-headers.ts). */
export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  const proto = request.headers.get("x-forwarded-proto") ?? request.nextUrl.protocol.replace(/:$/, "");
  if (proto === "https") response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  // Static chunks carry no script of ours to protect and are served with next.config's headers. The
  // import uploads too (the console's and the API's files): a request the proxy sees has its body
  // cloned into memory and cut at proxyClientMaxBodySize (10 MB), and a placement file is streamed to
  // disk whole (issue 16). They are JSON routes, no pages: next.config's static headers are all they need.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|api/imports/upload|api/v1/placements/files|api/v1/payments/files).*)" }],
};
