/** Loads every area's exports into the registry. Import this, then use the registry. */
export * from "./registry.server";
// Each area adds one import line here, e.g.: import "./reports.server";
import "./trials.server";
import "./data.server";
import "./reports.server";
import "./money.server";
