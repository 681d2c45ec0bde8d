#!/usr/bin/env node
// `npm start`: install, build, load the demo when the database is empty, and serve.
// Installing and building are skipped when nothing they depend on has changed since the
// last start (a fingerprint of their inputs is kept beside their output), so a second
// start on the same checkout goes straight to the demo check and the server.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/** A hash of these files' paths and contents (directories walked, sorted). */
function fingerprint(paths) {
  const hash = createHash("sha256");
  const walk = (p) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) walk(join(p, name));
    } else {
      hash.update(relative(root, p)).update("\0").update(readFileSync(p)).update("\0");
    }
  };
  for (const p of paths) walk(join(root, p));
  return hash.digest("hex");
}

function step(label, stampFile, inputs, cmd, args) {
  const stamp = join(root, stampFile);
  const want = fingerprint(inputs);
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) {
    console.log(`${label}: up to date`);
    return;
  }
  console.log(`${label}...`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(stamp, want);
}

step("Installing dependencies", "node_modules/.waypoint-installed", ["package.json", "package-lock.json"], npm, [
  "install",
  "--no-audit",
  "--no-fund",
]);
step(
  "Building",
  "build/.waypoint-built",
  ["package-lock.json", "app", "public/waypoint.css", "remix.config.js", "tsconfig.json", "db"],
  npm,
  ["run", "build"],
);
// The demo council goes into an empty database. On the embedded database a marker in its
// folder records that it has data, so a restart does not open the database twice (the
// check alone took seconds); deleting the folder deletes the marker with it.
const embedded = !process.env.DATABASE_URL;
const hasData = join(resolve(root, process.env.WAYPOINT_DATA_DIR || "data/pglite"), ".waypoint-has-data");
if (!(embedded && existsSync(hasData))) {
  const demo = spawnSync(process.execPath, [join(root, "app/cli/waypoint.mjs"), "demo", "--if-empty"], { cwd: root, stdio: "inherit" });
  if (demo.status !== 0) process.exit(demo.status ?? 1);
  if (embedded) writeFileSync(hasData, "The embedded database in this folder holds data: npm start does not load the demo again.\n");
}
// The server gets the signals (npm sends SIGTERM to this process only) and its exit code.
const server = spawn(process.execPath, ["--max-old-space-size=256", join(root, "app/cli/serve.mjs")], { cwd: root, stdio: "inherit" });
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
