/**
 * Deterministic demo data for a realistic council: providers, properties, units
 * across the six TA types (some out of district), rates that change over time,
 * households with members, and years of placements with transfers, built by
 * simulating arrivals day by day. Pure: no database here (see load.ts).
 * All names are synthetic.
 */
import { addDays, daysBetween, type IsoDate } from "~/lib/dates";
import { Random } from "./random";
import type { Destination, Duty, ProviderType, Relationship } from "~/lib/vocabulary";

export interface GenerateOptions {
  today: IsoDate;
  /** About this many households in TA on `today`. */
  households: number;
  years: number;
  seed?: number;
}

export interface GProvider {
  id: number;
  name: string;
  provider_type: ProviderType;
  email: string;
  phone: string;
}
export interface GProperty {
  id: number;
  provider_id: number;
  name: string;
  address_line_1: string;
  town: string;
  postcode: string;
  district_gss: string;
  brma: string;
}
export interface GUnit {
  id: number;
  unit_ref: string;
  property_id: number;
  name: string;
  ta_type_code: string;
  bedrooms: number;
  max_occupants: number;
  shared_kitchen: boolean;
  shared_bathroom: boolean;
  shared_toilet: boolean;
  step_free: boolean;
  in_use_from: IsoDate | null;
  retired_on: IsoDate | null;
}
export interface GRate {
  unit_id: number;
  effective_from: IsoDate;
  amount_pence: number;
  basis: "night" | "week";
}
export interface GOutOfService {
  id: number;
  unit_id: number;
  start_date: IsoDate;
  end_date: IsoDate | null;
  reason: string;
}
export interface GHousehold {
  id: number;
  case_ref: string;
  duty: Duty;
  step_free_needed: boolean;
  support_needs: string;
  awaiting_since: IsoDate | null;
}
export interface GMember {
  household_id: number;
  name: string;
  date_of_birth: IsoDate;
  relationship: Relationship;
  sex: "female" | "male";
  pregnant: boolean;
  position: number;
}
export interface GPlacement {
  id: number;
  household_id: number;
  unit_id: number;
  start_date: IsoDate;
  end_date: IsoDate | null;
  duty: Duty;
  end_reason: string | null;
  destination: Destination | null;
}

export interface DemoData {
  councilGss: string;
  providers: GProvider[];
  properties: GProperty[];
  units: GUnit[];
  rates: GRate[];
  outOfService: GOutOfService[];
  households: GHousehold[];
  members: GMember[];
  placements: GPlacement[];
}

export const DEMO_COUNCIL = { name: "Merseyside Demo Council", gss: "E08000012" };
const NEIGHBOURS = ["E08000011", "E08000013", "E08000014", "E08000015", "E06000006"];
const TOWNS: Record<string, string> = {
  E08000012: "Liverpool",
  E08000011: "Huyton",
  E08000013: "St Helens",
  E08000014: "Bootle",
  E08000015: "Birkenhead",
  E06000006: "Widnes",
};
const BRMA = "Central Liverpool";

