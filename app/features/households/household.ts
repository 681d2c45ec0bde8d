/**
 * Facts derived from a household's members on a given date.
 *
 * Where each rule lives: the conventions are written here once. Dependent child,
 * family for the B&B rule, a 16 or 17-year-old lead, household type and the TA2 column
 * are computed by household_facts_on (db/definitions/household-facts.ts), the one
 * definition every page and report reads (with the members on the night: ADR 0025).
 * This file computes what only TypeScript computes: ages, occupants and the bedroom
 * need. isDependentChild stays for the demo generator, which picks households before
 * there is a database to ask (tests/features/households/household-facts.db.test.ts
 * holds it to the SQL).
 *
 * Nothing here is typed in by an officer: children, "family" status, the lead
 * applicant's age and bedroom need all follow from each member's date of birth,
 * relationship to the lead applicant, sex and pregnancy. Pure functions: no I/O.
 *
 * Conventions (each decided once, here):
 *
 * - Who is in the household on date D: every member whose date of birth is on or
 *   before D, or is not recorded. A member with a date of birth after D (a baby
 *   recorded in advance) is not yet an occupant and is ignored. The unborn are
 *   never occupants; a pregnancy is recorded on the mother's `pregnant` flag.
 *
 * - Dependent child (Housing Act 1996 s189(1)(b); Homelessness Code of Guidance
 *   ch. 8: under 16, or 16 to 18 and in full-time education or training). We do
 *   not record education or training, so:
 *     - anyone other than the lead applicant or partner who is under 16 is a
 *       dependent child, whatever relationship was recorded;
 *     - a member recorded as a "child" aged 16, 17 or 18 (up to the day before
 *       their 19th birthday) is treated as a dependent child;
 *     - a "child" with no date of birth is treated as a dependent child (the
 *       cautious choice: it keeps the B&B protections on);
 *     - a "child" aged 19 or over is an adult, not a dependent child.
 *
 * - Family for the B&B rule: the Homelessness (Suitability of Accommodation)
 *   (England) Order 2003, art. 2, "applicant with family commitments": the
 *   applicant is pregnant, or a pregnant woman or dependent children live (or
 *   might be expected to live) with them. Here: any member is pregnant, or there
 *   is at least one dependent child.
 *
 * - Lead applicant aged 16 or 17: age on D is 16 or 17. A lead with no date of
 *   birth is not treated as 16 or 17 (we cannot know; the form should insist on
 *   the lead's date of birth).
 *
 * - Household type for statistics (MHCLG live table TA2, households in TA by
 *   household composition: couple with dependent children; single parent with
 *   dependent children, split by the parent's sex; single adult, split by sex;
 *   all other household types). "Adults" here are the members who are not
 *   dependent children.
 *     - couple_with_children: exactly two adults, the lead and a partner, and at
 *       least one dependent child.
 *     - single_parent: exactly one adult and at least one dependent child.
 *     - single_adult: exactly one adult and no dependent children (a pregnant
 *       woman on her own is a single adult: the unborn are not counted).
 *     - couple_no_children: exactly the lead and a partner, nobody else. TA2 has
 *       no such column: it is filed under "all_other".
 *     - other: everything else (for example a lead with an adult sibling, or a
 *       couple with a grown-up son and a dependent child).
 *   household_facts_on's ta2_category is the single place to change.
 *
 * - Bedroom need: the bedroom standard as defined for the English Housing
 *   Survey. One bedroom for each married or cohabiting couple; each other person
 *   aged 21 or over; each pair of adolescents aged 10 to 20 of the same sex; each
 *   pair of children under 10 whatever their sex. An unpaired person aged 10 to
 *   20 is paired, if possible, with a child under 10 of the same sex, or else has
 *   a separate bedroom, as does an unpaired child under 10. Applied literally,
 *   by age: a lead applicant under 21 without a partner is an "adolescent" for
 *   the standard. Choices made where the standard is silent:
 *     - The couple is the lead applicant and their partner; other couples in the
 *       household cannot be recorded, so each of them counts as a person.
 *     - Pairing order: within each sex the oldest adolescents are paired first,
 *       so the youngest is the one left over; a left-over adolescent is paired
 *       with the oldest same-sex child under 10; children under 10 are paired
 *       oldest first. This never changes the count, only who shares.
 *     - Sex not recorded: the person is not paired with anyone for whom sex
 *       matters (another adolescent, or a child under 10 paired with an
 *       adolescent). This is the cautious choice and may overstate need by a
 *       room. Children under 10 pair regardless of sex, so it does not matter
 *       for them.
 *     - Age not recorded: a "child" is treated as aged 10 to 20 (cautious: the
 *       band with the strictest pairing rules); anyone else as 21 or over.
 *     - The unborn are not counted.
 */
