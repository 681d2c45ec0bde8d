/**
 * Letters (issue 20, item 3): templates the council edits, and each letter sent kept on the
 * case as it was sent. A template is plain text with named fields ({{household.lead_name}});
 * every save adds a version, never changes one, so a letter names the version it was made
 * from. A letter keeps its whole rendered text: editing a template later does not change a
 * letter already sent (db/definitions/letters.ts refuses any change to a letter). The four
 * templates the council starts with are below; they are the council's to edit.
 * Frozen once shipped.
 */
import { sql, type Kysely } from "kysely";

const KINDS = "('placement_offer', 'booking_confirmation', 'move_on_offer', 's208_notice')";

const PLACEMENT_OFFER = `{{council.name}}
{{letter.date}}

Our reference: {{household.case_ref}}

Dear {{household.lead_name}},

Offer of temporary accommodation

We are offering you and your household temporary accommodation at:

{{placement.address}}

from {{placement.start_date}}. The accommodation is provided by {{provider.name}}.

Your right to ask for a review
If you think this accommodation is not suitable for you or your household, you have the right to ask us to review whether it is suitable (section 202 of the Housing Act 1996). You must ask within 21 days of the day you are told of this offer: by {{review.deadline}} at the latest. You can move in and still ask for a review.

To ask for a review, or if you have any questions, contact your housing officer.

Yours sincerely,

{{officer.name}}
Housing Options, {{council.name}}`;

const BOOKING_CONFIRMATION = `{{council.name}}
{{letter.date}}

To: {{provider.name}}

Booking confirmation, unit {{placement.unit_ref}}
Our reference: {{household.case_ref}}

This confirms that {{council.name}} has booked the accommodation below for a household it has placed.

Address:
{{placement.address}}

Household: {{household.lead_name}}, {{household.people}} people
First night: {{placement.start_date}}

The council pays for the nights the household is placed there, at the agreed rate. Tell us at once if the household does not arrive, leaves, or if anyone else is living there.

{{officer.name}}
Housing Options, {{council.name}}`;

const MOVE_ON_OFFER = `{{council.name}}
{{letter.date}}

Our reference: {{household.case_ref}}

Dear {{household.lead_name}},

Moving on from temporary accommodation

We are offering to help you move on from temporary accommodation to: {{move_on.pathway}}. We aim to do this by {{move_on.target_date}}.

Your right to ask for a review
If we offer you accommodation and you think it is not suitable, you have the right to ask us to review whether it is suitable (section 202 of the Housing Act 1996). You must ask within 21 days of the day you are told of an offer made with this letter: by {{review.deadline}} at the latest.

If you have any questions, contact your housing officer.

Yours sincerely,

{{officer.name}}
Housing Options, {{council.name}}`;

const S208_NOTICE = `{{council.name}}
{{letter.date}}

To: {{district.council}}
{{district.notice_address}}

Notice of an out-of-district placement
Section 208(2) of the Housing Act 1996

{{council.name}} gives notice that it has secured accommodation in your district ({{district.name}}) for the household below.

Applicant's name: {{household.lead_name}}
Our case reference: {{household.case_ref}}
Number of household members: {{household.people}}
Household members (ages on the date the accommodation was made available):
{{household.members}}

Address of the accommodation:
{{placement.address}}

Date the accommodation was made available: {{placement.start_date}}
Duty under which it was provided: {{placement.duty}}

{{officer.name}}
Housing Options, {{council.name}}`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE letter_templates (
      kind text NOT NULL CHECK (kind IN ${sql.raw(KINDS)}),
      version integer NOT NULL CHECK (version >= 1),
      body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 20000),
      saved_by bigint REFERENCES users(id),
      saved_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, version)
    )`.execute(db);
  await sql`
    CREATE TABLE letters (
      id bigserial PRIMARY KEY,
      household_id bigint NOT NULL REFERENCES households(id),
      placement_id bigint REFERENCES placements(id),
      kind text NOT NULL,
      template_version integer NOT NULL,
      letter_date date NOT NULL,
      sent_to text NOT NULL CHECK (length(btrim(sent_to)) BETWEEN 1 AND 500),
      body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 60000),
      sent_by bigint REFERENCES users(id),
      sent_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (kind, template_version) REFERENCES letter_templates (kind, version),
      CONSTRAINT letters_placement_needed CHECK (kind = 'move_on_offer' OR placement_id IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX letters_household ON letters (household_id, sent_at)`.execute(db);
  await sql`CREATE INDEX letters_placement ON letters (placement_id) WHERE placement_id IS NOT NULL`.execute(db);
  await sql`
    INSERT INTO letter_templates (kind, version, body) VALUES
      ('placement_offer', 1, ${PLACEMENT_OFFER}),
      ('booking_confirmation', 1, ${BOOKING_CONFIRMATION}),
      ('move_on_offer', 1, ${MOVE_ON_OFFER}),
      ('s208_notice', 1, ${S208_NOTICE})`.execute(db);
}
