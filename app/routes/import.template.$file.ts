import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/lib/session.server";
import { blankTemplateCsv, fileKindFromName } from "~/features/import/template";
import { csvResponse } from "~/lib/csv.server";

/** A blank template file: the header row, with a byte order mark so Excel keeps it UTF-8. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request, "import:data");
  const kind = fileKindFromName(params.file ?? "");
  if (!kind || params.file !== params.file?.toLowerCase()) throw new Response("Not Found", { status: 404 });
  return csvResponse(params.file!, blankTemplateCsv(kind));
}
