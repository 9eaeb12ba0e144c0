// Preloaded into `next start` (package.json "start"): writes the TCP peer's address into the
// x-casebook-peer request header, overwriting anything a client sent under that name. Next exposes no
// socket address to route handlers or server actions, and fills X-Forwarded-For from the socket only
// when the client sent none, so without this a client chooses its own address (issue 10: rotating
// X-Forwarded-For bypassed the login throttle and falsified audit IPs). @casebook/auth's clientIp reads
// this header, and believes X-Forwarded-For only when the peer is a configured proxy.
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (node --require) */
"use strict";
const http = require("node:http");
const https = require("node:https");

for (const Server of [http.Server, https.Server]) {
  const emit = Server.prototype.emit;
  Server.prototype.emit = function emitWithPeer(event, req, ...rest) {
    if (event === "request" && req && req.headers) req.headers["x-casebook-peer"] = req.socket?.remoteAddress ?? "";
    return emit.call(this, event, req, ...rest);
  };
}