import type { Relationship, Sex } from "~/lib/vocabulary";
import { ageOn, type IsoDate } from "~/lib/dates";

export interface HouseholdMember {
  name: string;
  dateOfBirth: IsoDate | null;
  relationship: Relationship;
  pregnant: boolean;
  sex?: Sex | null;
}

/** Under this age anyone other than the lead or partner is a dependent child. */
export const DEPENDENT_CHILD_UNDER_AGE = 16;
/** A member recorded as a "child" is dependent up to and including this age. */
export const DEPENDENT_CHILD_MAX_AGE_IF_CHILD = 18;

export type HouseholdType = "couple_with_children" | "single_parent" | "single_adult" | "couple_no_children" | "other";

export type Ta2Category =
  | "couple_with_dependent_children"
  | "single_parent_male"
  | "single_parent_female"
  | "single_parent_sex_not_known"
  | "single_adult_male"
  | "single_adult_female"
  | "single_adult_sex_not_known"
  | "all_other";

export interface Bedroom {
  /** 1, 2, 3 ... in the order given below. */
  number: number;
  /** Names of the members sharing this bedroom. */
  members: string[];
  /** Why these members share (or do not), in words an officer can read. */
  reason: string;
}

export interface BedroomNeed {
  bedrooms: number;
  rooms: Bedroom[];
  /** One line per bedroom, then one per assumption made for missing data. */
  explanation: string[];
  /** Assumptions made because a date of birth or sex was not recorded. */
  assumptions: string[];
}

// ---------------------------------------------------------------------------
// Basic facts

/** Members living in the household on `on`: born on or before it, or date of birth unknown. */
export function residentMembers(members: readonly HouseholdMember[], on: IsoDate): HouseholdMember[] {
  return members.filter((m) => m.dateOfBirth === null || m.dateOfBirth <= on);
}

/** Age in whole years on `on`, or null when the date of birth is not recorded. */
export function memberAge(member: HouseholdMember, on: IsoDate): number | null {
  return member.dateOfBirth === null ? null : ageOn(member.dateOfBirth, on);
}

export function isDependentChild(member: HouseholdMember, on: IsoDate): boolean {
  if (member.relationship === "lead" || member.relationship === "partner") return false;
  if (member.dateOfBirth !== null && member.dateOfBirth > on) return false; // not yet born
  const age = memberAge(member, on);
  if (age === null) return member.relationship === "child";
  if (age < DEPENDENT_CHILD_UNDER_AGE) return true;
  return member.relationship === "child" && age <= DEPENDENT_CHILD_MAX_AGE_IF_CHILD;
}

export function dependentChildren(members: readonly HouseholdMember[], on: IsoDate): HouseholdMember[] {
  return members.filter((m) => isDependentChild(m, on));
}

/** The lead applicant (the first member recorded as "lead"), if any. */
export function leadApplicant(members: readonly HouseholdMember[]): HouseholdMember | undefined {
  return members.find((m) => m.relationship === "lead");
}

/** Everyone living in the household on `on`; the unborn are not counted. */
export function occupantCount(members: readonly HouseholdMember[], on: IsoDate): number {
  return residentMembers(members, on).length;
}

// ---------------------------------------------------------------------------
// Bedroom standard

type Band = "adult" | "adolescent" | "child";

interface Person {
  member: HouseholdMember;
  age: number | null;
  band: Band;
  sex: Sex | null;
  label: string;
}

function describe(member: HouseholdMember, age: number | null): string {
  return age === null ? `${member.name} (age not recorded)` : `${member.name} (${age})`;
}

function bandFor(age: number): Band {
  if (age >= 21) return "adult";
  if (age >= 10) return "adolescent";
  return "child";
}

/** Oldest first; unknown ages (assumed adolescents) sort before known ones. */
function oldestFirst(a: Person, b: Person): number {
  return (b.age ?? Number.POSITIVE_INFINITY) - (a.age ?? Number.POSITIVE_INFINITY);
}

function sexWord(sex: Sex, young: boolean): string {
  if (sex === "male") return young ? "boy" : "boys";
  return young ? "girl" : "girls";
}

