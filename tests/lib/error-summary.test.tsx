import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { ErrorSummary } from "~/lib/components/govuk";

describe("the GOV.UK error summary", () => {
  it("lists errors in the given order, then any other field with an error, each linking to its field", () => {
    const html = renderToStaticMarkup(
      <ErrorSummary errors={{ b: "Enter b", a: "Enter a", c: undefined, d: "Enter d" }} order={["a", "b"]} />,
    );
    const links = [...html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ["#a", "Enter a"],
      ["#b", "Enter b"],
      ["#d", "Enter d"],
    ]);
  });
  it("adds what `after` gives beside a message, and nothing when there is no error", () => {
    const html = renderToStaticMarkup(
      <ErrorSummary errors={{ unit: "Booked" }} after={(k) => (k === "unit" ? <span>see it</span> : null)} />,
    );
    expect(html).toContain('<a href="#unit">Booked</a><span>see it</span>');
    expect(renderToStaticMarkup(<ErrorSummary errors={{ a: undefined }} />)).toBe("");
  });
});
