// Request body limits for app/cli/serve.mjs. Nothing else limits a body: Remix reads a
// form whole before the action sees it, so one 200 MB post to /sign-in held 200 MB.
// A body is refused before it is read when its Content-Length is over the path's limit,
// and counted as it arrives otherwise (a chunked body has no length): past the limit
// the server answers 413, the app's reading of it fails, and the rest is not kept.

/**
 * How long the rest of a refused body is still read (and dropped) after the 413: closing a
 * socket with unread bytes resets it, and the client would lose the answer with it.
 */
const DRAIN_MS = 5000;

const PAGE = `<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
<meta charset="utf-8">
<title>The request is too large - Waypoint</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/govuk-frontend.min.css">
</head>
<body class="govuk-template__body">
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">The request is too large</h1>
<p class="govuk-body">What you sent is larger than this page accepts, so nothing was saved.</p>
<p class="govuk-body">If you were uploading files, upload smaller files or fewer at a time. <a class="govuk-link" href="/">Go to the start page</a>.</p>
</main>
</div>
</body>
</html>
`;

class BodyTooLarge extends Error {
  status = 413;
  constructor(limit) {
    super(`The request body is larger than ${limit} bytes`);
    this.name = "BodyTooLarge";
  }
}

/** Express middleware; limitFor(pathname) gives a path's limit in bytes. */
export function bodyLimit(limitFor) {
  return (req, res, next) => {
    const limit = limitFor(req.path);
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      answer(req, res);
      return;
    }
    let seen = 0;
    // Stays paused until the app reads the body: listening here must not start the flow.
    req.pause();
    const count = (chunk) => {
      seen += chunk.length;
      if (seen <= limit) return;
      req.off("data", count);
      refuse(req, res, limit);
    };
    req.on("data", count);
    next();
  };
}

/** Past the limit while the app reads: its read fails (rather than ending early with half a form), and a 413. */
function refuse(req, res, limit) {
  const error = new BodyTooLarge(limit);
  // The error raised here must never go unheard (it would end the process).
  req.on("error", () => {});
  req.emit("error", error);
  if (res.headersSent) req.destroy(error);
  else answer(req, res);
}

function answer(req, res) {
  res.locals.bodyTooLarge = true;
  res.status(413).set("X-Content-Type-Options", "nosniff").type("html").send(PAGE);
  res.on("finish", () => {
    const timer = setTimeout(() => req.destroy(), DRAIN_MS);
    timer.unref();
    req.on("end", () => clearTimeout(timer));
    req.on("close", () => clearTimeout(timer));
    req.resume();
  });
}

/** After the app: its failure to read a body already answered with a 413 is dropped, not sent twice. */
export function answeredAlready(err, req, res, next) {
  if (res.locals.bodyTooLarge && res.headersSent) return;
  next(err);
}
