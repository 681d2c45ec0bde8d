// Copies GOV.UK Frontend's precompiled CSS, JS, fonts and images into public/assets
// (ignored by git): its CSS refers to /assets/... by absolute path.
// The stylesheets and the script are also written under fingerprinted names
// (name.<first 12 hex of sha256>.ext) listed in public/assets/manifest.json; pages link those,
// and the server caches them for a year as immutable (docs/decisions/0042).
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "public", "assets");
mkdirSync(out, { recursive: true });
cpSync(join(dist, "assets"), out, { recursive: true });
cpSync(join(dist, "govuk-frontend.min.css"), join(out, "govuk-frontend.min.css"));
cpSync(join(dist, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));

/** Writes a copy named by its content; returns its URL. */
function fingerprint(source, base, ext) {
  const body = readFileSync(source);
  const hash = createHash("sha256").update(body).digest("hex").slice(0, 12);
  const name = `${base}.${hash}.${ext}`;
  writeFileSync(join(out, name), body);
  return `/assets/${name}`;
}
const manifest = {
  govukFrontendCss: fingerprint(join(dist, "govuk-frontend.min.css"), "govuk-frontend.min", "css"),
  govukFrontendJs: fingerprint(join(dist, "govuk-frontend.min.js"), "govuk-frontend.min", "js"),
  waypointCss: fingerprint(join(root, "public", "waypoint.css"), "waypoint", "css"),
};
writeFileSync(join(out, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
