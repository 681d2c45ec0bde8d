// Headers on every response of app/cli/serve.mjs, the static files, CSV downloads, /healthz
// and error answers included: the app's pages set their own (app/lib/security.server.ts),
// but the other answers never pass through it.

/** A year; the header is only ever sent over HTTPS, where a browser heeds it. */
const HSTS = "max-age=31536000";

function overHttps(req) {
  const forwarded = String(req.headers["x-forwarded-proto"] ?? "")
    .split(",")[0]
    .trim();
  return req.secure || forwarded === "https";
}

export function baseHeaders(req, res, next) {
  const https = overHttps(req);
  const writeHead = res.writeHead;
  // Set as the headers go out, and only when the app has not: never a header twice.
  res.writeHead = function (...args) {
    if (!this.hasHeader("X-Content-Type-Options")) this.setHeader("X-Content-Type-Options", "nosniff");
    if (https && !this.hasHeader("Strict-Transport-Security")) this.setHeader("Strict-Transport-Security", HSTS);
    return writeHead.apply(this, args);
  };
  next();
}
