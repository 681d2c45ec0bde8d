/**
 * Times the trial page computed afresh, and its parts:
 * `npx tsx tests/bench/trial.ts postgres://.../waypoint_bench_130000_8 [runs]`.
 * "kept" reads the episodes' facts kept in trial_episode_facts (ADR 0057), filled by the
 * first run; "one household changed" drops the rows of one household's episodes first, as a
 * write to its placements or members does; "none kept" empties the table before each run
 * (the first view of the day, or after a change to a rate or a unit, which drops every row).
 */
import { timeParts } from "./time-parts";
import { openDatabase } from "~/lib/db/connect";
import { getTrial, trialEpisodes, trialGroups } from "~/features/trials/trials.server";
import { trialReportNow } from "~/features/trials/trial-report.server";
import { compareOutcomes } from "~/features/trials/trials";
import { sql } from "kysely";

const url = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
const day = "2026-11-23";
const { db, close } = await openDatabase({ databaseUrl: url, dataDir: "" });
const id = Number((await sql<{ id: number }>`SELECT id FROM trials ORDER BY id LIMIT 1`.execute(db)).rows[0].id);
const trial = await getTrial(db, id);
const groups = await trialGroups(db, trial, day);
console.log(
  `trial ${id}: sizes trial ${groups.trial.length}, before ${groups.before?.length ?? "-"}, concurrent ${groups.concurrent?.length ?? "-"}`,
);
const parts: [string, () => Promise<unknown>][] = [
  ["trialEpisodes afresh", () => trialEpisodes(db, trial, day, { kept: false })],
  ["trialEpisodes kept", () => trialEpisodes(db, trial, day)],
  [
    "compareOutcomes",
    async () => {
      if (groups.before) compareOutcomes(groups.trial, groups.before, "before");
      if (groups.concurrent) compareOutcomes(groups.trial, groups.concurrent, "concurrent");
    },
  ],
  [
    "trialReportNow none kept",
    async () => {
      await sql`DELETE FROM trial_episode_facts`.execute(db);
      await trialReportNow(db, trial, day, "left_90");
    },
  ],
  ["trialReportNow kept", () => trialReportNow(db, trial, day, "left_90")],
  [
    "trialReportNow one household changed",
    async () => {
      await sql`DELETE FROM trial_episode_facts f USING episodes e
                WHERE e.id = f.episode_id AND e.household_id = (SELECT household_id FROM episodes WHERE start_date >= ${trial.start_date}::date ORDER BY id LIMIT 1)`.execute(
        db,
      );
      await trialReportNow(db, trial, day, "left_90");
    },
  ],
];
await timeParts(parts, runs, { warm: false });
const kept = await sql<{ n: number }>`SELECT count(*) AS n FROM trial_episode_facts`.execute(db);
console.log(`episodes kept: ${kept.rows[0].n}`);
await close();
