/**
 * A synthetic, spreadsheet-shaped import set: the six files of the template as a
 * council's data team would save them (both date formats, £ signs, yes/no in
 * several spellings, quoted commas), with transfers, move-ons and households
 * still in TA. Deterministic for a seed. Used by the database tests, the
 * browser journey and the import benchmark.
 */
import { addDays, type IsoDate } from "~/lib/dates";

export interface ImportSetOptions {
  households: number;
  /** Units to place into (default: a tenth of the households, at least 12). */
  units?: number;
  seed?: number;
  /** Nothing starts after this day; dates of birth are before it. */
  today?: IsoDate;
  /** Case reference prefix, so two sets can live in one database. */
  prefix?: string;
  /** Unit reference prefix (default "U"). */
  unitPrefix?: string;
  /** Provider name suffix, to keep a set's providers apart from others. */
  providerSuffix?: string;
}

export type ImportSet = Record<
  "providers.csv" | "units.csv" | "unit_rates.csv" | "households.csv" | "members.csv" | "placements.csv",
  string
>;

function random(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  return {
    next,
    int: (a: number, b: number) => a + Math.floor(next() * (b - a + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
  };
}

const FIRST = [
  "Amina",
  "John",
  "Grace",
  "Yusuf",
  "Layla",
  "Tom",
  "Priya",
  "Oliver",
  "Fatima",
  "Kwame",
  "Zofia",
  "Liam",
  "Chloe",
  "Omar",
  "Sian",
];
const LAST = ["Hassan", "Smith", "Okafor", "Nowak", "Patel", "Jones", "O'Brien", "Khan", "Evans", "Mensah", "Williams", "Ali"];
const TA_TYPES = [
  { code: "bnb", shared: true, provider: 1 },
  { code: "nightly_self_contained", shared: false, provider: 0 },
  { code: "hostel", shared: true, provider: 3 },
  { code: "private_leased", shared: false, provider: 0 },
  { code: "council_ha_stock", shared: false, provider: 2 },
] as const;
const DESTINATIONS = ["social_housing", "private_rented", "supported_housing", "returned_home", "other_council", "lost_contact", "other"];
const uk = (d: IsoDate) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const csv = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function generateImportSet(opts: ImportSetOptions): ImportSet {
  const rnd = random(opts.seed ?? 7);
  const today = opts.today ?? "2026-03-01";
  const prefix = opts.prefix ?? "HL";
  const nUnits = opts.units ?? Math.max(12, Math.round(opts.households / 10));
  const providers = [
    ["Northside Lettings Ltd", "agent", "bookings@northside.example", "0161 496 0000"],
    ["Station Hotel", "hotel", "", ""],
    ["Manchester City Council", "council", "", ""],
    ["Hope Street Hostel Trust", "charity", "hope@hostel.example", "+44 161 496 0999"],
  ].map(([name, ...rest]) => [`${name}${opts.providerSuffix ?? ""}`, ...rest]);
  const out = {
    providers: ["provider_name,provider_type,email,phone", ...providers.map((p) => p.map(csv).join(","))],
    units: [
      "unit_ref,provider_name,property_name,address_line_1,town,postcode,district_gss,ta_type,bedrooms,max_occupants,shared_kitchen,shared_bathroom,shared_toilet,step_free,in_use_from,retired_on",
    ],
    rates: ["unit_ref,nightly_rate,effective_from"],
    households: ["case_ref,lead_name,duty,step_free_needed,support_needs"],
    members: ["case_ref,name,date_of_birth,relationship,pregnant,sex"],
    placements: ["case_ref,unit_ref,start_date,end_date,end_reason,destination"],
  };

  const start = "2019-01-01";
  const unitRefs: string[] = [];
  for (let u = 0; u < nUnits; u++) {
    const type = TA_TYPES[u % TA_TYPES.length];
    const provider = providers[type.provider][0];
    const property = Math.floor(u / 8);
    const ref = `${opts.unitPrefix ?? "U"}-${String(u + 1).padStart(5, "0")}`;
    unitRefs.push(ref);
    const shared = type.shared ? "yes" : "no";
    const district = property % 5 === 0 ? "E08000007" : "E08000003";
    const postcode = `M${(property % 40) + 1} ${(property % 9) + 1}AB`;
    out.units.push(
      [
        ref,
        u % 7 === 0 ? provider.toLowerCase() : provider,
        `Property ${property + 1}`,
        `Flat ${(u % 8) + 1}, ${property + 1} Albert Road`,
        "Manchester",
        postcode,
        district,
        type.code,
        String(type.shared ? 0 : (u % 3) + 1),
        String((u % 4) + 2),
        shared,
        shared,
        u % 2 === 0 ? shared : "no",
        u % 3 === 0 ? "Y" : "N",
        "2018-04-01",
        "",
      ]
        .map(csv)
        .join(","),
    );
    out.rates.push(`${ref},£${40 + (u % 50)}.${u % 2 === 0 ? "00" : "50"},2018-04-01`);
    if (u % 4 === 0) out.rates.push(`${ref},${45 + (u % 50)}.00,01/04/2024`);
  }

  // each unit's first free day; an open placement blocks it for good
  const free: (IsoDate | null)[] = unitRefs.map(() => start);
  let cursor = 0;
  const freeUnitFrom = (day: IsoDate): number | null => {
    for (let tries = 0; tries < 200; tries++) {
      const u = (cursor = (cursor + 1) % nUnits);
      const f = free[u];
      if (f !== null && f <= day) return u;
    }
    return null;
  };

  for (let h = 0; h < opts.households; h++) {
    const caseRef = `${prefix}/${String(h + 1).padStart(6, "0")}`;
    const last = LAST[h % LAST.length];
    const lead = `${FIRST[h % FIRST.length]} ${last}`;
    const duty = rnd.pick(["s188", "s193", "s193", "s190", "review_or_appeal", "other"]);
    const support = h % 9 === 0 ? "Needs to stay near school, and a ground floor" : "";
    out.households.push([caseRef, lead, duty, h % 5 === 0 ? "yes" : h % 5 === 1 ? "no" : "", support].map(csv).join(","));
    const leadDob = addDays("1960-01-01", rnd.int(0, 14000));
    out.members.push(
      [caseRef, lead, h % 2 ? uk(leadDob) : leadDob, "lead", h % 17 === 0 ? "yes" : "", h % 2 ? "female" : ""].map(csv).join(","),
    );
    const children = rnd.int(0, 3);
    for (let c = 0; c < children; c++) {
      const dob = addDays("2008-01-01", rnd.int(0, 6000));
      out.members.push(
        [caseRef, `${FIRST[(h + c + 3) % FIRST.length]} ${last}`, dob, "child", "", c % 2 ? "male" : "female"].map(csv).join(","),
      );
    }

    // an episode of one to three placements, one after another
    let day = addDays(start, Math.floor((h / opts.households) * 2400) + rnd.int(0, 30));
    if (day >= today) day = addDays(today, -rnd.int(1, 60));
    let u = freeUnitFrom(day);
    if (u === null) continue;
    day = free[u]! > day ? free[u]! : day;
    const moves = rnd.int(1, 3);
    for (let m = 0; m < moves; m++) {
      const length = rnd.int(7, 240);
      let end: IsoDate | null = addDays(day, length);
      if (end > today) end = null;
      const next = end && m < moves - 1 ? freeUnitFrom(end) : null;
      const moving = next !== null && next !== u && free[next]! <= end!;
      const reason = end ? (moving ? "Moved to another unit" : "Left temporary accommodation") : "";
      const destination = end && !moving ? DESTINATIONS[h % DESTINATIONS.length] : "";
      out.placements.push([caseRef, unitRefs[u], m % 2 ? uk(day) : day, end ? end : "", reason, destination].map(csv).join(","));
      free[u] = end;
      if (!end || !moving) break;
      u = next!;
      day = end;
    }
  }
  const file = (lines: string[]) => `${lines.join("\r\n")}\r\n`;
  return {
    "providers.csv": file(out.providers),
    "units.csv": file(out.units),
    "unit_rates.csv": file(out.rates),
    "households.csv": file(out.households),
    "members.csv": file(out.members),
    "placements.csv": file(out.placements),
  };
}
