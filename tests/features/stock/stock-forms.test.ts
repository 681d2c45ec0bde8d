import { describe, expect, it } from "vitest";
import {
  correctSchema,
  endSchema,
  findUnitSchema,
  outOfServiceSchema,
  prepareCorrect,
  prepareEnd,
  prepareFindUnit,
  prepareOutOfService,
  unitSchema,
  prepareUnit,
} from "~/features/stock/stock-forms.server";

const date = (name: string, d: string, m: string, y: string) => ({ [`${name}-day`]: d, [`${name}-month`]: m, [`${name}-year`]: y });
const parse = <T>(
  schema: { safeParse: (v: unknown) => { success: boolean; data?: T; error?: { issues: { path: PropertyKey[]; message: string }[] } } },
  prepare: (v: Record<string, string>) => unknown,
  values: Record<string, string>,
) => {
  const r = schema.safeParse(prepare(values));
  return r.success
    ? { ok: true as const, data: r.data as T }
    : { ok: false as const, errors: Object.fromEntries(r.error!.issues.map((i) => [i.path.join("."), i.message])) };
};

describe("placement and stock forms", () => {
  it("needs a destination when the household leaves TA, and refuses one when it moves", () => {
    const base = { ...date("end", "10", "12", "2026"), reason: "Offer accepted" };
    expect(parse(endSchema("2026-11-01"), prepareEnd, { ...base, leaving: "leaves" })).toMatchObject({
      ok: false,
      errors: { destination: "Select where the household went" },
    });
    expect(parse(endSchema("2026-11-01"), prepareEnd, { ...base, leaving: "moves", destination: "social_housing" })).toMatchObject({
      ok: false,
      errors: { destination: expect.stringContaining("Do not give a destination") },
    });
    expect(parse(endSchema("2026-11-01"), prepareEnd, { ...base, leaving: "leaves", destination: "social_housing" })).toMatchObject({
      ok: true,
      data: { end: "2026-12-10", destination: "social_housing" },
    });
    expect(parse(endSchema("2026-11-01"), prepareEnd, { ...base, leaving: "leaves", destination: "moon" })).toMatchObject({ ok: false });
    expect(parse(endSchema("2026-11-01"), prepareEnd, { ...date("end", "31", "2", "2026"), reason: "x", leaving: "moves" })).toMatchObject({
      ok: false,
      errors: { end: "End date must be a real date" },
    });
  });

  it("lists every problem of the end form at once: an end not after the start, no reason and no destination", () => {
    expect(parse(endSchema("2026-12-10"), prepareEnd, { ...date("end", "10", "12", "2026"), reason: "", leaving: "leaves" })).toEqual({
      ok: false,
      errors: {
        end: "End date must be after the start date",
        reason: "Enter why the placement is ending",
        destination: "Select where the household went",
      },
    });
  });

  it("refuses an end before the start, and a correction without a reason", () => {
    expect(
      parse(correctSchema, prepareCorrect, { ...date("start", "10", "3", "2026"), ...date("end", "9", "3", "2026"), reason: "typo" }),
    ).toMatchObject({ ok: false, errors: { end: "End date must be after the start date" } });
    expect(
      parse(correctSchema, prepareCorrect, { ...date("start", "10", "3", "2026"), ...date("end", "", "", ""), reason: " " }),
    ).toMatchObject({ ok: false, errors: { reason: "Enter why the dates are being corrected" } });
    expect(
      parse(outOfServiceSchema, prepareOutOfService, {
        ...date("start", "10", "3", "2026"),
        ...date("end", "10", "3", "2026"),
        reason: "Leak",
      }),
    ).toMatchObject({ ok: false, errors: { end: "End date must be after the start date" } });
  });

  it("reads the search: nights a whole number or empty for open-ended; bad filters fall back", () => {
    expect(
      parse(findUnitSchema, prepareFindUnit, { ...date("start", "23", "11", "2026"), nights: "", district: "sideways" }),
    ).toMatchObject({ ok: true, data: { start: "2026-11-23", nights: null, district: "any", page: 1 } });
    expect(parse(findUnitSchema, prepareFindUnit, { ...date("start", "23", "11", "2026"), nights: "2.5" })).toMatchObject({
      ok: false,
      errors: { nights: "Expected nights must be a whole number, like 28" },
    });
    expect(parse(findUnitSchema, prepareFindUnit, { ...date("start", "23", "", "2026") })).toMatchObject({
      ok: false,
      errors: { start: "Start date must include a month" },
    });
  });

  it("checks a unit's numbers and yes/no answers", () => {
    const r = parse(unitSchema, prepareUnit, {
      propertyId: "3",
      unitRef: "U-1",
      taTypeCode: "bnb",
      bedrooms: "eleven",
      maxOccupants: "0",
      sharedKitchen: "yes",
      sharedBathroom: "no",
      sharedToilet: "no",
    });
    expect(r).toMatchObject({
      ok: false,
      errors: {
        bedrooms: "The number of bedrooms must be a whole number",
        maxOccupants: "The maximum number of people must be between 1 and 20",
        stepFree: "Select whether the unit has step-free access",
      },
    });
  });
});
