import { PassThrough } from "node:stream";
import { randomBytes } from "node:crypto";
import type { EntryContext, HandleDocumentRequestFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceContext } from "~/lib/components/nonce";
import { securityHeaders } from "~/lib/security.server";
import { env } from "~/lib/env.server";
import { MAX_UPLOAD_BYTES } from "~/features/import/import-uploads.server";
import { MAX_INVOICE_FILE_BYTES } from "~/features/invoices/invoice-csv";

const ABORT_DELAY = 10_000;

const handleRequest: HandleDocumentRequestFunction = (
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) => {
  const nonce = randomBytes(16).toString("base64");
  return new Promise((resolve, reject) => {
    let didError = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceContext.Provider>,
      {
        nonce,
        // Wait for the whole page: status codes stay right and the HTML works without JavaScript.
        onAllReady() {
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          securityHeaders(responseHeaders, nonce);
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: didError ? 500 : responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          didError = true;
          console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
};

export default handleRequest;

export function handleDataRequest(response: Response) {
  securityHeaders(response.headers, null);
  return response;
}

/** Room for a multipart body's boundaries and the form's other fields, beside its file. */
const MULTIPART_SLACK = 1024 * 1024;

/**
 * For app/cli/serve.mjs: the largest request body a path takes, in bytes. Sign-in takes
 * a few KB (it is open to anyone), the two uploads their documented limits, every other
 * form 100 KB (a household of 20 members, or every unit ticked on the bulk rate form).
 */
export function bodyLimit(pathname: string): number {
  const path = pathname.replace(/\.data$/, "").replace(/\/+$/, "") || "/";
  if (path === "/sign-in") return 8 * 1024;
  if (path === "/import") return MAX_UPLOAD_BYTES + MULTIPART_SLACK;
  if (path === "/money/invoices/new") return MAX_INVOICE_FILE_BYTES + MULTIPART_SLACK;
  return 100 * 1024;
}

/** For app/cli/serve.mjs: closes the database once requests in flight have finished. */
export { closeDatabase } from "~/lib/db/app.server";

/**
 * For app/cli/serve-one.mjs: reads the configuration at start, so a bad setting (say a
 * READ_DATABASE_URL with no DATABASE_URL) stops the server with its message, not the first request.
 */
export function checkConfiguration(): void {
  env();
}

/** Logs server errors, but not a request for a page that does not exist or a method a page does not take. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  const status = (error as { status?: number } | null)?.status;
  if (typeof status === "number" && status < 500) return;
  console.error(error);
}
