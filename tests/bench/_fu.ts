import { sql } from "kysely";
import { openPg } from "~/db/connect";
import { findUnits } from "~/models/find-unit.server";
const { db, close } = await openPg(process.argv[2], 1);
await sql`LOAD 'auto_explain'`.execute(db);
await sql`SET auto_explain.log_min_duration = 30`.execute(db);
await sql`SET auto_explain.log_analyze = on`.execute(db);
const q = { start: "2026-11-23", nights: 28, taType: null, district: "any", stepFreeOnly: false, page: 1 } as const;
for (let i = 0; i < 2; i++) { const t = performance.now(); await findUnits(db, 1033155, q); console.log((performance.now() - t).toFixed(0)); }
await close();