const FIRST_F = [
  "Amara",
  "Bethany",
  "Chloe",
  "Dana",
  "Esme",
  "Fatima",
  "Grace",
  "Hana",
  "Imani",
  "Jade",
  "Kayla",
  "Leah",
  "Maya",
  "Nadia",
  "Olivia",
  "Priya",
  "Rosa",
  "Sofia",
  "Tia",
  "Zara",
  "Aisha",
  "Ella",
  "Freya",
  "Ivy",
  "Mia",
];
const FIRST_M = [
  "Aaron",
  "Ben",
  "Callum",
  "Dylan",
  "Ethan",
  "Faisal",
  "George",
  "Hassan",
  "Isaac",
  "Jamal",
  "Kieran",
  "Liam",
  "Mohammed",
  "Noah",
  "Owen",
  "Patrick",
  "Reece",
  "Sami",
  "Tom",
  "Yusuf",
  "Adam",
  "Leo",
  "Oscar",
  "Ryan",
  "Kai",
];
const SURNAMES = [
  "Ahmed",
  "Baker",
  "Clarke",
  "Davies",
  "Evans",
  "Fraser",
  "Green",
  "Hughes",
  "Iqbal",
  "Jones",
  "Khan",
  "Lewis",
  "Murphy",
  "Nowak",
  "Okafor",
  "Patel",
  "Quinn",
  "Roberts",
  "Smith",
  "Taylor",
  "Usman",
  "Walsh",
  "Williams",
  "Young",
  "Zielinski",
  "Byrne",
  "Campbell",
  "Doyle",
  "Ellis",
  "Foster",
];
const STREETS = [
  "Dale Street",
  "Bold Street",
  "Lark Lane",
  "Smithdown Road",
  "Park Road",
  "County Road",
  "Picton Road",
  "Aigburth Road",
  "Breck Road",
  "Walton Road",
  "Church Road",
  "Queens Drive",
  "Stanley Road",
  "Derby Road",
  "Rice Lane",
];
const HOTEL_WORDS = ["Riverside", "Mersey", "Albion", "Station", "Royal", "Parkview", "Harbour", "Grand", "Crown", "Victoria"];

type TypeCode = "bnb" | "nightly_self_contained" | "hostel" | "private_leased" | "council_ha_stock" | "other";

interface Kind {
  type: TypeCode;
  share: number;
  providerTypes: ProviderType[];
  perProperty: [number, number];
  shared: { kitchen: number; bathroom: number; toilet: number };
  bedrooms: [number, number];
  rate: { basis: "night" | "week"; min: number; max: number };
}
const KINDS: Kind[] = [
  {
    type: "bnb",
    share: 0.12,
    providerTypes: ["hotel"],
    perProperty: [18, 36],
    shared: { kitchen: 1, bathroom: 0.7, toilet: 0.6 },
    bedrooms: [1, 1],
    rate: { basis: "night", min: 4500, max: 7500 },
  },
  {
    type: "nightly_self_contained",
    share: 0.3,
    providerTypes: ["agent", "agent", "landlord"],
    perProperty: [3, 12],
    shared: { kitchen: 0, bathroom: 0, toilet: 0 },
    bedrooms: [1, 4],
    rate: { basis: "night", min: 5500, max: 9500 },
  },
  {
    type: "hostel",
    share: 0.1,
    providerTypes: ["charity", "housing_association", "hotel"],
    perProperty: [12, 28],
    shared: { kitchen: 1, bathroom: 0.8, toilet: 0.5 },
    bedrooms: [1, 1],
    rate: { basis: "night", min: 3000, max: 5000 },
  },
  {
    type: "private_leased",
    share: 0.28,
    providerTypes: ["landlord", "agent"],
    perProperty: [2, 8],
    shared: { kitchen: 0, bathroom: 0, toilet: 0 },
    bedrooms: [1, 4],
    rate: { basis: "week", min: 19000, max: 34000 },
  },
  {
    type: "council_ha_stock",
    share: 0.15,
    providerTypes: ["council", "housing_association"],
    perProperty: [8, 20],
    shared: { kitchen: 0, bathroom: 0, toilet: 0 },
    bedrooms: [1, 3],
    rate: { basis: "week", min: 9000, max: 15000 },
  },
  {
    type: "other",
    share: 0.05,
    providerTypes: ["landlord"],
    perProperty: [1, 4],
    shared: { kitchen: 0.3, bathroom: 0.3, toilet: 0.2 },
    bedrooms: [1, 3],
    rate: { basis: "night", min: 4000, max: 7000 },
  },
];

const DESTINATION_WEIGHTS: (readonly [Destination, number])[] = [
  ["social_housing", 46],
  ["private_rented", 20],
  ["supported_housing", 8],
  ["returned_home", 9],
  ["other_council", 4],
  ["lost_contact", 9],
  ["other", 4],
];

