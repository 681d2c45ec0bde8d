/** Loads every area's exports into the registry. Import this, then use the registry. */
export * from "~/lib/exports.server";
// Each area adds one import line here, e.g.: import "~/features/reports/exports.server";
import "~/features/trials/exports.server";
import "~/features/import/exports.server";
import "~/features/reports/exports.server";
import "~/features/money/exports.server";
