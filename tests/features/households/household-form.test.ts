import { describe, expect, it } from "vitest";
import { readHouseholdForm } from "~/features/households/household-form.server";

const fd = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.append(k, v);
  return f;
};
const good = {
  case_ref: "HX-1",
  duty: "s188",
  step_free: "no",
  support_needs: "",
  awaiting: "yes",
  member_count: "2",
  "m0-id": "",
  "m0-name": "Ada Adult",
  "m0-dob-day": "1",
  "m0-dob-month": "5",
  "m0-dob-year": "1990",
  "m0-relationship": "lead",
  "m0-sex": "female",
  "m0-pregnant": "yes",
  "m1-id": "",
  "m1-name": "Ben Child",
  "m1-dob-day": "3",
  "m1-dob-month": "2",
  "m1-dob-year": "2018",
  "m1-relationship": "child",
  "m1-sex": "",
};

describe("the household form", () => {
  it("reads a valid household with its members", () => {
    const r = readHouseholdForm(fd({ ...good, intent: "save" }), "2026-11-23");
    expect(r.kind).toBe("valid");
    if (r.kind !== "valid") return;
    expect(r.data).toMatchObject({
      caseRef: "HX-1",
      awaiting: true,
      members: [
        { id: null, name: "Ada Adult", dateOfBirth: "1990-05-01", relationship: "lead", sex: "female", pregnant: true },
        { id: null, name: "Ben Child", dateOfBirth: "2018-02-03", relationship: "child", sex: null, pregnant: false },
      ],
    });
  });

  it("adds a row and removes a row without validating, keeping what was typed", () => {
    const added = readHouseholdForm(fd({ ...good, intent: "add" }), "2026-11-23");
    expect(added).toMatchObject({
      kind: "rows",
      values: { member_count: "3", "m0-name": "Ada Adult", "m2-relationship": "child", "m2-name": "" },
    });
    const removed = readHouseholdForm(fd({ ...good, intent: "remove-0" }), "2026-11-23");
    expect(removed).toMatchObject({ kind: "rows", values: { member_count: "1", "m0-name": "Ben Child", case_ref: "HX-1" } });
  });

  it("refuses bad input with GOV.UK messages", () => {
    const r = readHouseholdForm(
      fd({ ...good, case_ref: " ", "m1-dob-day": "31", "m1-dob-month": "2", "m1-relationship": "lead", "m0-name": "", duty: "nonsense" }),
      "2026-11-23",
    );
    expect(r.kind).toBe("invalid");
    if (r.kind !== "invalid") return;
    expect(r.errors).toMatchObject({
      case_ref: "Enter the case reference",
      duty: "Select the duty the household is owed",
      "m0-name": "Enter the name of member 1",
      "m1-dob": "Date of birth must be a real date",
      "m1-relationship": "Only one member can be the lead applicant",
    });
    expect(r.values["m1-dob-day"]).toBe("31");
  });

  it("needs exactly one lead, and no date of birth in the future", () => {
    const r = readHouseholdForm(fd({ ...good, "m0-relationship": "partner", "m1-dob-year": "2027" }), "2026-11-23");
    expect(r.kind === "invalid" && r.errors).toMatchObject({
      "m0-relationship": "Choose one member as the lead applicant",
      "m1-dob": "Date of birth must be today or in the past",
    });
  });

  it("refuses a tampered member id", () => {
    const r = readHouseholdForm(fd({ ...good, "m0-id": "abc" }), "2026-11-23");
    expect(r.kind === "invalid" && r.errors._form).toBe("This member is not part of this household");
  });
});
