// Copies GOV.UK Frontend's precompiled CSS, JS, fonts and images into public/assets
// (ignored by git): its CSS refers to /assets/... by absolute path.
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "public", "assets");
mkdirSync(out, { recursive: true });
cpSync(join(dist, "assets"), out, { recursive: true });
cpSync(join(dist, "govuk-frontend.min.css"), join(out, "govuk-frontend.min.css"));
cpSync(join(dist, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