interface Composition {
  kind: "single" | "single_parent" | "couple_children" | "couple" | "other";
  children: number;
}

export function generateDemoData(opts: GenerateOptions): DemoData {
  const rnd = new Random(opts.seed ?? 20261123);
  const today = opts.today;
  const start = addDays(today, -Math.round(opts.years * 365.25));
  const unitsWanted = Math.round(opts.households * 1.18);

  const providers: GProvider[] = [];
  const properties: GProperty[] = [];
  const units: GUnit[] = [];
  const rates: GRate[] = [];
  const outOfService: GOutOfService[] = [];

  // --- Stock -------------------------------------------------------------
  const providerCount = Math.max(40, Math.round(unitsWanted / 45));
  const providersByType = new Map<ProviderType, GProvider[]>();
  const providerTypeMix: (readonly [ProviderType, number])[] = [
    ["hotel", 8],
    ["agent", 10],
    ["landlord", 12],
    ["housing_association", 4],
    ["council", 1],
    ["charity", 5],
  ];
  for (let i = 0; i < providerCount; i++) {
    const t =
      i < 6
        ? (["hotel", "agent", "landlord", "housing_association", "council", "charity"] as ProviderType[])[i]
        : rnd.weighted(providerTypeMix);
    const base =
      t === "hotel"
        ? `${rnd.pick(HOTEL_WORDS)} Hotels`
        : t === "agent"
          ? `${rnd.pick(SURNAMES)} Lettings`
          : t === "landlord"
            ? `${rnd.pick(SURNAMES)} Properties`
            : t === "housing_association"
              ? `${rnd.pick(HOTEL_WORDS)} Housing Association`
              : t === "council"
                ? "Council housing stock"
                : `${rnd.pick(HOTEL_WORDS)} Trust`;
    const name = `${base} ${i + 1}`;
    const p: GProvider = {
      id: i + 1,
      name,
      provider_type: t,
      email: `bookings${i + 1}@provider.example`,
      phone: `0151 496 ${String(1000 + i).padStart(4, "0")}`,
    };
    providers.push(p);
    providersByType.set(t, [...(providersByType.get(t) ?? []), p]);
  }

  let unitSeq = 0;
  const usedAddresses = new Set<string>();
  for (const kind of KINDS) {
    const target = Math.round(unitsWanted * kind.share);
    let made = 0;
    while (made < target) {
      const pt = rnd.pick(kind.providerTypes);
      const provider = rnd.pick(providersByType.get(pt) ?? providers);
      const outOfDistrict = rnd.chance(kind.type === "council_ha_stock" ? 0.05 : 0.22);
      const gss = outOfDistrict ? rnd.pick(NEIGHBOURS) : DEMO_COUNCIL.gss;
      const propId = properties.length + 1;
      const street = rnd.pick(STREETS);
      let number = rnd.int(1, 240);
      while (usedAddresses.has(`${number} ${street}`)) number++;
      usedAddresses.add(`${number} ${street}`);
      const isBuilding = kind.type === "bnb" || kind.type === "hostel";
      properties.push({
        id: propId,
        provider_id: provider.id,
        name: isBuilding ? `${rnd.pick(HOTEL_WORDS)} ${kind.type === "bnb" ? "Hotel" : "House"} ${propId}` : `${number} ${street}`,
        address_line_1: `${number} ${street}`,
        town: TOWNS[gss],
        postcode: `L${rnd.int(1, 36)} ${rnd.int(1, 9)}${String.fromCharCode(65 + rnd.int(0, 25))}${String.fromCharCode(65 + rnd.int(0, 25))}`,
        district_gss: gss,
        brma: BRMA,
      });
      const n = Math.min(target - made, rnd.int(kind.perProperty[0], kind.perProperty[1]));
      for (let k = 0; k < n; k++) {
        unitSeq++;
        const bedrooms = rnd.int(kind.bedrooms[0], kind.bedrooms[1]);
        const familyRoom = kind.type === "bnb" && rnd.chance(0.6);
        const joinsLater = rnd.chance(0.15);
        const inUseFrom = joinsLater
          ? addDays(start, rnd.int(30, Math.max(31, daysBetween(start, today) - 60)))
          : addDays(start, -rnd.int(30, 900));
        const retired = !joinsLater && rnd.chance(0.04) ? addDays(start, rnd.int(200, daysBetween(start, today) - 30)) : null;
        const u: GUnit = {
          id: unitSeq,
          unit_ref: `${kind.type === "bnb" ? "BB" : kind.type === "hostel" ? "HS" : kind.type === "private_leased" ? "PL" : kind.type === "council_ha_stock" ? "CS" : kind.type === "other" ? "OT" : "NP"}-${String(unitSeq).padStart(5, "0")}`,
          property_id: propId,
          name: isBuilding ? `Room ${k + 1}` : n > 1 ? `Flat ${k + 1}` : "",
          ta_type_code: kind.type,
          bedrooms,
          max_occupants:
            kind.type === "bnb"
              ? familyRoom
                ? rnd.int(3, 5)
                : 2
              : kind.type === "hostel"
                ? 1 + (rnd.chance(0.2) ? 1 : 0)
                : bedrooms * 2 + (rnd.chance(0.5) ? 1 : 0),
          shared_kitchen: rnd.chance(kind.shared.kitchen),
          shared_bathroom: rnd.chance(kind.shared.bathroom),
          shared_toilet: rnd.chance(kind.shared.toilet),
          step_free: rnd.chance(0.25),
          in_use_from: inUseFrom,
          retired_on: retired,
        };
        units.push(u);
        // Rates: one from the start, a rise most Aprils, sometimes a renegotiation mid-year.
        let amount = rnd.int(kind.rate.min, kind.rate.max);
        if (kind.rate.basis === "night") amount = Math.round(amount / 50) * 50;
        else amount = Math.round(amount / 100) * 100;
        rates.push({ unit_id: u.id, effective_from: inUseFrom, amount_pence: amount, basis: kind.rate.basis });
        for (let y = Number(inUseFrom.slice(0, 4)) + 1; `${y}-04-01` <= today; y++) {
          if (rnd.chance(0.8)) {
            amount = Math.round(amount * (1 + rnd.int(2, 7) / 100));
            rates.push({ unit_id: u.id, effective_from: `${y}-04-01`, amount_pence: amount, basis: kind.rate.basis });
          }
          if (rnd.chance(0.1)) {
            const mid = `${y}-${String(rnd.int(5, 12)).padStart(2, "0")}-${String(rnd.int(1, 28)).padStart(2, "0")}`;
            if (mid <= today && mid > inUseFrom) {
              amount = Math.round(amount * (1 + rnd.int(-3, 9) / 100));
              rates.push({ unit_id: u.id, effective_from: mid, amount_pence: amount, basis: kind.rate.basis });
            }
          }
        }
      }
      made += n;
    }
  }
  // Rates on the same day collapse to the last one.
  const rateKey = new Map<string, GRate>();
  for (const r of rates) rateKey.set(`${r.unit_id}|${r.effective_from}`, r);
  const uniqueRates = [...rateKey.values()];

  // --- Households and placements, simulated day by day ---------------------
  const households: GHousehold[] = [];
  const members: GMember[] = [];
  const withPregnantMember = new Set<number>();
  const placements: GPlacement[] = [];
  const freeFrom = new Map<number, IsoDate>(); // unit -> first free night (never before it is in use)
  for (const u of units) freeFrom.set(u.id, u.in_use_from ?? start);

  const days = daysBetween(start, today);
  // Stays: log-normal, median 250 days, a long tail (a fifth of families stay years).
  const medianStay = 250,
    sigma = 1.0;
  const meanStay = medianStay * Math.exp((sigma * sigma) / 2);
  const arrivalsPerDay = (1.12 * opts.households) / Math.min(meanStay, days * 0.8);

  const fits = (u: GUnit, need: number, people: number) =>
    u.bedrooms >= Math.max(1, need) - (u.ta_type_code === "bnb" ? 1 : 0) && u.max_occupants >= people;

  // An index of units by type for faster search.
  const byType = new Map<string, GUnit[]>();
  for (const u of units) {
    const list = byType.get(u.ta_type_code);
    if (list) list.push(u);
    else byType.set(u.ta_type_code, [u]);
  }

  // Per type and size (bedrooms, maximum occupants), the first free night of each unit
  // in a min-tree over the type's list, so a search skips occupied and too-small units
  // instead of testing each in turn (quadratic at national scale). The trees keep the
  // list's order, so the unit chosen is the one a plain scan would choose.
  interface SizeTree {
    bedrooms: number;
    maxOccupants: number;
    tree: MinTree;
  }
  const sizeTrees = new Map<string, SizeTree[]>();
  const treeOf = new Map<number, { tree: MinTree; index: number }>();
  for (const [t, list] of byType) {
    const groups = new Map<string, SizeTree>();
    list.forEach((u, index) => {
      const key = `${u.bedrooms}|${u.max_occupants}`;
      let g = groups.get(key);
      if (!g) {
        g = { bedrooms: u.bedrooms, maxOccupants: u.max_occupants, tree: new MinTree(list.length) };
        groups.set(key, g);
      }
      g.tree.set(index, dayNumber(freeFrom.get(u.id)!));
      treeOf.set(u.id, { tree: g.tree, index });
    });
    sizeTrees.set(t, [...groups.values()]);
  }
  const setFree = (unitId: number, night: IsoDate) => {
    freeFrom.set(unitId, night);
    const at = treeOf.get(unitId)!;
    at.tree.set(at.index, dayNumber(night));
  };
  // The simulation's current day. Searches never ask about an earlier day than this, so
  // a unit retired by then can never be chosen again and leaves the trees.
  let simulationDay = start;

  // A few B&B family rooms are kept clear for the last ten weeks so that the demo
  // always holds families at known points of the six-week clock.
  const reserveFrom = addDays(today, -70);
  const reserved = new Set(
    (byType.get("bnb") ?? [])
      .filter((u) => u.max_occupants >= 3 && !u.retired_on && (u.in_use_from ?? start) <= reserveFrom)
      .slice(0, 8)
      .map((u) => u.id),
  );
  let scenario = false;

  function findUnit(types: string[], day: IsoDate, need: number, people: number, until: IsoDate | null): GUnit | null {
    if (scenario) {
      for (const id of reserved) {
        if ((freeFrom.get(id) ?? start) <= day) return units[id - 1];
      }
      return null;
    }
    for (const t of types) {
      const list = byType.get(t) ?? [];
      const offset = rnd.int(0, Math.max(0, list.length - 1));
      const fitting = (sizeTrees.get(t) ?? []).filter((g) =>
        fits({ bedrooms: g.bedrooms, max_occupants: g.maxOccupants, ta_type_code: t } as GUnit, need, people),
      );
      if (!fitting.length) continue;
      // The first fitting unit in cyclic order from the offset that is free on the day,
      // then the checks the trees do not hold.
      const dayN = dayNumber(day);
      const next = (lo: number, hi: number) => {
        let best = -1;
        for (const g of fitting) {
          const i = g.tree.firstAtMost(lo, best === -1 ? hi : best, dayN);
          if (i !== -1) best = i;
        }
        return best;
      };
      for (const [lo, hi] of [
        [offset, list.length],
        [0, offset],
      ] as const) {
        for (let i = next(lo, hi); i !== -1; i = next(i + 1, hi)) {
          const u = list[i];
          if (u.retired_on && (until === null || u.retired_on < until)) {
            if (u.retired_on <= simulationDay) treeOf.get(u.id)!.tree.set(treeOf.get(u.id)!.index, Infinity);
            continue;
          }
          if (reserved.has(u.id) && (until === null || until > reserveFrom)) continue;
          return u;
        }
      }
    }
    return null;
  }

  let caseSeq = 0;
  function newHousehold(day: IsoDate, forceFamily = false): { h: GHousehold; comp: Composition; need: number; people: number } {
    const comp: Composition = forceFamily
      ? { kind: "single_parent", children: rnd.int(1, 2) }
      : rnd.weighted<Composition>([
          [{ kind: "single", children: 0 }, 44],
          [{ kind: "single_parent", children: rnd.int(1, 4) }, 31],
          [{ kind: "couple_children", children: rnd.int(1, 4) }, 15],
          [{ kind: "couple", children: 0 }, 5],
          [{ kind: "other", children: 0 }, 5],
        ]);
    caseSeq++;
    const id = households.length + 1;
    const h: GHousehold = {
      id,
      case_ref: `HOM-${day.slice(0, 4)}-${String(caseSeq).padStart(6, "0")}`,
      duty: "s188",
      step_free_needed: rnd.chance(0.07),
      support_needs: rnd.chance(0.25)
        ? rnd.pick(["Mental health support", "Domestic abuse survivor", "Substance misuse support", "Learning disability", "Care leaver"])
        : "",
      awaiting_since: null,
    };
    households.push(h);
    const surname = rnd.pick(SURNAMES);
    const leadFemale = comp.kind === "single_parent" ? rnd.chance(0.88) : rnd.chance(0.45);
    const young = comp.kind === "single" && rnd.chance(0.015);
    const leadAge = young ? rnd.int(16, 17) : rnd.int(19, 58);
    let pos = 0;
    const person = (rel: Relationship, female: boolean, age: number, pregnant = false) => {
      const dob = addDays(day, -(age * 365 + rnd.int(0, 364)));
      members.push({
        household_id: id,
        name: `${rnd.pick(female ? FIRST_F : FIRST_M)} ${surname}`,
        date_of_birth: dob,
        relationship: rel,
        sex: female ? "female" : "male",
        pregnant,
        position: pos++,
      });
      if (pregnant) withPregnantMember.add(id);
    };
    const pregnantLead = leadFemale && leadAge < 42 && rnd.chance(comp.children === 0 ? 0.06 : 0.04);
    person("lead", leadFemale, leadAge, pregnantLead);
    if (comp.kind === "couple" || comp.kind === "couple_children") person("partner", !leadFemale, Math.max(18, leadAge + rnd.int(-5, 5)));
    if (comp.kind === "other") person("other_adult", rnd.chance(0.5), rnd.int(18, 70));
    const childAges: number[] = [];
    for (let c = 0; c < comp.children; c++) {
      const age = Math.max(0, Math.min(17, leadAge - rnd.int(17, 40)));
      childAges.push(age);
      person("child", rnd.chance(0.5), age);
    }
    const people = 1 + (comp.kind.startsWith("couple") ? 1 : 0) + (comp.kind === "other" ? 1 : 0) + comp.children;
    // A rough bedroom need: adults 1 room, children two to a room.
    const need = 1 + (comp.kind === "other" ? 1 : 0) + Math.ceil(comp.children / 2);
    return { h, comp, need, people };
  }

  let placementSeq = 0;
  function place(h: GHousehold, u: GUnit, from: IsoDate, to: IsoDate | null, duty: Duty): GPlacement {
    const p: GPlacement = {
      id: ++placementSeq,
      household_id: h.id,
      unit_id: u.id,
      start_date: from,
      end_date: to,
      duty,
      end_reason: null,
      destination: null,
    };
    placements.push(p);
    setFree(u.id, to === null ? "9999-12-31" : to);
    if (to !== null && to <= today && rnd.chance(0.02)) {
      // Repairs between lets.
      const len = rnd.int(7, 45);
      const oosEnd = addDays(to, len);
      outOfService.push({
        id: outOfService.length + 1,
        unit_id: u.id,
        start_date: to,
        end_date: oosEnd > today && rnd.chance(0.3) ? null : oosEnd,
        reason: rnd.pick(["Repairs after a leak", "Redecoration", "Gas safety work", "Damp and mould treatment", "Fire door replacement"]),
      });
      const last = outOfService[outOfService.length - 1];
      setFree(u.id, last.end_date ?? "9999-12-31");
    }
    return p;
  }

  function runEpisode(day: IsoDate, info: ReturnType<typeof newHousehold>, opts2: { bnbDays?: number; stay?: number } = {}) {
    const { h, comp, need, people } = info;
    const family = comp.children > 0 || withPregnantMember.has(h.id);
    const stay = Math.max(1, Math.round(opts2.stay ?? rnd.lognormal(family ? medianStay * 1.4 : medianStay * 0.7, sigma)));
    const episodeEnd = addDays(day, stay);
    const closed = episodeEnd <= today;
    // First unit: families mostly go to self-contained; some to B&B in an emergency.
    const emergency = opts2.bnbDays !== undefined || (family ? rnd.chance(0.14) : rnd.chance(0.3));
    const firstTypes =
      opts2.bnbDays !== undefined
        ? ["bnb"]
        : emergency
          ? ["bnb", "hostel"]
          : family
            ? [
                rnd.weighted([
                  ["nightly_self_contained", 5],
                  ["private_leased", 3],
                  ["council_ha_stock", 2],
                ] as const),
                "nightly_self_contained",
                "private_leased",
                "council_ha_stock",
                "other",
              ]
            : [
                rnd.weighted([
                  ["hostel", 4],
                  ["nightly_self_contained", 3],
                  ["other", 1],
                  ["council_ha_stock", 1],
                ] as const),
                "hostel",
                "nightly_self_contained",
                "other",
                "bnb",
              ];
    let firstEnd: IsoDate | null = closed ? episodeEnd : null;
    let transferAt: IsoDate | null = null;
    if (emergency) {
      const bnbStay = opts2.bnbDays ?? Math.max(2, Math.round(rnd.lognormal(family ? 24 : 40, 0.55)));
      const t = addDays(day, bnbStay);
      if (t < (closed ? episodeEnd : "9999-12-31")) {
        transferAt = t;
        firstEnd = t <= today ? t : null;
      }
    } else if (stay > 300 && rnd.chance(0.3)) {
      const t = addDays(day, rnd.int(60, Math.min(stay - 30, 700)));
      if (t < today) {
        transferAt = t;
        firstEnd = t;
      }
    }
    const first = findUnit(firstTypes, day, need, people, firstEnd);
    if (!first) {
      if (daysBetween(day, today) < 10) h.awaiting_since = day;
      return;
    }
    const p1 = place(h, first, day, firstEnd && transferAt && transferAt <= today ? transferAt : firstEnd, "s188");
    if (transferAt && transferAt <= today) {
      const secondTypes = family
        ? ["nightly_self_contained", "private_leased", "council_ha_stock", "other"]
        : ["nightly_self_contained", "hostel", "council_ha_stock", "other"];
      const second = findUnit(secondTypes, transferAt, need, people, closed ? episodeEnd : null);
      if (second) {
        p1.end_reason = "Moved to more suitable accommodation";
        const p2 = place(h, second, transferAt, closed ? episodeEnd : null, "s193");
        h.duty = "s193";
        if (closed) {
          p2.destination = rnd.weighted(DESTINATION_WEIGHTS);
          p2.end_reason = "Left temporary accommodation";
        }
        return;
      }
      // Nothing to move to: stays where they are.
      p1.end_date = closed ? episodeEnd : null;
      setFree(first.id, p1.end_date ?? "9999-12-31");
    }
    if (p1.end_date !== null && p1.end_date === episodeEnd) {
      p1.destination = rnd.weighted(DESTINATION_WEIGHTS);
      p1.end_reason = "Left temporary accommodation";
    }
    if (!closed && h.duty === "s188" && daysBetween(day, today) > 56)
      h.duty = rnd.chance(0.85) ? "s193" : rnd.chance(0.5) ? "review_or_appeal" : "s190";
  }

  for (let i = 0; i < days; i++) {
    const day = addDays(start, i);
    simulationDay = day;
    // Demand grows over the years, as it has nationally.
    const growth = 0.75 + 0.5 * (i / days);
    const n = rnd.poisson(arrivalsPerDay * growth);
    for (let k = 0; k < n; k++) runEpisode(day, newHousehold(day));
  }

  // Families in B&B tonight at known points of the six-week clock.
  scenario = true;
  for (const daysIn of [12, 30, 36, 40, 44, 58]) {
    const day = addDays(today, -daysIn + 1);
    // Try a few families: a B&B room must have been free since that day.
    for (let attempt = 0; attempt < 12; attempt++) {
      const before = placements.length;
      runEpisode(day, newHousehold(day, true), { bnbDays: 120, stay: 400 });
      if (placements.length > before) break;
    }
  }
  scenario = false;
  // Households owed a duty with nothing secured yet.
  for (let k = 0; k < Math.max(6, Math.round(opts.households / 150)); k++) {
    const day = addDays(today, -rnd.int(0, 5));
    const info = newHousehold(day);
    info.h.awaiting_since = day;
  }

  // A household that arrived when nothing was free and was not kept waiting is dropped:
  // in real life it would have been placed somewhere; the data must not hold ghosts.
  const placed = new Set(placements.map((p) => p.household_id));
  const kept = households.filter((h) => placed.has(h.id) || h.awaiting_since !== null);
  const keptIds = new Set(kept.map((h) => h.id));
  return {
    councilGss: DEMO_COUNCIL.gss,
    providers,
    properties,
    units,
    rates: uniqueRates,
    outOfService,
    households: kept,
    members: members.filter((m) => keptIds.has(m.household_id)),
    placements,
  };
}

