/**
 * Every GOV.UK component the app uses, rendered with every fixture from the installed
 * govuk-frontend whose options its port supports, and compared with the fixture's HTML after
 * the normalisation in tests/support/html.ts (whitespace, attribute order, class order).
 * A fixture whose options the port cannot express is skipped, with the reason, and listed.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ReactElement, ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { StaticRouter } from "react-router-dom/server";
import { afterAll, describe, expect, it } from "vitest";
import {
  BackLink,
  Button,
  ButtonLink,
  Checkboxes,
  DateInput,
  ErrorMessage,
  ErrorSummary,
  Input,
  NotificationBanner,
  Pagination,
  Radios,
  Select,
  SummaryList,
  Table,
  Tag,
  Textarea,
  WarningText,
  type DatePart,
  type TagColour,
} from "~/lib/components/govuk";
import { htmlToReact, normalise } from "../support/html";

/**
 * Waypoint's one addition to GOV.UK's table: a table of three or more headed columns stacks on
 * a narrow screen (its class, explicit roles that keep it a table for screen readers when its
 * rows are blocks, and each cell's column label). Taken away, the rest must be GOV.UK's markup.
 */
function withoutStacking(html: string): string {
  if (!html.includes("waypoint-table--stack")) return html;
  return html
    .replace(' class="govuk-table waypoint-table--stack" role="table"', ' class="govuk-table"')
    .replace(/ role="(rowgroup|row|columnheader|rowheader|cell)"/g, "")
    .replace(/ data-label="[^"]*"/g, "");
}

type O = any;

const require = createRequire(import.meta.url);
const COMPONENTS_DIR = path.join(path.dirname(require.resolve("govuk-frontend/package.json")), "dist/govuk/components");
const VERSION = (JSON.parse(readFileSync(path.join(COMPONENTS_DIR, "../../../package.json"), "utf8")) as { version: string }).version;

class Skip extends Error {}
const skip = (why: string): never => {
  throw new Skip(why);
};
/** Skips when the options hold anything but `keys`. */
function only(o: O, keys: string[], where = "") {
  if (o === null || typeof o !== "object") skip(`${where || "options"} is not an object`);
  for (const k of Object.keys(o)) if (!keys.includes(k)) skip(`option ${where}${k}`);
}
function content(x: O, where: string): ReactNode {
  only(x, ["text", "html"], `${where}.`);
  if (x.html !== undefined) return htmlToReact(String(x.html));
  if (x.text === undefined) skip(`${where} without text`);
  return String(x.text);
}
const text = (x: O, where: string): string => {
  only(x, ["text"], where);
  if (typeof x.text !== "string") skip(`${where}.text is not a string`);
  return x.text as string;
};
function label(o: O) {
  only(o, ["text", "html", "classes", "isPageHeading"], "label.");
  const size = o.classes === undefined ? undefined : /^govuk-label--(s|m|l|xl)$/.exec(o.classes)?.[1];
  if (o.classes !== undefined && !size) skip(`label.classes ${o.classes}`);
  return {
    label: content({ text: o.text, html: o.html }, "label"),
    labelSize: size as "s" | "m" | "l" | "xl" | undefined,
    labelIsHeading: o.isPageHeading === true ? true : undefined,
  };
}
function legend(fieldset: O) {
  if (fieldset === undefined) skip("no fieldset (every port of a group has one)");
  only(fieldset, ["legend"], "fieldset.");
  const l = fieldset.legend;
  only(l, ["text", "html", "classes", "isPageHeading"], "fieldset.legend.");
  const size = l.classes === undefined ? null : /^govuk-fieldset__legend--(s|m|l|xl)$/.exec(l.classes)?.[1];
  if (size === undefined) skip(`fieldset.legend.classes ${l.classes}`);
  return {
    legend: content({ text: l.text, html: l.html }, "legend"),
    legendSize: size as "s" | "m" | "l" | "xl" | null,
    legendIsHeading: l.isPageHeading === true ? true : undefined,
  };
}
const hint = (o: O) => (o === undefined ? undefined : content(o, "hint"));
const error = (o: O) => (o === undefined ? undefined : text(o, "errorMessage"));
const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

type Adapter = (o: O) => ReactElement;

