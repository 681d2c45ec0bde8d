import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { BarChart, LineChart } from "~/lib/components/charts";

describe("charts", () => {
  it("a line chart carries its numbers in a table, one row per x value and one column per series", () => {
    const html = renderToStaticMarkup(
      <LineChart
        id="t"
        title="Households in TA"
        series={[
          {
            name: "Families",
            points: [
              { x: "Jan", y: 10 },
              { x: "Feb", y: 12 },
            ],
          },
          {
            name: "Singles",
            points: [
              { x: "Jan", y: 3 },
              { x: "Feb", y: null },
            ],
          },
        ]}
        marker={{ x: "Feb", label: "Change" }}
      />,
    );
    expect(html).toContain('role="img"');
    expect(html).toContain('<title id="t-title">Households in TA</title>');
    const rows = [...html.matchAll(/<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">(\w+)<\/th>(.*?)<\/tr>/g)].map(
      (m) => [m[1], [...m[2].matchAll(/>([^<]*)<\/td>/g)].map((c) => c[1])],
    );
    expect(rows).toEqual([
      ["Jan", ["10", "3"]],
      ["Feb", ["12", ""]],
    ]);
    expect(html).toContain("Change");
    // Two series differ by dash pattern, not only by colour.
    expect(html).toMatch(/stroke-dasharray="6 3"/);
  });

  it("a bar chart labels each bar with its value and tabulates every series", () => {
    const html = renderToStaticMarkup(
      <BarChart
        id="b"
        title="Spend"
        seriesNames={["Gross", "Net"]}
        bars={[{ label: "B&B", values: [500, 200] }]}
        format={(v) => `£${v}`}
      />,
    );
    expect(html).toContain(">£500</text>");
    expect(html).toMatch(
      /<td class="govuk-table__cell govuk-table__cell--numeric">£500<\/td><td class="govuk-table__cell govuk-table__cell--numeric">£200<\/td>/,
    );
  });
});
