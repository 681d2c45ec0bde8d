import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { districtLabel, districtOf } from "~/features/admin/districts.server";
import { today } from "~/lib/clock.server";
import { parseForm, parseId, readForm } from "~/lib/forms.server";
import { addDays, dateToParts, formatDate } from "~/lib/dates";
import { S208_NOTICE_DAYS } from "~/features/casework/rules";
import { recordS208Notice, s208NoticeContents } from "~/features/casework/casework.server";
import { asRefusal } from "~/lib/refusal";
import { noticeSchema, prepareNotice } from "~/features/casework/casework-forms.server";
import { NOTICE_METHODS, choicesOf } from "~/lib/vocabulary";
import { BackLink, Button, DateInput, ErrorSummary, Input, Radios, SummaryList } from "~/lib/components/govuk";

export const handle = { title: "Notice to the receiving council (s208)" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const day = today(request);
  const db = await getDb();
  const { placement: p, notice } = await s208NoticeContents(db, id, parseId(params.placementId), day);
  const receiving = await districtOf(db, p.district_gss);
  const sent = dateToParts(notice?.sent_on ?? null);
  return {
    id,
    placementId: p.id,
    caseRef: p.case_ref,
    unitRef: p.unit_ref,
    district: districtLabel(p.district_gss, receiving),
    madeAvailable: formatDate(p.start_date),
    due: formatDate(addDays(p.start_date, S208_NOTICE_DAYS)),
    exists: !!notice,
    methods: choicesOf(NOTICE_METHODS),
    values: {
      "sent_on-day": sent.day,
      "sent_on-month": sent.month,
      "sent_on-year": sent.year,
      sent_to: notice?.sent_to ?? receiving?.council ?? "",
      method: notice?.method ?? "",
    } as Record<string, string>,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request, "edit:households");
  const id = parseId(params.id);
  const pid = parseId(params.placementId);
  const form = parseForm(await readForm(request), noticeSchema, prepareNotice);
  if (!form.ok) return { errors: form.errors, values: form.values };
  try {
    await recordS208Notice(
      await getDb(),
      user.id,
      id,
      pid,
      { sentOn: form.data.sent_on!, sentTo: form.data.sent_to, method: form.data.method },
      today(request),
    );
  } catch (e) {
    return { errors: asRefusal(e).errors(), values: form.values };
  }
  return redirect(`/households/${id}?done=notice#notices`);
}

export default function RecordNotice() {
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const v = a?.values ?? d.values;
  const e = a?.errors ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/households/${d.id}`}>Household {d.caseRef}</BackLink>
        <ErrorSummary values={v} errors={a?.errors} order={["sent_on", "sent_to", "method"]} />
        <span className="govuk-caption-l">Household {d.caseRef}</span>
        <h1 className="govuk-heading-l">Notice to the receiving council (s208)</h1>
        <SummaryList
          rows={[
            { key: "Unit", value: d.unitRef },
            { key: "District (GSS code)", value: d.district },
            { key: "Accommodation made available", value: d.madeAvailable },
            { key: "Notice due by", value: d.due },
          ]}
        />
        <p className="govuk-body">
          <Link className="govuk-link" to={`/households/${d.id}/placements/${d.placementId}/notice/print`}>
            View the notice to print or send
          </Link>
        </p>
        <Form method="post" noValidate>
          <DateInput
            name="sent_on"
            legend="Date sent"
            hint="For example, 20 11 2026"
            error={e.sent_on}
            value={{ day: v["sent_on-day"] ?? "", month: v["sent_on-month"] ?? "", year: v["sent_on-year"] ?? "" }}
          />
          <Input
            name="sent_to"
            label="Receiving council"
            hint={`The council for district ${d.district}`}
            defaultValue={v.sent_to}
            error={e.sent_to}
          />
          <Radios name="method" legend="How it was sent" inline defaultValue={v.method} error={e.method} choices={d.methods} />
          <Button>{d.exists ? "Save changes" : "Record as sent"}</Button>
        </Form>
      </div>
    </div>
  );
}
