import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { BarChart, LineChart, spreadLabels } from "~/lib/components/charts";

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

  it("end labels that would overlap are spread at least a line apart, inside the plot, in the lines' order", () => {
    // Far apart: each stays where its line ends.
    expect(spreadLabels([20, 100, 200], 14, 10, 250)).toEqual([20, 100, 200]);
    // Two lines ending at the same height: spread evenly about it.
    expect(spreadLabels([100, 100], 14, 10, 250)).toEqual([93, 107]);
    // Three close together, given out of order: the order of the lines' ends is kept.
    expect(spreadLabels([105, 100, 110], 14, 10, 250)).toEqual([105, 91, 119]);
    // At the bottom edge: pushed up, none below the plot.
    expect(spreadLabels([250, 248], 14, 10, 250)).toEqual([250, 236]);
    // A spread cluster that reaches its neighbour merges with it.
    const ys = spreadLabels([50, 60, 70, 74], 14, 10, 250);
    for (let i = 1; i < ys.length; i++) expect(ys[i] - ys[i - 1]).toBeGreaterThanOrEqual(14);
    expect(ys.reduce((a, b) => a + b) / 4).toBeCloseTo((50 + 60 + 70 + 74) / 4, 9);
  });

  it("a line chart's end labels do not overlap when lines end at the same value", () => {
    const html = renderToStaticMarkup(
      <LineChart
        id="e"
        title="Two lines"
        series={[
          {
            name: "Spend",
            points: [
              { x: "Jan", y: 10 },
              { x: "Feb", y: 20 },
            ],
          },
          {
            name: "Budget",
            points: [
              { x: "Jan", y: 12 },
              { x: "Feb", y: 20 },
            ],
          },
        ]}
      />,
    );
    const ys = [
      ...html.matchAll(/<text x="[\d.]+" y="([\d.]+)" font-size="12" fill="#[0-9a-f]+" font-weight="bold">(Spend|Budget)<\/text>/g),
    ].map((m) => Number(m[1]));
    expect(ys).toHaveLength(2);
    expect(Math.abs(ys[0] - ys[1])).toBeGreaterThanOrEqual(14);
  });
});
