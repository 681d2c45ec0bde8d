#!/usr/bin/env node
// Waypoint's HTTP server on every core (issue 23). On PostgreSQL (DATABASE_URL set) a
// primary process starts one worker per core (WAYPOINT_WORKERS to choose another number),
// each serving the same port with Node's cluster; everything the workers share lives in
// PostgreSQL (sessions' secret, the sign-in throttle, imports and their progress, the data
// version that says when kept results are stale), so workers, like several servers behind
// a load balancer, need nothing from each other. The embedded database (no DATABASE_URL)
// is one process's folder: one process serves it.
//
// The primary passes SIGTERM and SIGINT to the workers, which finish their requests in
// flight (app/cli/serve-one.mjs), and exits when they have; a worker that dies on its own
// is replaced, unless workers keep dying (five within a minute), when the primary stops
// with code 1 for the supervisor (docs/waypoint.service) to see.
import cluster from "node:cluster";
import { availableParallelism } from "node:os";

function workerCount() {
  if (!process.env.DATABASE_URL) return 1;
  const asked = process.env.WAYPOINT_WORKERS;
  if (asked === undefined || asked === "") return availableParallelism();
  if (!/^\d{1,3}$/.test(asked) || Number(asked) < 1) {
    console.error(`Waypoint cannot start: WAYPOINT_WORKERS must be a whole number of at least 1, not "${asked}"`);
    process.exit(1);
  }
  return Number(asked);
}

const workers = cluster.isPrimary ? workerCount() : 1;

if (!cluster.isPrimary || workers === 1) {
  await import("./serve-one.mjs");
} else {
  let stopping = false;
  const deaths = [];
  let worst = 0;
  const start = () => cluster.fork();
  for (let i = 0; i < workers; i++) start();
  console.log(`Waypoint: ${workers} workers on PostgreSQL`);
  cluster.on("exit", (worker, code, signal) => {
    if (code) worst = Math.max(worst, code);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(worst);
      return;
    }
    console.error(`A worker stopped (${signal ?? `code ${code}`}): starting another`);
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && deaths[0] < now - 60_000) deaths.shift();
    if (deaths.length >= 5) {
      console.error("Workers keep stopping: Waypoint stops");
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      worst = Math.max(worst, 1);
      return;
    }
    start();
  });
  for (const s of ["SIGTERM", "SIGINT"])
    process.on(s, () => {
      if (stopping) return;
      stopping = true;
      console.log(`${s}: stopping the workers`);
      const alive = Object.values(cluster.workers ?? {});
      if (alive.length === 0) process.exit(worst);
      for (const w of alive) w?.process.kill(s);
    });
}
