#!/usr/bin/env node
// Waypoint's HTTP server: remix-serve's set-up (compression, static files, access log)
// plus a graceful shutdown. On SIGTERM or SIGINT it stops taking new connections,
// lets requests in flight finish (up to WAYPOINT_SHUTDOWN_SECONDS, default 20), then
// closes the database and exits. remix-serve exits as soon as it is told to, which
// cuts off a placement being saved and leaves the embedded database unclosed.
// An error nothing handles ends the process with code 1 (Node's default, kept on purpose:
// no handler here carries on in an unknown state). In production a supervisor starts it
// again at once (docs/waypoint.service).
import path from "node:path";
import { pathToFileURL } from "node:url";
import express from "express";
import compression from "compression";
import morgan from "morgan";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import { bodyLimit, answeredAlready } from "./body-limit.mjs";
import { clientAddress, trustedHops } from "./client-address.mjs";
import { baseHeaders } from "./base-headers.mjs";

const buildPath = path.resolve(process.argv[2] ?? "build/index.js");
const build = await import(pathToFileURL(buildPath).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });
// The app closes its own database here, not in a signal handler of its own.
globalThis.__waypointManagedShutdown = true;
// A bad setting stops the server now, with its message (app/lib/env.server.ts).
try {
  build.entry.module.checkConfiguration?.();
} catch (e) {
  console.error(e?.message ?? e);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
app.use(baseHeaders);
app.use(compression());
app.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
// Fingerprinted files (name.<12 hex>.ext, app/cli/copy-assets.mjs) never change under their name: a year, immutable.
const FINGERPRINTED = /\.[0-9a-f]{12}\.(css|js)$/;
app.use(
  express.static("public", {
    maxAge: "1h",
    setHeaders(res, file) {
      if (FINGERPRINTED.test(file)) res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    },
  }),
);
if (process.env.WAYPOINT_ACCESS_LOG !== "0") app.use(morgan("tiny"));
// The client's address (app/cli/client-address.mjs): WAYPOINT_TRUST_PROXY counts the proxies in front.
let hops;
try {
  hops = trustedHops(process.env.WAYPOINT_TRUST_PROXY);
} catch (e) {
  console.error(`Waypoint cannot start: ${e.message}`);
  process.exit(1);
}
if (hops) app.set("trust proxy", hops);
app.use(clientAddress);
// A form posted from another site is refused here with a 403. (Remix's own check would
// answer it with a 500; requireUser checks the origin again for each action.)
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") return next();
  const origin = req.headers.origin;
  if (!origin) return next();
  let host = null;
  try {
    host = new URL(origin).host;
  } catch {
    // an origin that is not a URL is refused below
  }
  const expected = req.headers["x-forwarded-host"] ?? req.headers.host;
  if (host !== null && host === expected) return next();
  res.status(403).type("text/plain").send("Forbidden: a form from another site cannot change anything here.");
});
app.use(bodyLimit(build.entry.module.bodyLimit));
app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV ?? "production" }));
app.use(answeredAlready);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST;
const server = host ? app.listen(port, host) : app.listen(port);
server.on("listening", () => console.log(`Waypoint is listening on http://localhost:${port}`));
server.on("error", (e) => {
  console.error(`Waypoint could not listen on port ${port}: ${e.message}`);
  process.exit(1);
});

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  const grace = Number(process.env.WAYPOINT_SHUTDOWN_SECONDS ?? 20) * 1000;
  console.log(`${signal}: finishing requests in flight, then stopping`);
  const timer = setTimeout(() => {
    console.error("Requests still running after the grace period: stopping anyway");
    process.exit(1);
  }, grace);
  timer.unref();
  server.close(async () => {
    try {
      await build.entry.module.closeDatabase?.();
    } catch (e) {
      console.error(`Closing the database failed: ${e?.message ?? e}`);
    }
    process.exit(0);
  });
  // Idle keep-alive connections would hold server.close() open until they time out.
  server.closeIdleConnections?.();
}
for (const s of ["SIGTERM", "SIGINT"]) process.on(s, () => void shutdown(s));