function joinNames(labels: string[]): string {
  return labels.length <= 1 ? labels.join("") : `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
}

/**
 * Bedrooms the household needs on `on` by the bedroom standard, with who
 * shares which room and why. See the conventions at the top of this file.
 */
export function bedroomNeed(members: readonly HouseholdMember[], on: IsoDate): BedroomNeed {
  const resident = residentMembers(members, on);
  const assumptions: string[] = [];
  const rooms: Omit<Bedroom, "number">[] = [];

  const lead = resident.find((m) => m.relationship === "lead");
  const partner = resident.find((m) => m.relationship === "partner");
  const couple = lead && partner ? [lead, partner] : [];
  if (lead && partner) {
    rooms.push({
      members: [lead.name, partner.name],
      reason: `${joinNames([lead.name, partner.name])}, a couple`,
    });
  }

  const people: Person[] = resident
    .filter((m) => !couple.includes(m))
    .map((member) => {
      const age = memberAge(member, on);
      let band: Band;
      if (age !== null) band = bandFor(age);
      else if (member.relationship === "child") {
        band = "adolescent";
        assumptions.push(`${member.name}: date of birth not recorded, so treated as aged 10 to 20 (the strictest sharing rules)`);
      } else {
        band = "adult";
        assumptions.push(`${member.name}: date of birth not recorded, so treated as aged 21 or over`);
      }
      return { member, age, band, sex: member.sex ?? null, label: describe(member, age) };
    });

  // Each other person aged 21 or over.
  for (const p of people.filter((x) => x.band === "adult").sort(oldestFirst)) {
    rooms.push({ members: [p.member.name], reason: `${p.label}, aged 21 or over` });
  }

  // Adolescents aged 10 to 20: pair within each sex, oldest first.
  const adolescents = people.filter((x) => x.band === "adolescent").sort(oldestFirst);
  const children = people.filter((x) => x.band === "child").sort(oldestFirst);
  const leftOverAdolescents: Person[] = [];
  for (const sex of ["female", "male"] as const) {
    const same = adolescents.filter((p) => p.sex === sex);
    for (let i = 0; i + 1 < same.length; i += 2) {
      rooms.push({
        members: [same[i].member.name, same[i + 1].member.name],
        reason: `${joinNames([same[i].label, same[i + 1].label])}, two ${sexWord(sex, false)} aged 10 to 20`,
      });
    }
    if (same.length % 2 === 1) leftOverAdolescents.push(same[same.length - 1]);
  }

  // A left-over adolescent shares with a same-sex child under 10 if there is one.
  for (const p of leftOverAdolescents) {
    const sex = p.sex as Sex;
    const index = children.findIndex((c) => c.sex === sex);
    if (index >= 0) {
      const [child] = children.splice(index, 1);
      rooms.push({
        members: [p.member.name, child.member.name],
        reason: `${joinNames([p.label, child.label])}, a ${sexWord(sex, true)} aged 10 to 20 with a ${sexWord(sex, true)} under 10`,
      });
    } else {
      rooms.push({
        members: [p.member.name],
        reason: `${p.label}, aged 10 to 20 with no-one of the same sex to share with`,
      });
    }
  }

  // Adolescents whose sex is not recorded share with nobody (cautious).
  for (const p of adolescents.filter((x) => x.sex === null)) {
    rooms.push({
      members: [p.member.name],
      reason: `${p.label}, aged 10 to 20; sex not recorded, so not paired with anyone`,
    });
    assumptions.push(`${p.member.name}: sex not recorded, so not paired with anyone (may overstate need by a bedroom)`);
  }

  // Children under 10 pair regardless of sex; an unpaired child has a room.
  for (let i = 0; i + 1 < children.length; i += 2) {
    rooms.push({
      members: [children[i].member.name, children[i + 1].member.name],
      reason: `${joinNames([children[i].label, children[i + 1].label])}, two children under 10`,
    });
  }
  if (children.length % 2 === 1) {
    const c = children[children.length - 1];
    rooms.push({ members: [c.member.name], reason: `${c.label}, a child under 10 with no-one left to share with` });
  }

  const numbered: Bedroom[] = rooms.map((r, i) => ({ number: i + 1, ...r }));
  return {
    bedrooms: numbered.length,
    rooms: numbered,
    explanation: [...numbered.map((r) => `Bedroom ${r.number}: ${r.reason}`), ...assumptions],
    assumptions,
  };
}
