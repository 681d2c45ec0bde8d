// The client's address, for the sign-in throttle and the session record, as app/cli/serve.mjs
// hands it to the app (the x-waypoint-client-address header, always set here, so a client
// cannot send its own).
//
// WAYPOINT_TRUST_PROXY is the number of reverse proxies in front of Waypoint that each add
// the address they received from to X-Forwarded-For. With n of them the client's address
// is the n-th from the right: everything further left was sent by the client and may be
// made up. Unset or 0: no proxy, the socket's address, X-Forwarded-For ignored.

/** Express's "trust proxy" value for WAYPOINT_TRUST_PROXY: a count of hops, or false. */
export function trustedHops(value) {
  if (value === undefined || value === "" || value === "0") return false;
  if (!/^[1-9]\d{0,1}$/.test(value)) {
    throw new Error(`WAYPOINT_TRUST_PROXY must be the number of proxies in front of Waypoint (0 to 99), not ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** Express middleware: sets x-waypoint-client-address from req.ip, which "trust proxy" decides. */
export function clientAddress(req, _res, next) {
  // An IPv4 client on a dual-stack socket shows as ::ffff:192.0.2.1; one address, one spelling.
  const address = (req.ip ?? req.socket.remoteAddress ?? "unknown").replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  req.headers["x-waypoint-client-address"] = address;
  next();
}
