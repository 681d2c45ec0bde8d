import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { DateInput, ErrorSummary, dateErrorParts, paginationItems } from "~/lib/components/govuk";
import { UnitSummary, type UnitSummaryData } from "~/features/stock/unit-summary";

const links = (html: string) => [...html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);

describe("the error summary's links", () => {
  it("link a date's error to its first box in error, from flat or nested values", () => {
    const flat = renderToStaticMarkup(
      <ErrorSummary
        errors={{ start: "Start date must include a month", end: "Enter the end date", name: "Enter a name" }}
        values={{ "start-day": "1", "start-month": "", "start-year": "2026", "end-day": "", "end-month": "", "end-year": "", name: "" }}
      />,
    );
    expect(links(flat)).toEqual([
      ["#start-month", "Start date must include a month"],
      ["#end-day", "Enter the end date"],
      ["#name", "Enter a name"],
    ]);
    const nested = renderToStaticMarkup(
      <ErrorSummary errors={{ to: "Year must include 4 numbers" }} values={{ to: { day: "1", month: "2", year: "26" } }} />,
    );
    expect(links(nested)).toEqual([["#to-year", "Year must include 4 numbers"]]);
  });
  it("show a form-level error as text, unless the page names an element for it", () => {
    const text = renderToStaticMarkup(<ErrorSummary errors={{ _form: "Choose what to do" }} />);
    expect(text).toContain("<li>Choose what to do</li>");
    expect(text).not.toContain("#main-content");
    const linked = renderToStaticMarkup(<ErrorSummary errors={{ _form: "Wrong email or password" }} targets={{ _form: "email" }} />);
    expect(links(linked)).toEqual([["#email", "Wrong email or password"]]);
  });
});

describe("a date input's boxes in error", () => {
  it("are the empty ones when some are filled, the year when it is not 4 digits, else all three", () => {
    expect(dateErrorParts("x", { day: "1", month: "", year: "2026" })).toEqual(["month"]);
    expect(dateErrorParts("x", { day: "", month: "", year: "2026" })).toEqual(["day", "month"]);
    expect(dateErrorParts("x", { day: "1", month: "2", year: "26" })).toEqual(["year"]);
    expect(dateErrorParts("x", { day: "31", month: "2", year: "2026" })).toEqual(["day", "month", "year"]);
    expect(dateErrorParts("x", { day: "", month: "", year: "" })).toEqual(["day", "month", "year"]);
  });
  it("are marked so, and only they", () => {
    const html = renderToStaticMarkup(
      <DateInput name="start" legend="Start" error="Start date must include a month" value={{ day: "1", month: "", year: "2026" }} />,
    );
    const marked = [...html.matchAll(/<input class="([^"]+)" id="([^"]+)"/g)]
      .filter((m) => m[1].includes("govuk-input--error"))
      .map((m) => m[2]);
    expect(marked).toEqual(["start-month"]);
    expect(html).toContain('<div class="govuk-date-input" id="start">');
  });
});

describe("pagination", () => {
  it("shows the first, the last, the current page and two either side, with an ellipsis for each gap of more than one page", () => {
    expect(paginationItems(10, 40)).toEqual([1, "ellipsis", 8, 9, 10, 11, 12, "ellipsis", 40]);
    expect(paginationItems(1, 3)).toEqual([1, 2, 3]);
    expect(paginationItems(1, 9)).toEqual([1, 2, 3, "ellipsis", 9]);
    expect(paginationItems(5, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(paginationItems(6, 12)).toEqual([1, "ellipsis", 4, 5, 6, 7, 8, "ellipsis", 12]);
  });
});

describe("the unit summary", () => {
  const d: UnitSummaryData = {
    unit: {
      unit_ref: "U-1",
      name: "Flat 1",
      property_name: "Synthetic House",
      address_line_1: "1 Example Road",
      town: "Exampletown",
      postcode: "AA1 1AA",
      provider_name: "Example Homes",
      ta_type: "Private sector",
      is_bnb: false,
      out_of_district: false,
      bedrooms: 2,
      max_occupants: 4,
      step_free: false,
    },
    suitability: { hard: [], warnings: [] },
  };
  it("gives its error an id that the unit's heading (the summary's link target) references", () => {
    const html = renderToStaticMarkup(<UnitSummary d={d} error="That unit is booked" />);
    expect(html).toContain('id="unit-error"');
    expect(html).toMatch(/<h2 class="govuk-heading-m" id="unit" tabindex="-1" aria-describedby="unit-error">/);
    expect(renderToStaticMarkup(<UnitSummary d={d} />)).not.toContain("unit-error");
  });
});
