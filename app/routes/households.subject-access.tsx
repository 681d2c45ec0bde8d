import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { formatDate } from "~/lib/dates";
import { RELATIONSHIPS, type Relationship } from "~/lib/vocabulary";
import { findSubject } from "~/features/households/subject-access.server";
import { personFrom } from "~/features/households/subject-access-form.server";
import { BackLink, Button, ErrorSummary, Input, Table } from "~/lib/components/govuk";

export const handle = { title: "Subject access request" };

/**
 * Finds a person by name and date of birth (or lists a household's members to choose from)
 * and links to everything held about them: a page to print and a machine-readable file.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "export:personal-data");
  const db = await getDb();
  const url = new URL(request.url);
  const householdId = Number(url.searchParams.get("household"));
  const members =
    Number.isSafeInteger(householdId) && householdId > 0
      ? (
          await db
            .selectFrom("household_members")
            .select(["name", "date_of_birth", "relationship"])
            .where("household_id", "=", householdId)
            .orderBy("position")
            .execute()
        ).map((m) => ({ name: m.name, dob: m.date_of_birth, relationship: RELATIONSHIPS[m.relationship as Relationship] }))
      : [];
  if (!url.searchParams.has("name")) return { searched: false as const, members, errors: null, values: { name: "", dob: "" }, matches: [] };
  const q = personFrom(url.searchParams);
  if (!q.ok) return { searched: true as const, members, errors: q.errors, values: q.values, matches: [] };
  const matches = await findSubject(db, q.person);
  const query = new URLSearchParams({ name: q.person.name, dob: q.person.dateOfBirth }).toString();
  return {
    searched: true as const,
    members,
    errors: null,
    values: q.values,
    person: `${q.person.name}, born ${formatDate(q.person.dateOfBirth)}`,
    query,
    matches: matches.map((m) => ({ ...m, relationship: RELATIONSHIPS[m.relationship as Relationship] ?? m.relationship })),
  };
}

export default function SubjectAccess() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to="/households">Households</BackLink>
      <ErrorSummary errors={d.errors ?? undefined} order={["name", "dob"]} />
      <h1 className="govuk-heading-l">Subject access request</h1>
      <p className="govuk-body">
        A person may ask for everything held about them, and must have it within one month (UK GDPR article 15). Find them by their name and
        date of birth: Waypoint gathers the record of every household they are or were in, with its history, who looked at it and the
        invoice lines that name it. The record includes the other members of the household: check it for other people&apos;s personal data
        before you send it.
      </p>
      {d.members.length ? (
        <Table
          caption="Members of the household"
          rowKey={(m, i) => `${m.name}-${i}`}
          rows={d.members}
          columns={[
            {
              header: "Name",
              cell: (m) =>
                m.dob ? (
                  <Link className="govuk-link" to={`?${new URLSearchParams({ name: m.name, dob: m.dob }).toString()}`}>
                    {m.name}
                  </Link>
                ) : (
                  `${m.name} (no date of birth: search by name and date below)`
                ),
            },
            { header: "Relationship", cell: (m) => m.relationship },
          ]}
        />
      ) : null}
      <Form method="get" noValidate>
        <Input name="name" label="Full name" defaultValue={d.values.name} error={d.errors?.name} autoComplete="off" />
        <Input
          name="dob"
          label="Date of birth"
          hint="For example, 27/03/2007"
          defaultValue={d.values.dob}
          error={d.errors?.dob}
          width="10"
          autoComplete="off"
        />
        <Button>Find the person</Button>
      </Form>
      {d.searched && !d.errors ? (
        d.matches.length === 0 ? (
          <p className="govuk-body">Waypoint holds no member with that name and date of birth.</p>
        ) : (
          <>
            <Table
              caption={`${"person" in d ? d.person : ""}: ${d.matches.length} ${d.matches.length === 1 ? "record" : "records"}`}
              rowKey={(m, i) => `${m.householdId}-${i}`}
              rows={d.matches}
              columns={[
                {
                  header: "Household",
                  cell: (m) => (
                    <Link className="govuk-link" to={`/households/${m.householdId}`}>
                      {m.caseRef}
                    </Link>
                  ),
                },
                { header: "As", cell: (m) => `${m.relationship}${m.former ? " (a former member)" : ""}` },
              ]}
            />
            <ul className="govuk-list">
              <li>
                <Link className="govuk-link" to={`/households/subject-access/print?${"query" in d ? d.query : ""}`}>
                  Everything held about them, to print or save as PDF
                </Link>
              </li>
              <li>
                <a className="govuk-link" href={`/households/subject-access.json?${"query" in d ? d.query : ""}`} download>
                  Everything held about them, as a machine-readable file (JSON)
                </a>
              </li>
            </ul>
          </>
        )
      ) : null}
    </>
  );
}
