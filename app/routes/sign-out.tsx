import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { assertSameOrigin, destroySession } from "~/lib/session.server";

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  throw redirect("/sign-in", { headers: { "Set-Cookie": await destroySession(request) } });
}

export async function loader() {
  // Signing out changes state, so it is a POST; a GET lands on the sign-in page.
  throw redirect("/sign-in");
}
