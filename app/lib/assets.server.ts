/**
 * The URLs of the stylesheets and GOV.UK Frontend's script: the fingerprinted names
 * app/cli/copy-assets.mjs wrote to public/assets/manifest.json (cached for a year), or the
 * plain names when the manifest is missing (a development checkout before `npm run build`).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

import { PLAIN_ASSETS, type Assets } from "./assets";

const Manifest = z.object({
  govukFrontendCss: z.string().regex(/^\/assets\/[\w.-]+\.css$/),
  govukFrontendJs: z.string().regex(/^\/assets\/[\w.-]+\.js$/),
  waypointCss: z.string().regex(/^\/assets\/[\w.-]+\.css$/),
});

let cached: Assets | undefined;
export function assets(): Assets {
  if (cached) return cached;
  try {
    const file = path.join(process.cwd(), "public", "assets", "manifest.json");
    cached = Manifest.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    cached = PLAIN_ASSETS;
  }
  return cached;
}
