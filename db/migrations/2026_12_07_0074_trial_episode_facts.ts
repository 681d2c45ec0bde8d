/**
 * Trial measures kept on write (issue 23, item 1; ADR 0057): one row per TA episode and day,
 * holding what the trial pages read of the episode as at that day, as computed afresh by
 * episodeFactsAt (app/features/trials/trials.server.ts). A settled episode (ended, and all its
 * placements too, by `as_of`) has one row, read for any day from `as_of` on; an episode open on
 * the day asked has a row for that day alone. A row is deleted, in the writing transaction, by
 * the triggers of db/definitions/trial-kept.ts when anything it reads changes; a missing row
 * (or one of another rule) is recomputed on the next read. No household_id or trial: the facts
 * of an episode, whatever trial reads them; the episode gives the household. Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE trial_episode_facts (
      episode_id bigint NOT NULL,
      as_of date NOT NULL,
      settled boolean NOT NULL,
      rule text NOT NULL,
      found boolean NOT NULL,
      ta_type_code text,
      provider_id bigint,
      with_children boolean NOT NULL,
      pregnant boolean NOT NULL,
      bnb_nights integer NOT NULL,
      bnb_spells text,
      gross_pence bigint NOT NULL,
      priced_nights bigint NOT NULL,
      net_pence bigint,
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (episode_id, as_of)
    )`.execute(db);
  await sql`CREATE INDEX trial_episode_facts_as_of_idx ON trial_episode_facts (as_of)`.execute(db);
  // Open rows of days no longer asked are pruned on each store: found without reading the settled ones.
  await sql`CREATE INDEX trial_episode_facts_open_idx ON trial_episode_facts (as_of) WHERE NOT settled`.execute(db);
}
