/**
 * Rate negotiations (issue 18, item 3): a proposed change to a provider's rates (all its
 * units, or those of one TA type), as a percentage in basis points, through asked ->
 * offered (any number of times) -> agreed or refused. Each step keeps its date, who
 * recorded it and when. An agreed one becomes unit_rates rows from its effective date;
 * each such row carries the negotiation's id, so the rate before it is known and the
 * saving can be computed (db/definitions/negotiations.ts). Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE rate_negotiations (
      id bigserial PRIMARY KEY,
      provider_id bigint NOT NULL REFERENCES providers(id),
      ta_type_code text REFERENCES ta_types(code) ON UPDATE CASCADE,
      status text NOT NULL DEFAULT 'asked' CHECK (status IN ('asked', 'offered', 'agreed', 'refused')),
      asked_basis_points int NOT NULL CHECK (asked_basis_points BETWEEN -5000 AND 10000),
      offered_basis_points int CHECK (offered_basis_points BETWEEN -5000 AND 10000),
      asked_on date NOT NULL,
      offered_on date,
      agreed_on date,
      refused_on date,
      effective_from date,
      notes text CHECK (notes IS NULL OR length(notes) <= 2000),
      asked_by bigint REFERENCES users(id),
      asked_at timestamptz NOT NULL DEFAULT now(),
      offered_by bigint REFERENCES users(id),
      offered_at timestamptz,
      decided_by bigint REFERENCES users(id),
      decided_at timestamptz,
      CHECK (status <> 'agreed' OR (agreed_on IS NOT NULL AND effective_from IS NOT NULL)),
      CHECK (status <> 'refused' OR refused_on IS NOT NULL),
      CHECK (status <> 'offered' OR (offered_on IS NOT NULL AND offered_basis_points IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX rate_negotiations_provider ON rate_negotiations (provider_id)`.execute(db);
  await sql`ALTER TABLE unit_rates ADD COLUMN negotiation_id bigint REFERENCES rate_negotiations(id)`.execute(db);
  await sql`CREATE INDEX unit_rates_negotiation ON unit_rates (negotiation_id) WHERE negotiation_id IS NOT NULL`.execute(db);
}
