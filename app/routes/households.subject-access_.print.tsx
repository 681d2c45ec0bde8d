import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { formatDate } from "~/lib/dates";
import { councilName } from "~/lib/council.server";
import { subjectAccess } from "~/features/households/subject-access.server";
import { personFrom } from "~/features/households/subject-access-form.server";
import { BackLink, ScrollBox } from "~/lib/components/govuk";
import { formatWhen } from "~/features/casework/history";

export const handle = { title: "Everything held about a person" };

/** A value as it is held, in words a person can read (times in Europe/London). */
function shown(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return formatWhen(v);
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "export:personal-data");
  const q = personFrom(new URL(request.url).searchParams);
  if (!q.ok) throw new Response(Object.values(q.errors).join(". "), { status: 400 });
  const s = await subjectAccess(await getDb(), user.id, q.person, "page");
  return {
    council: await councilName(),
    person: `${q.person.name}, born ${formatDate(q.person.dateOfBirth)}`,
    back: `/households/subject-access?${new URLSearchParams({ name: q.person.name, dob: q.person.dateOfBirth }).toString()}`,
    producedAt: formatWhen(s.producedAt),
    households: s.households.map((h) => ({
      caseRef: h.caseRef,
      sections: h.sections.map((sec) => ({
        title: sec.title,
        columns: sec.rows.length ? Object.keys(sec.rows[0]) : [],
        rows: sec.rows.map((r) => Object.values(r).map(shown)),
      })),
    })),
  };
}

export default function SubjectAccessPrint() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <div className="govuk-!-display-none-print">
        <BackLink to={d.back}>Subject access request</BackLink>
      </div>
      <span className="govuk-caption-l">{d.council}</span>
      <h1 className="govuk-heading-l">Everything held about {d.person}</h1>
      <p className="govuk-body">
        Produced {d.producedAt}. Every record of every household this person is or was a member of, as Waypoint holds it: each table with
        every column, the history of changes and who looked at the record.
      </p>
      {d.households.length === 0 ? <p className="govuk-body">Waypoint holds nothing about this person.</p> : null}
      {d.households.map((h) => (
        <section key={h.caseRef} aria-labelledby={`h-${h.caseRef}`}>
          <h2 className="govuk-heading-m" id={`h-${h.caseRef}`}>
            Household {h.caseRef}
          </h2>
          {h.sections.map((s) => (
            <ScrollBox key={s.title} className="govuk-!-margin-bottom-6" label={s.title}>
              <table className="govuk-table">
                <caption className="govuk-table__caption govuk-table__caption--s">
                  {s.title} ({s.rows.length})
                </caption>
                {s.rows.length ? (
                  <>
                    <thead className="govuk-table__head">
                      <tr className="govuk-table__row">
                        {s.columns.map((c) => (
                          <th key={c} scope="col" className="govuk-table__header">
                            {c}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody className="govuk-table__body">
                      {s.rows.map((r, i) => (
                        <tr key={i} className="govuk-table__row">
                          {r.map((v, j) => (
                            <td key={j} className="govuk-table__cell">
                              {v}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </>
                ) : (
                  <tbody className="govuk-table__body">
                    <tr className="govuk-table__row">
                      <td className="govuk-table__cell">None held.</td>
                    </tr>
                  </tbody>
                )}
              </table>
            </ScrollBox>
          ))}
        </section>
      ))}
    </>
  );
}
