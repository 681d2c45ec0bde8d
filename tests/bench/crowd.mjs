#!/usr/bin/env node
// The benchmark's load generator (tests/bench/bench.mjs starts it): its own process, so the
// CPU its clients spend sending requests and reading answers is not the measuring
// process's. One argument, JSON: { base, path, cookie, clients, seconds, meanPauseMs,
// write }. `clients` clients ask for `path` for about `seconds` s (at least one request
// each). With no pause each asks again the instant it is answered: a closed loop, so 50
// clients on two cores queue about 25 deep whatever the page costs. With a pause (a random
// one, `meanPauseMs` on average) they are officers reading each page before the next.
// With `write` ({ everyMs, household, owner }) somebody also saves a move-on plan every
// `everyMs` ms through the app, as an officer does: each write moves the data version on,
// so the next request for a kept page computes it afresh (ADR 0017). It prints one line
// of JSON: its own view of the answers (percentiles, requests a second, errors) and the
// writes made.
const opts = JSON.parse(process.argv[2]);
const { base, path, cookie, clients = 50, seconds = 20, meanPauseMs = 0, write = null } = opts;

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] : null;
};

let errors = 0;
const ms = [];
const t0 = performance.now();
const end = t0 + seconds * 1000;
let writes = 0;
let writeErrors = 0;
const writer = write
  ? (async () => {
      let n = 0;
      while (performance.now() + write.everyMs < end) {
        await new Promise((r) => setTimeout(r, write.everyMs));
        try {
          const res = await fetch(`${base}/households/${write.household}/move-on`, {
            method: "POST",
            redirect: "manual",
            headers: { cookie, origin: base, "Content-Type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({
              pathway: "social_housing",
              "target-day": "31",
              "target-month": "3",
              "target-year": "2027",
              next_action: `bench-${process.pid}-${n++}`,
              owner: String(write.owner),
            }),
          });
          await res.arrayBuffer();
          if (res.status === 302 || res.status === 303) writes++;
          else writeErrors++;
        } catch {
          writeErrors++;
        }
      }
    })()
  : null;
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pause = () => (meanPauseMs > 0 ? new Promise((r) => setTimeout(r, -Math.log(1 - rand()) * meanPauseMs)) : null);
await Promise.all(
  Array.from({ length: clients }, async () => {
    await pause();
    do {
      const t = performance.now();
      try {
        const res = await fetch(`${base}${path}`, { headers: { cookie } });
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
        ms.push(performance.now() - t);
      } catch {
        errors++;
      }
      await pause();
    } while (performance.now() < end);
  }),
);
await writer;
const secs = (performance.now() - t0) / 1000;
process.stdout.write(
  `${JSON.stringify({ p95: pct(ms, 0.95), median: pct(ms, 0.5), requests: ms.length, perSecond: ms.length / secs, errors, writes, writeErrors })}\n`,
);
