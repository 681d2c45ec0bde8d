import { describe, expect, it } from "vitest";
import { bedroomNeed, dependentChildren, isDependentChild, occupantCount, type HouseholdMember } from "~/features/households/household";

const ON = "2026-06-01";

function member(
  name: string,
  relationship: HouseholdMember["relationship"],
  dateOfBirth: string | null,
  sex: HouseholdMember["sex"] = null,
  pregnant = false,
): HouseholdMember {
  return { name, relationship, dateOfBirth, sex, pregnant };
}

// Ages on 1 June 2026: Amina 36, Kofi 38, Sam 12, Mia 8, Leo 5.
const coupleWithThree: HouseholdMember[] = [
  member("Amina", "lead", "1990-01-01", "female"),
  member("Kofi", "partner", "1988-05-05", "male"),
  member("Sam", "child", "2014-03-01", "male"),
  member("Mia", "child", "2018-02-01", "female"),
  member("Leo", "child", "2021-01-15", "male"),
];

describe("dependent children", () => {
  it("treats a 'child' as dependent up to the day before their 19th birthday", () => {
    const teen = member("Zara", "child", "2007-06-02", "female");
    expect(isDependentChild(teen, "2026-06-01")).toBe(true); // 18
    expect(isDependentChild(teen, "2026-06-02")).toBe(false); // 19
  });

  it("counts anyone under 16 who is not the lead or partner, but an 'other adult' of 16 is not dependent", () => {
    const nephew = member("Ali", "other_adult", "2010-06-02", "male");
    expect(isDependentChild(nephew, "2026-06-01")).toBe(true); // 15
    expect(isDependentChild(nephew, "2026-06-02")).toBe(false); // 16
  });

  it("treats a recorded 'child' with no date of birth as dependent, and ignores a baby not yet born", () => {
    const members = [
      member("Rosa", "lead", "1992-03-03", "female"),
      member("Unknown", "child", null),
      member("Baby", "child", "2026-07-01"),
    ];
    expect(dependentChildren(members, ON).map((m) => m.name)).toEqual(["Unknown"]);
    expect(occupantCount(members, ON)).toBe(2);
    expect(occupantCount(members, "2026-07-01")).toBe(3);
  });
});

describe("bedroom standard", () => {
  it("couple + boy 12 + girl 8 + boy 5 needs 3: the boy of 12 shares with the boy of 5", () => {
    const need = bedroomNeed(coupleWithThree, ON);
    expect(need.bedrooms).toBe(3);
    expect(need.rooms.map((r) => r.members)).toEqual([["Amina", "Kofi"], ["Sam", "Leo"], ["Mia"]]);
    expect(need.explanation).toEqual([
      "Bedroom 1: Amina and Kofi, a couple",
      "Bedroom 2: Sam (12) and Leo (5), a boy aged 10 to 20 with a boy under 10",
      "Bedroom 3: Mia (8), a child under 10 with no-one left to share with",
    ]);
    expect(need.assumptions).toEqual([]);
  });

  it("single parent with girls of 14 and 16 needs 2", () => {
    const members = [
      member("Joy", "lead", "1985-07-10", "female"),
      member("Ella", "child", "2012-01-01", "female"),
      member("Zoe", "child", "2010-01-01", "female"),
    ];
    const need = bedroomNeed(members, ON);
    expect(need.bedrooms).toBe(2);
    expect(need.rooms[1].members).toEqual(["Zoe", "Ella"]);
  });

  it("gives a son his own room from his 21st birthday", () => {
    const members = [
      member("Mum", "lead", "1981-01-01", "female"),
      member("Kai", "child", "2005-06-01", "male"),
      member("Noah", "child", "2007-01-01", "male"),
    ];
    // 31 May 2026: Kai 20 and Noah 19 are two adolescent boys and share.
    expect(bedroomNeed(members, "2026-05-31").bedrooms).toBe(2);
    // 1 June 2026: Kai is 21 and gets his own room; Noah has no-one to share with.
    const need = bedroomNeed(members, "2026-06-01");
    expect(need.bedrooms).toBe(3);
    expect(need.explanation).toEqual([
      "Bedroom 1: Mum (45), aged 21 or over",
      "Bedroom 2: Kai (21), aged 21 or over",
      "Bedroom 3: Noah (19), aged 10 to 20 with no-one of the same sex to share with",
    ]);
  });

  it("pairs children under 10 regardless of sex, and adolescents only with the same sex", () => {
    const under10 = [
      member("Dee", "lead", "1990-01-01", "female"),
      member("Ben", "child", "2023-01-01", "male"),
      member("Ava", "child", "2019-01-01", "female"),
    ];
    expect(bedroomNeed(under10, ON).bedrooms).toBe(2);

    const teens = [
      member("Dee", "lead", "1990-01-01", "female"),
      member("Ben", "child", "2013-01-01", "male"),
      member("Ava", "child", "2012-01-01", "female"),
    ];
    expect(bedroomNeed(teens, ON).bedrooms).toBe(3);
  });

  it("does not pair adolescents whose sex is not recorded (cautious)", () => {
    const base = [member("Dee", "lead", "1990-01-01", "female")];
    const known = [...base, member("A", "child", "2014-01-01", "male"), member("B", "child", "2012-01-01", "male")];
    const unknown = [...base, member("A", "child", "2014-01-01"), member("B", "child", "2012-01-01")];
    expect(bedroomNeed(known, ON).bedrooms).toBe(2);
    const need = bedroomNeed(unknown, ON);
    expect(need.bedrooms).toBe(3);
    expect(need.assumptions).toHaveLength(2);
  });

  it("treats a child with no date of birth as aged 10 to 20 and says so", () => {
    const members = [
      member("Dee", "lead", "1990-01-01", "female"),
      member("Kim", "child", null, "female"),
      member("Lu", "child", "2022-01-01", "male"),
    ];
    // Kim (assumed 10-20, girl) cannot share with a boy under 10: 3 rooms.
    const need = bedroomNeed(members, ON);
    expect(need.bedrooms).toBe(3);
    expect(need.assumptions[0]).toContain("Kim: date of birth not recorded");
  });

  it("applies the standard by age: a 19-year-old single mother shares with her baby daughter", () => {
    const members = [member("Eve", "lead", "2007-01-01", "female"), member("Lily", "child", "2025-03-01", "female")];
    const need = bedroomNeed(members, ON);
    expect(need.bedrooms).toBe(1);
    expect(need.explanation[0]).toBe("Bedroom 1: Eve (19) and Lily (1), a girl aged 10 to 20 with a girl under 10");
  });

  it("does not count the unborn", () => {
    const members = [member("Hana", "lead", "1999-09-09", "female", true)];
    expect(bedroomNeed(members, ON).bedrooms).toBe(1);
  });
});
