/** The case file's contact details: UK numbers in one written form, email, GOV.UK messages, who sees sensitive needs. */
import { describe, expect, it } from "vitest";
import {
  contactDetailsSchema,
  EMAIL_MESSAGE,
  HOUSEHOLD_PERSONAL_FIELDS,
  isUkMobile,
  maySeeVulnerability,
  normaliseUkPhone,
  PHONE_MESSAGE,
} from "~/features/households/contact-details";

const form = (v: Record<string, string>) => contactDetailsSchema.safeParse({ interpreter: "no", ...v });
const errorsOf = (v: Record<string, string>) => {
  const r = form(v);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("UK telephone numbers", () => {
  it.each([
    ["07700 900982", "07700 900982"],
    ["07700900982", "07700 900982"],
    ["  07700  900  982 ", "07700 900982"],
    ["+44 7700 900982", "07700 900982"],
    ["+447700900982", "07700 900982"],
    ["0044 7700 900 982", "07700 900982"],
    ["+44 (0)7700 900982", "07700 900982"],
    ["020 7946 0000", "020 7946 0000"],
    ["(020) 7946-0000", "020 7946 0000"],
    ["+44 20 7946 0000", "020 7946 0000"],
    ["0151 496 0123", "0151 496 0123"],
    ["01514960123", "0151 496 0123"],
    ["0161 496 0000", "0161 496 0000"],
    ["01632 960 001", "01632 960001"],
    ["0300 123 4567", "0300 123 4567"],
    ["+44 808 157 0192", "0808 157 0192"],
    ["0800 123456", "0800 123456"],
  ])("reads %s as %s", (raw, written) => {
    expect(normaliseUkPhone(raw)).toBe(written);
  });

  it.each([
    "0770090098", // a mobile one digit short
    "077009009821", // one too many
    "7700 900982", // no leading 0
    "+1 202 555 0143", // not a UK number
    "0900 123 4567", // premium rate
    "05601 234567",
    "07700 9OO982", // letters for zeros
    "ring after 6pm",
    "999",
  ])("refuses %s", (raw) => {
    expect(normaliseUkPhone(raw)).toBeNull();
  });

  it("knows a mobile from a landline, a personal number and a pager", () => {
    expect(isUkMobile("07700 900982")).toBe(true);
    expect(isUkMobile("020 7946 0000")).toBe(false);
    expect(isUkMobile("07011 234567")).toBe(false);
    expect(isUkMobile("07624 123456")).toBe(false);
  });
});

describe("the contact details form", () => {
  it("keeps the number in its written form and the email as typed, trimmed", () => {
    const r = form({ phone: "+44 7700 900 982", email: " amara.okafor+housing@example.co.uk ", preferred_contact: "text" });
    expect(r.success && r.data).toMatchObject({
      phone: "07700 900982",
      email: "amara.okafor+housing@example.co.uk",
      preferred_contact: "text",
      interpreter: "no",
      local_connection_gss: null,
      vulnerability_sensitive: false,
    });
  });

  it("gives one GOV.UK message per field that is wrong", () => {
    expect(errorsOf({ phone: "0770 090", email: "amara.okafor@", preferred_contact: "pigeon", interpreter: "" })).toEqual({
      phone: PHONE_MESSAGE,
      email: EMAIL_MESSAGE,
      preferred_contact: "Select how the household prefers to be contacted",
      interpreter: "Select yes if the household needs an interpreter",
    });
    // Every problem at once, the cross-field ones too.
    expect(errorsOf({ phone: "0770 090", email: "amara@", interpreter: "yes", preferred_contact: "text" })).toEqual({
      phone: PHONE_MESSAGE,
      email: EMAIL_MESSAGE,
      language: "Enter the language the interpreter is needed for",
    });
    expect(errorsOf({ email: "amara okafor@example.com" })).toEqual({ email: EMAIL_MESSAGE });
    expect(errorsOf({ email: "amara@example" })).toEqual({ email: EMAIL_MESSAGE });
    expect(errorsOf({ local_connection_gss: "Liverpool" })).toEqual({ local_connection_gss: "Select a district from the list" });
  });

  it("asks for what the preferred way of contact needs", () => {
    expect(errorsOf({ preferred_contact: "phone" })).toEqual({
      phone: "Enter a telephone number to contact the household by phone, or choose another way",
    });
    expect(errorsOf({ preferred_contact: "text", phone: "020 7946 0000" })).toEqual({
      phone: "Enter a mobile number, like 07700 900 982, to contact the household by text message, or choose another way",
    });
    expect(errorsOf({ preferred_contact: "email" })).toEqual({
      email: "Enter an email address to contact the household by email, or choose another way",
    });
    expect(errorsOf({ preferred_contact: "post" })).toEqual({
      current_address: "Enter the current address to contact the household by post, or choose another way",
    });
    expect(errorsOf({ interpreter: "yes" })).toEqual({ language: "Enter the language the interpreter is needed for" });
    expect(errorsOf({ interpreter: "yes", language: "Polish", preferred_contact: "post", current_address: "1 Sample Street" })).toEqual({});
  });
});

describe("who may see vulnerability needs", () => {
  const sensitive = { officer_id: 7, vulnerability_sensitive: true };
  it("shows needs not marked sensitive to anyone, and sensitive ones to managers, administrators and the case officer only", () => {
    expect(maySeeVulnerability({ id: 8, role: "officer" }, { officer_id: 7, vulnerability_sensitive: false })).toBe(true);
    expect(maySeeVulnerability({ id: 7, role: "officer" }, sensitive)).toBe(true);
    expect(maySeeVulnerability({ id: 8, role: "officer" }, sensitive)).toBe(false);
    expect(maySeeVulnerability({ id: 8, role: "analyst" }, sensitive)).toBe(false);
    expect(maySeeVulnerability({ id: 8, role: "manager" }, sensitive)).toBe(true);
    expect(maySeeVulnerability({ id: 8, role: "administrator" }, sensitive)).toBe(true);
    expect(maySeeVulnerability({ id: 8, role: "officer" }, { officer_id: null, vulnerability_sensitive: true })).toBe(false);
    expect(maySeeVulnerability(null, sensitive)).toBe(false);
  });

  it("lists the household's personal columns for a later retention step", () => {
    expect(HOUSEHOLD_PERSONAL_FIELDS).toContain("phone");
    expect(HOUSEHOLD_PERSONAL_FIELDS).toContain("vulnerability_needs");
    expect(new Set(HOUSEHOLD_PERSONAL_FIELDS).size).toBe(HOUSEHOLD_PERSONAL_FIELDS.length);
  });
});