const dayNumbers = new Map<string, number>();
/** Days since 1970 for a YYYY-MM-DD date (cached: the simulation asks for the same days often). */
function dayNumber(date: IsoDate): number {
  let n = dayNumbers.get(date);
  if (n === undefined) {
    n = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;
    dayNumbers.set(date, n);
  }
  return n;
}

/** A segment tree of numbers: set one, or find the first position in a range holding at most a value, in O(log n). */
class MinTree {
  private size = 1;
  private min: Float64Array;
  /** A tree of `length` positions, each Infinity until set. */
  constructor(length: number) {
    while (this.size < Math.max(1, length)) this.size *= 2;
    this.min = new Float64Array(2 * this.size).fill(Infinity);
  }
  set(index: number, value: number) {
    let i = this.size + index;
    this.min[i] = value;
    for (i >>= 1; i > 0; i >>= 1) this.min[i] = Math.min(this.min[2 * i], this.min[2 * i + 1]);
  }
  /** The first index in [lo, hi) whose value is <= limit, or -1. */
  firstAtMost(lo: number, hi: number, limit: number): number {
    return lo >= hi ? -1 : this.search(1, 0, this.size, lo, hi, limit);
  }
  private search(node: number, nodeLo: number, nodeHi: number, lo: number, hi: number, limit: number): number {
    if (nodeHi <= lo || hi <= nodeLo || this.min[node] > limit) return -1;
    if (nodeHi - nodeLo === 1) return nodeLo;
    const mid = (nodeLo + nodeHi) >> 1;
    const left = this.search(2 * node, nodeLo, mid, lo, hi, limit);
    return left !== -1 ? left : this.search(2 * node + 1, mid, nodeHi, lo, hi, limit);
  }
}
