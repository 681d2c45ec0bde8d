/** The standards forms refuse bad input with the GOV.UK wording (issue 21, "Bad input"). */
import { describe, expect, it } from "vitest";
import { parseForm } from "~/lib/forms.server";
import { certificateSchema, inspectionSchema, prepareCertificate, prepareInspection } from "~/features/standards/standards-forms.server";

const TODAY = "2026-12-07";
const form = (v: Record<string, string>) => {
  const f = new FormData();
  for (const [k, x] of Object.entries(v)) f.set(k, x);
  return f;
};
const date = (name: string, d: string, m: string, y: string) => ({ [`${name}-day`]: d, [`${name}-month`]: m, [`${name}-year`]: y });

describe("inspection form", () => {
  const good = { ...date("inspected", "1", "12", "2026"), inspector: "A. Inspector", grade: "E", findings: "No smoke alarms" };

  it("reads a good inspection with its works and re-inspection date", () => {
    const r = parseForm(
      form({ ...good, ...date("reinspect", "1", "3", "2027"), work1: "Fit smoke alarms", ...date("work1Due", "8", "12", "2026") }),
      inspectionSchema(TODAY),
      prepareInspection,
    );
    expect(r.ok && r.data).toEqual({
      unitId: null,
      inspectedOn: "2026-12-01",
      inspector: "A. Inspector",
      grade: "E",
      findings: "No smoke alarms",
      reinspectOn: "2027-03-01",
      works: [{ description: "Fit smoke alarms", dueOn: "2026-12-08" }],
    });
  });

  it("refuses a grade outside A to E, an inspection in the future, works without a date and a re-inspection before it", () => {
    const r = parseForm(
      form({
        ...good,
        grade: "F",
        ...date("inspected", "8", "12", "2026"),
        work2: "Fix the boiler",
        ...date("reinspect", "1", "1", "2026"),
      }),
      inspectionSchema(TODAY),
      prepareInspection,
    );
    expect(r.ok ? null : r.errors).toEqual({
      grade: "Select the grade, from A to E",
      inspected: "The inspection date must be today or in the past",
      reinspect: "The re-inspection date must be after the inspection date",
      work2Due: "Enter the date the works are due",
    });
  });
});

describe("certificate form", () => {
  it("fills in the usual expiry when it is left blank: a gas safety certificate lasts 12 months", () => {
    const r = parseForm(form({ kind: "gas_safety", ...date("issued", "29", "2", "2024") }), certificateSchema(TODAY), prepareCertificate);
    expect(r.ok && [r.data.issuedOn, r.data.expiresOn]).toEqual(["2024-02-29", "2025-02-28"]);
    const eicr = parseForm(form({ kind: "eicr", ...date("issued", "1", "6", "2026") }), certificateSchema(TODAY), prepareCertificate);
    expect(eicr.ok && eicr.data.expiresOn).toBe("2031-06-01");
  });

  it("refuses an expiry before the issue date and an issue date in the future", () => {
    const r = parseForm(
      form({ kind: "epc", ...date("issued", "1", "6", "2026"), ...date("expires", "1", "5", "2026") }),
      certificateSchema(TODAY),
      prepareCertificate,
    );
    expect(r.ok ? null : r.errors).toEqual({ expires: "The expiry date must be after the issue date (1 June 2026)" });
    const future = parseForm(form({ kind: "epc", ...date("issued", "8", "12", "2026") }), certificateSchema(TODAY), prepareCertificate);
    expect(future.ok ? null : future.errors).toEqual({ issued: "The issue date must be today or in the past" });
    const none = parseForm(form({ ...date("issued", "1", "6", "2026") }), certificateSchema(TODAY), prepareCertificate);
    expect(none.ok ? null : none.errors).toEqual({ kind: "Select the kind of certificate" });
  });
});
