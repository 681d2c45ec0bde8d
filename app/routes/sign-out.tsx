import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { assertSameOrigin, destroySession, getUser } from "~/lib/session.server";
import { getDb } from "~/lib/db/app.server";
import { audit } from "~/lib/audit.server";

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  const user = await getUser(request);
  if (user) await audit(await getDb(), { userId: user.id, action: "sign-out", entity: "user", entityId: user.id });
  throw redirect("/sign-in", { headers: { "Set-Cookie": await destroySession(request) } });
}

export async function loader() {
  // Signing out changes state, so it is a POST; a GET lands on the sign-in page.
  throw redirect("/sign-in");
}
