/** Route files and their URLs, for tests that must cover every route. */

/** A URL for a Remix flat-routes file name: params become 1, a splat becomes x. */
export function urlForRouteFile(file: string): string | null {
  const name = file.replace(/\.(tsx|ts|jsx|js)$/, "");
  const segments: string[] = [];
  let current = "";
  let escaped = false;
  for (const ch of name) {
    if (ch === "[") escaped = true;
    else if (ch === "]") escaped = false;
    else if (ch === "." && !escaped) {
      segments.push(current);
      current = "";
    } else current += ch;
  }
  segments.push(current);
  const parts: string[] = [];
  for (const raw of segments) {
    const seg = raw.endsWith("_") && raw !== "_" ? raw.slice(0, -1) : raw;
    if (seg === "_index" || seg.startsWith("_")) continue; // index or pathless layout
    if (seg === "$") parts.push("x");
    else if (seg.startsWith("$")) parts.push("1");
    else if (seg.startsWith("("))
      continue; // optional segment: leave it out
    else parts.push(seg);
  }
  return `/${parts.join("/")}`;
}
