import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { allDistricts, districtSchema, saveDistrict } from "~/features/admin/districts.server";
import { Button, ErrorSummary, Input, NotificationBanner, Table, Textarea } from "~/lib/components/govuk";

export const handle = { title: "Districts" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:reference");
  return { districts: await allDistricts(await getDb()) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "manage:reference");
  const form = parseForm(await readForm(request), districtSchema);
  if (!form.ok) return { errors: form.errors, values: form.values, saved: null };
  await saveDistrict(await getDb(), user.id, form.data);
  return { errors: null, values: null, saved: `${form.data.name} (${form.data.gss})` };
}

export default function Districts() {
  const { districts } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      {data?.saved ? <NotificationBanner success>Saved {data.saved}.</NotificationBanner> : null}
      <ErrorSummary errors={data?.errors ?? undefined} order={["gss", "name", "council", "notice_address", "notice_email"]} />
      <h1 className="govuk-heading-l">Districts</h1>
      <p className="govuk-body">
        The districts your council places households in, by name, with the council that receives a notice of an out-of-district placement
        (section 208, Housing Act 1996) and where the notice goes. Units, find a unit and the notice show these names; a district not listed
        shows its GSS code.
      </p>
      <Table
        caption="Districts"
        rowKey={(d) => d.gss}
        rows={districts}
        empty="No district named yet."
        columns={[
          { header: "GSS code", cell: (d) => <code>{d.gss}</code> },
          { header: "Name", cell: (d) => d.name },
          { header: "Council", cell: (d) => d.council || "Not recorded" },
          { header: "Notices go to", cell: (d) => [d.noticeAddress, d.noticeEmail].filter(Boolean).join("; ") || "Not recorded" },
        ]}
      />
      <h2 className="govuk-heading-m">Add a district or change one</h2>
      <Form method="post" noValidate>
        <Input
          name="gss"
          label="GSS code"
          hint="For example, E08000011. An existing code changes that district; a new code adds one."
          width="10"
          defaultValue={data?.values?.gss}
          error={data?.errors?.gss}
        />
        <Input name="name" label="Name" defaultValue={data?.values?.name} error={data?.errors?.name} />
        <Input
          name="council"
          label="Council"
          hint="The housing authority that receives the notice"
          defaultValue={data?.values?.council}
          error={data?.errors?.council}
        />
        <Textarea
          name="notice_address"
          label="Address for notices"
          rows={3}
          defaultValue={data?.values?.notice_address}
          error={data?.errors?.notice_address}
        />
        <Input
          name="notice_email"
          label="Email for notices (optional)"
          type="email"
          autoComplete="off"
          defaultValue={data?.values?.notice_email}
          error={data?.errors?.notice_email}
        />
        <Button>Save</Button>
      </Form>
    </>
  );
}
