/** The plain (unversioned) asset URLs, used until the fingerprinted ones are known (see assets.server.ts). */
export const PLAIN_ASSETS = {
  govukFrontendCss: "/assets/govuk-frontend.min.css",
  govukFrontendJs: "/assets/govuk-frontend.min.js",
  waypointCss: "/waypoint.css",
};
export type Assets = typeof PLAIN_ASSETS;