function choices(items: O[], kind: "radios" | "checkboxes") {
  const checked: string[] = [];
  const list = items.map((it: O) => {
    if (!it) skip("falsy items");
    if (it.divider !== undefined) {
      only(it, ["divider"], "items[].");
      return { divider: String(it.divider) };
    }
    only(it, ["value", "text", "html", "hint", "checked", "conditional", ...(kind === "checkboxes" ? ["behaviour"] : [])], "items[].");
    if (it.checked) checked.push(String(it.value));
    if (it.checked === false) skip("items[].checked false overriding value");
    if (it.behaviour !== undefined && it.behaviour !== "exclusive") skip(`behaviour ${it.behaviour}`);
    if (it.conditional !== undefined) {
      only(it.conditional, ["html"], "items[].conditional.");
      if (!it.conditional.html) skip("empty conditional");
    }
    return {
      value: String(it.value),
      label: content({ text: it.text, html: it.html }, "items[]"),
      hint: hint(it.hint),
      conditional: it.conditional ? htmlToReact(String(it.conditional.html)) : undefined,
      exclusive: it.behaviour === "exclusive" ? true : undefined,
    };
  });
  return { list, checked };
}

const ADAPTERS: Record<string, Adapter> = {
  input(o) {
    only(o, [
      "label",
      "name",
      "id",
      "hint",
      "errorMessage",
      "classes",
      "prefix",
      "suffix",
      "value",
      "type",
      "inputmode",
      "autocomplete",
      "spellcheck",
    ]);
    let width: O;
    if (o.classes !== undefined) {
      width = o.classes === "govuk-!-width-full" ? "full" : /^govuk-input--width-(2|3|4|5|10|20|30)$/.exec(o.classes)?.[1];
      if (!width) skip(`classes ${o.classes}`);
    }
    return (
      <Input
        name={o.name}
        id={o.id}
        {...label(o.label)}
        hint={hint(o.hint)}
        error={error(o.errorMessage)}
        width={width}
        prefix={o.prefix === undefined ? undefined : text(o.prefix, "prefix")}
        suffix={o.suffix === undefined ? undefined : text(o.suffix, "suffix")}
        defaultValue={o.value}
        type={o.type}
        inputMode={o.inputmode}
        autoComplete={o.autocomplete}
        spellCheck={o.spellcheck}
      />
    );
  },
  textarea(o) {
    only(o, ["name", "id", "label", "hint", "errorMessage", "value", "rows", "autocomplete", "spellcheck"]);
    return (
      <Textarea
        name={o.name}
        id={o.id}
        {...label(o.label)}
        hint={hint(o.hint)}
        error={error(o.errorMessage)}
        defaultValue={o.value}
        rows={o.rows}
        autoComplete={o.autocomplete}
        spellCheck={o.spellcheck}
      />
    );
  },
  select(o) {
    only(o, ["name", "id", "label", "hint", "errorMessage", "items", "value"]);
    if (!Array.isArray(o.items)) skip("no items");
    const items = (o.items as O[]).map((it) => {
      if (!it) skip("falsy items");
      only(it, ["value", "text", "selected"], "items[].");
      if (it.value === undefined) skip("items without values");
      if (it.selected === false) skip("items[].selected false overriding value");
      return it;
    });
    const selected = items.find((it) => it.selected)?.value ?? o.value;
    return (
      <Select
        name={o.name}
        id={o.id}
        {...label(o.label)}
        hint={hint(o.hint)}
        error={error(o.errorMessage)}
        options={items.map((it) => ({ value: String(it.value), label: String(it.text) }))}
        defaultValue={str(selected)}
      />
    );
  },
  "date-input"(o) {
    only(o, ["id", "namePrefix", "fieldset", "hint", "errorMessage", "values", "day", "month", "year", "items"]);
    const parts: DatePart[] = ["day", "month", "year"];
    const flags: Partial<Record<DatePart, boolean>> = {};
    if (o.items !== undefined) {
      if (!Array.isArray(o.items) || o.items.length !== 3) skip("items other than day, month and year");
      const widths = { day: "govuk-input--width-2", month: "govuk-input--width-2", year: "govuk-input--width-4" };
      (o.items as O[]).forEach((it, i) => {
        only(it, ["name", "classes", "error"], "items[].");
        if (it.name !== parts[i] || it.classes !== widths[parts[i]]) skip("items with other names or classes");
        if (it.error !== undefined) flags[parts[i]] = it.error;
      });
    }
    for (const p of parts) {
      if (o[p] === undefined) continue;
      if (o[p] === false) skip(`${p}: false (a date without a ${p})`);
      only(o[p], ["error"], `${p}.`);
      flags[p] = o[p].error;
    }
    // GOV.UK marks the parts flagged in error; with none flagged, every part not flagged false when there is a message.
    const anyTrue = parts.some((p) => flags[p] === true);
    const errorParts =
      Object.keys(flags).length === 0
        ? undefined
        : anyTrue
          ? parts.filter((p) => flags[p] === true)
          : o.errorMessage
            ? parts.filter((p) => flags[p] !== false)
            : [];
    const prefix = o.namePrefix ? `${o.namePrefix}-` : "";
    const v = o.values ?? {};
    if (o.values) for (const k of Object.keys(v)) if (!parts.some((p) => k === `${prefix}${p}`)) skip(`values.${k}`);
    return (
      <DateInput
        name={o.namePrefix ?? ""}
        id={o.id}
        {...legend(o.fieldset)}
        hint={hint(o.hint)}
        error={error(o.errorMessage)}
        errorParts={errorParts}
        value={
          o.values
            ? { day: str(v[`${prefix}day`]) ?? "", month: str(v[`${prefix}month`]) ?? "", year: str(v[`${prefix}year`]) ?? "" }
            : undefined
        }
      />
    );
  },
  radios(o) {
    only(o, ["name", "idPrefix", "fieldset", "hint", "errorMessage", "items", "classes", "value"]);
    const cls = (o.classes ?? "").split(/\s+/).filter(Boolean) as string[];
    for (const c of cls) if (c !== "govuk-radios--inline" && c !== "govuk-radios--small") skip(`classes ${c}`);
    const { list, checked } = choices(o.items, "radios");
    return (
      <Radios
        name={o.name}
        idPrefix={o.idPrefix}
        {...legend(o.fieldset)}
        hint={hint(o.hint)}
        error={error(o.errorMessage)}
        choices={list}
        defaultValue={checked[0] ?? str(o.value)}
        inline={cls.includes("govuk-radios--inline") || undefined}
        small={cls.includes("govuk-radios--small") || undefined}
      />
    );
  },
  checkboxes(o) {
    only(o, ["name", "idPrefix", "fieldset", "hint", "errorMessage", "items", "classes", "values"]);
    if (o.classes !== undefined && o.classes !== "govuk-checkboxes--small") skip(`classes ${o.classes}`);
    const { list, checked } = choices(o.items, "checkboxes");
    return (
      <Checkboxes
        name={o.name}
        idPrefix={o.idPrefix}
        {...legend(o.fieldset)}
        hint={hint(o.hint)}
        error={error(o.errorMessage)}
        choices={list}
        defaultValues={[...checked, ...((o.values ?? []) as unknown[]).map(String)]}
        small={o.classes === "govuk-checkboxes--small" || undefined}
      />
    );
  },
  button(o) {
    only(o, ["text", "html", "name", "value", "classes", "href"]);
    if (o.classes !== undefined && o.classes !== "govuk-button--secondary" && o.classes !== "govuk-button--warning")
      skip(`classes ${o.classes}`);
    const children = content({ text: o.text, html: o.html }, "button");
    if (o.href !== undefined) {
      if (o.name !== undefined || o.value !== undefined) skip("a link with a name or value");
      return (
        <ButtonLink to={o.href} secondary={o.classes === "govuk-button--secondary" || undefined}>
          {children}
        </ButtonLink>
      );
    }
    return (
      <Button
        name={o.name}
        value={o.value}
        secondary={o.classes === "govuk-button--secondary" || undefined}
        warning={o.classes === "govuk-button--warning" || undefined}
      >
        {children}
      </Button>
    );
  },
  tag(o) {
    only(o, ["text", "html", "classes"]);
    const colour = o.classes === undefined ? undefined : /^govuk-tag--([a-z]+)$/.exec(o.classes)?.[1];
    if (o.classes !== undefined && !colour) skip(`classes ${o.classes}`);
    return <Tag colour={colour as TagColour}>{content({ text: o.text, html: o.html }, "tag")}</Tag>;
  },
  "warning-text"(o) {
    only(o, ["text", "html", "iconFallbackText"]);
    if (o.iconFallbackText !== undefined && o.iconFallbackText !== "Warning") skip("iconFallbackText other than Warning");
    return <WarningText>{content({ text: o.text, html: o.html }, "warning")}</WarningText>;
  },
  "notification-banner"(o) {
    only(o, ["text", "html", "type", "titleText"]);
    if (o.type !== undefined && o.type !== "success") skip(`type ${o.type}`);
    if (o.html !== undefined && o.text !== undefined) skip("both text and html");
    return (
      <NotificationBanner success={o.type === "success" || undefined} title={o.titleText} heading={o.text}>
        {o.html !== undefined ? htmlToReact(String(o.html)) : null}
      </NotificationBanner>
    );
  },
  "summary-list"(o) {
    only(o, ["rows"]);
    const rows = (o.rows as O[]).map((r) => {
      if (!r) skip("falsy rows");
      only(r, ["key", "value", "actions"], "rows[].");
      let action: ReactNode;
      if (r.actions !== undefined) {
        only(r.actions, ["items"], "rows[].actions.");
        if (r.actions.items.length !== 1) skip("a row with other than one action");
        const a = r.actions.items[0];
        only(a, ["href", "text", "visuallyHiddenText"], "rows[].actions.items[].");
        action = (
          <a className="govuk-link" href={a.href}>
            {a.text}
            {a.visuallyHiddenText ? <span className="govuk-visually-hidden"> {a.visuallyHiddenText}</span> : null}
          </a>
        );
      }
      return { key: content(r.key, "rows[].key"), value: content(r.value, "rows[].value"), action };
    });
    return <SummaryList rows={rows} />;
  },
  table(o) {
    only(o, ["rows", "head", "caption", "captionClasses", "firstCellIsHeader"]);
    const size = o.captionClasses === undefined ? undefined : /^govuk-table__caption--(s|m|l)$/.exec(o.captionClasses)?.[1];
    if (o.caption !== undefined && !size) skip("caption without a size class");
    const rows = (o.rows as O[]).map((r) => {
      if (!r) skip("falsy rows");
      for (const c of r) only(c, ["text", "html", "format"], "rows[][].");
      return r as O[];
    });
    const width = Math.max(...rows.map((r) => r.length), o.head?.length ?? 0);
    const numeric = (j: number) => {
      const formats = [o.head?.[j], ...rows.map((r) => r[j])].filter(Boolean).map((c: O) => c.format === "numeric");
      if (new Set(formats).size > 1) skip("a column that is numeric in some cells only");
      return formats[0] ?? false;
    };
    const columns = Array.from({ length: width }, (_, j) => {
      if (o.head) only(o.head[j], ["text", "html", "format"], "head[].");
      return {
        header: o.head ? content({ text: o.head[j].text, html: o.head[j].html }, "head[]") : undefined,
        cell: (r: O[]) => content({ text: r[j].text, html: r[j].html }, "rows[][]"),
        numeric: numeric(j) || undefined,
      };
    });
    return (
      <Table
        caption={o.caption}
        captionSize={size as "s" | "m" | "l" | undefined}
        columns={columns}
        rows={rows}
        rowKey={(_, i) => i}
        firstCellIsHeader={o.firstCellIsHeader}
      />
    );
  },
  "back-link"(o) {
    only(o, ["href", "text", "html"]);
    if (o.href === undefined) skip("href # (a router link resolves “#” to the current path; every back link in the app has a path)");
    return (
      <BackLink to={o.href}>
        {o.text === undefined && o.html === undefined ? undefined : content({ text: o.text, html: o.html }, "back-link")}
      </BackLink>
    );
  },
  pagination(o) {
    only(o, ["previous", "next", "items"]);
    if (!Array.isArray(o.items)) skip("no numbered items (the port always numbers its pages)");
    const items = (o.items as O[]).map((it) => {
      if (!it) skip("falsy items");
      only(it, ["number", "href", "current", "ellipsis"], "items[].");
      if (it.number !== undefined && (typeof it.number !== "number" || it.href !== `/page/${it.number}`))
        skip("items that are not numbered /page/N");
      return it;
    });
    const page = items.find((it) => it.current)?.number as number;
    const pages = Math.max(...items.filter((it) => it.number !== undefined).map((it) => it.number as number));
    for (const k of ["previous", "next"]) if (o[k] !== undefined) only(o[k], ["href"], `${k}.`);
    if (page > 1 !== (o.previous !== undefined) || page < pages !== (o.next !== undefined))
      skip("previous/next links other than the neighbouring pages");
    return (
      <Pagination
        page={page}
        pages={pages}
        href={(p, rel) => (rel === "prev" ? o.previous.href : rel === "next" ? o.next.href : `/page/${p}`)}
      />
    );
  },
  "error-summary"(o) {
    only(o, ["titleText", "errorList"]);
    if (o.titleText !== "There is a problem") skip("a title other than “There is a problem”");
    if (!Array.isArray(o.errorList) || o.errorList.length === 0) skip("no errors (the port renders nothing then)");
    const errors: Record<string, string> = {};
    const targets: Record<string, string> = {};
    (o.errorList as O[]).forEach((e, i) => {
      only(e, ["text", "href"], "errorList[].");
      if (e.href === undefined) errors[`_${i}`] = String(e.text);
      else {
        if (!/^#[A-Za-z][\w-]*$/.test(e.href)) skip(`href ${e.href}`);
        errors[`k${i}`] = String(e.text);
        targets[`k${i}`] = e.href.slice(1);
      }
    });
    return <ErrorSummary errors={errors} order={Object.keys(errors)} targets={targets} />;
  },
  "error-message"(o) {
    only(o, ["text", "id"]);
    if (o.id !== undefined && !/-error$/.test(o.id)) skip("an id not ending -error (the port names it <field>-error)");
    return <ErrorMessage id={o.id?.replace(/-error$/, "")} message={text({ text: o.text }, "error-message")} />;
  },
};

interface Fixture {
  name: string;
  options: O;
  html: string;
}
const results: { component: string; fixture: string; status: "matched" | "differs" | "skipped"; why?: string }[] = [];
const components = Object.keys(ADAPTERS);

for (const component of components) {
  const fixtures = (JSON.parse(readFileSync(path.join(COMPONENTS_DIR, component, "fixtures.json"), "utf8")) as { fixtures: Fixture[] })
    .fixtures;
  describe(`GOV.UK ${component} (govuk-frontend ${VERSION})`, () => {
    it("accounts for every fixture: compared, or skipped with a reason", () => {
      const skipped = results.filter((r) => r.component === component && r.status === "skipped");
      for (const r of skipped) expect(r.why).toMatch(/\w/);
      expect(fixtures.length - skipped.length).toBeGreaterThan(0);
    });
    for (const f of fixtures) {
      let element: ReactElement | undefined;
      try {
        element = ADAPTERS[component](f.options);
      } catch (e) {
        if (!(e instanceof Skip)) throw e;
        results.push({ component, fixture: f.name, status: "skipped", why: e.message });
      }
      if (!element) continue;
      const el = element;
      it(`matches the fixture “${f.name}”`, () => {
        const rendered = renderToStaticMarkup(<StaticRouter location="/">{el}</StaticRouter>);
        const html = component === "table" ? withoutStacking(rendered) : rendered;
        const ok = normalise(html) === normalise(f.html);
        results.push({ component, fixture: f.name, status: ok ? "matched" : "differs" });
        expect(normalise(html)).toBe(normalise(f.html));
      });
    }
  });
}

afterAll(() => {
  const count = (s: string) => results.filter((r) => r.status === s).length;
  const compared = count("matched") + count("differs");
  const lines = [
    `GOV.UK fixtures (govuk-frontend ${VERSION}), ${components.length} components: compared ${compared}, matched ${count("matched")}, skipped ${count("skipped")}`,
    ...results.filter((r) => r.status === "skipped").map((r) => `  skipped ${r.component} “${r.fixture}”: ${r.why}`),
  ];
  console.log(lines.join("\n"));
});

describe("the fixture suite itself", () => {
  it("compares a good share of the fixtures, so a port cannot pass by skipping them", () => {
    const supported = components
      .map(
        (c) => (JSON.parse(readFileSync(path.join(COMPONENTS_DIR, c, "fixtures.json"), "utf8")) as { fixtures: Fixture[] }).fixtures.length,
      )
      .reduce((a, b) => a + b, 0);
    const skipped = results.filter((r) => r.status === "skipped").length;
    expect(supported - skipped).toBeGreaterThanOrEqual(150);
  });
  it("tells a fixture from a near miss (the normalisation is not too forgiving)", () => {
    expect(normalise('<p class="b a">x <span>y</span></p>')).toBe(normalise('<p class="a b">\n  x <span>y</span>\n</p>'));
    expect(normalise("<strong><span>Warning</span>The</strong>")).not.toBe(normalise("<strong><span>Warning</span> The</strong>"));
    expect(normalise('<input id="a" checked>')).toBe(normalise('<input checked="" id="a"/>'));
    expect(normalise('<input id="a">')).not.toBe(normalise('<input id="b">'));
  });
});
