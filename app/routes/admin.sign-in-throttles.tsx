import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { parseForm, readForm } from "~/lib/forms.server";
import { audit } from "~/lib/audit.server";
import { ZONE } from "~/lib/dates";
import { Button, ErrorSummary, NotificationBanner, Table } from "~/lib/components/govuk";
import { ANY_ACCOUNT, clearThrottle, currentThrottles } from "~/features/admin/sign-in-throttle.server";

export const handle = { title: "Sign-in throttles" };

const when = (d: Date | string) => new Date(d).toLocaleString("en-GB", { timeZone: ZONE });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request, "manage:users");
  const rows = await currentThrottles(await getDb());
  return {
    rows: rows.map((r) => ({
      account: r.account,
      address: r.address,
      attempts: r.attempts,
      lastTry: when(r.last_at),
      waitUntil: r.waiting ? when(r.next_try_at) : null,
    })),
  };
}

const clearSchema = z.object({
  account: z.string().max(320, "Select a throttle to clear"),
  address: z.string().min(1, "Select a throttle to clear").max(100, "Select a throttle to clear"),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request, "manage:users");
  const form = parseForm(await readForm(request), clearSchema);
  if (!form.ok) return { errors: { _form: "Select a throttle to clear" }, cleared: null };
  const db = await getDb();
  const cleared = await db.transaction().execute(async (trx) => {
    const before = await clearThrottle(trx, form.data.account, form.data.address);
    if (before) {
      await audit(trx, {
        userId: user.id,
        action: "clear-sign-in-throttle",
        entity: "sign_in_throttle",
        entityId: `${form.data.account || "any account"} from ${form.data.address}`,
        before,
      });
    }
    return before;
  });
  if (!cleared) return { errors: { _form: "That throttle has already ended or been cleared" }, cleared: null };
  return { errors: null, cleared: `${cleared.account || "every account"} from ${cleared.address}` };
}

export default function SignInThrottles() {
  const { rows } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  return (
    <>
      {data?.cleared ? <NotificationBanner success>Cleared the throttle on {data.cleared}.</NotificationBanner> : null}
      <ErrorSummary errors={data?.errors ?? undefined} />
      <h1 className="govuk-heading-l">Sign-in throttles</h1>
      <p className="govuk-body">
        After 5 wrong passwords for one account from one address, that address must wait before trying the account again: 1 minute, then
        twice as long after each further try, up to 15 minutes. After 30 tries at any accounts, the address itself waits. The account can
        still be signed in to from other addresses. A throttle ends by itself 15 minutes after the last try.
      </p>
      <p className="govuk-body">Clear a throttle when someone who has forgotten their password has been given a new one.</p>
      <Table
        caption="Throttles in the last 15 minutes"
        empty="No account or address is being throttled."
        rowKey={(r) => `${r.account}|${r.address}`}
        rows={rows}
        columns={[
          { header: "Account", cell: (r) => (r.account === ANY_ACCOUNT ? "Any account" : r.account) },
          { header: "Address", cell: (r) => r.address },
          { header: "Tries", cell: (r) => r.attempts, numeric: true },
          { header: "Last try", cell: (r) => r.lastTry },
          { header: "Must wait until", cell: (r) => r.waitUntil ?? "Not waiting" },
          {
            header: "Action",
            cell: (r) => (
              <Form method="post">
                <input type="hidden" name="account" value={r.account} />
                <input type="hidden" name="address" value={r.address} />
                <Button secondary>
                  Clear
                  <span className="govuk-visually-hidden">
                    {" "}
                    the throttle on {r.account || "any account"} from {r.address}
                  </span>
                </Button>
              </Form>
            ),
          },
        ]}
      />
    </>
  );
}
