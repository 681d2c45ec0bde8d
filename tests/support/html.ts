/**
 * A small HTML reader for comparing the GOV.UK ports with govuk-frontend's fixtures.
 *
 * The normalisation (documented in docs/decisions/0040-govuk-fixture-suite.md):
 * - attributes are sorted by name; a bare attribute (`checked`) equals an empty one (`checked=""`);
 * - class tokens are sorted and de-duplicated;
 * - character references are decoded (`&#39;`, `&#x27;` and `'` are the same text);
 * - a run of whitespace in text is one space; text that is only whitespace is dropped;
 *   whitespace just inside an element's start or end tag is dropped, but whitespace between a
 *   closing tag and text is kept (so "Warning</span>The" differs from "Warning</span> The");
 * - `data-discover` (which Remix's `<Link>` adds for route discovery) is dropped.
 * Nothing else is forgiven: element names, nesting, attribute values and text must agree.
 */
import { createElement, type ReactNode } from "react";

export type Token =
  { type: "open"; tag: string; attrs: [string, string][] } | { type: "close"; tag: string } | { type: "text"; text: string };

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "path"]);
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ctdot: "\u22ef" };

export function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return NAMED[e] ?? m;
  });
}

export function tokenize(html: string): Token[] {
  const out: Token[] = [];
  const re = /<!--[\s\S]*?-->|<\/([a-zA-Z0-9]+)\s*>|<([a-zA-Z0-9]+)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>/g;
  let last = 0;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m.index > last) out.push({ type: "text", text: decode(html.slice(last, m.index)) });
    last = re.lastIndex;
    if (m[0].startsWith("<!--")) continue;
    if (m[1]) {
      out.push({ type: "close", tag: m[1].toLowerCase() });
      continue;
    }
    const tag = m[2].toLowerCase();
    const attrs: [string, string][] = [];
    const are = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
    for (let a = are.exec(m[3]); a; a = are.exec(m[3])) attrs.push([a[1].toLowerCase(), decode(a[2] ?? a[3] ?? a[4] ?? "")]);
    out.push({ type: "open", tag, attrs });
    if (VOID.has(tag) || m[4] === "/") out.push({ type: "close", tag });
  }
  if (last < html.length) out.push({ type: "text", text: decode(html.slice(last)) });
  return out;
}

const DROPPED = new Set(["data-discover"]);
const escText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const escAttr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

/** The normalised form of an HTML fragment, one tag or text per line (so a diff is readable). */
export function normalise(html: string): string {
  const tokens = tokenize(html);
  const lines: string[] = [];
  tokens.forEach((t, i) => {
    if (t.type === "open") {
      const attrs = t.attrs
        .filter(([n]) => !DROPPED.has(n))
        .map(([n, v]): [string, string] => [
          n,
          n === "class" ? [...new Set(v.split(/\s+/).filter(Boolean))].sort().join(" ") : v.replace(/\s+/g, " ").trim(),
        ])
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      lines.push(`<${t.tag}${attrs.map(([n, v]) => ` ${n}="${escAttr(v)}"`).join("")}>`);
    } else if (t.type === "close") {
      if (!VOID.has(t.tag)) lines.push(`</${t.tag}>`);
    } else {
      let s = t.text.replace(/\s+/g, " ");
      if (s.trim() === "") return;
      const prev = tokens[i - 1];
      const next = tokens[i + 1];
      if (!prev || prev.type === "open") s = s.replace(/^ /, "");
      if (!next || next.type === "close") s = s.replace(/ $/, "");
      lines.push(escText(s));
    }
  });
  // Adjacent text tokens (React may split text) are joined.
  const joined: string[] = [];
  for (const l of lines) {
    const prev = joined[joined.length - 1];
    if (prev !== undefined && !prev.startsWith("<") && !l.startsWith("<")) joined[joined.length - 1] = prev + l;
    else joined.push(l);
  }
  return joined.join("\n");
}

const REACT_ATTR: Record<string, string> = {
  class: "className",
  for: "htmlFor",
  tabindex: "tabIndex",
  readonly: "readOnly",
  maxlength: "maxLength",
};

/** Turns fixture HTML (the `html` options) into React nodes, so a port can be given it as children. */
export function htmlToReact(html: string): ReactNode {
  const tokens = tokenize(html);
  let i = 0;
  let key = 0;
  const children = (until?: string): ReactNode[] => {
    const out: ReactNode[] = [];
    while (i < tokens.length) {
      const t = tokens[i++];
      if (t.type === "close") {
        if (t.tag === until) return out;
        continue;
      }
      if (t.type === "text") {
        out.push(t.text);
        continue;
      }
      const props: Record<string, unknown> = { key: key++ };
      for (const [n, v] of t.attrs) props[REACT_ATTR[n] ?? n] = n === "value" ? undefined : v;
      for (const [n, v] of t.attrs) if (n === "value") props.defaultValue = v;
      if (VOID.has(t.tag)) {
        i++; // its close token
        out.push(createElement(t.tag, props));
      } else if (t.tag === "textarea") {
        const inner = children(t.tag);
        out.push(createElement(t.tag, { ...props, defaultValue: inner.join("") }));
      } else {
        out.push(createElement(t.tag, props, ...children(t.tag)));
      }
    }
    return out;
  };
  const nodes = children();
  return nodes.length === 1 ? nodes[0] : nodes;
}
