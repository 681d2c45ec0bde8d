import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { subjectAccess } from "~/features/households/subject-access.server";
import { personFrom } from "~/features/households/subject-access-form.server";

/** /households/subject-access.json?name=&dob=: everything held about a person, machine-readable (UK GDPR article 15(3)). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, "export:personal-data");
  const q = personFrom(new URL(request.url).searchParams);
  if (!q.ok) throw new Response(Object.values(q.errors).join(". "), { status: 400 });
  const s = await subjectAccess(await getDb(), user.id, q.person, "file");
  return new Response(JSON.stringify(s, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="subject-access-${q.person.dateOfBirth}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
