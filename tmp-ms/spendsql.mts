import { sql } from "kysely";
import { pieces } from "~/models/spend.server";
import { openPg } from "~/db/connect";
async function main() {
const d = await openPg(process.env.DATABASE_URL!, 2);
const q = sql`EXPLAIN (ANALYZE, BUFFERS) SELECT count(*), sum(gross), sum(subsidy) FROM (${pieces("2026-04-01", "2026-11-23", false)}) x`;
const r = await q.execute(d.db);
console.log((r.rows as any[]).map((x) => x["QUERY PLAN"]).join("\n"));
await d.close();
}
main();
