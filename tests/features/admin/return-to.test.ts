/** After signing in, only a path of this app: every trick that leads a browser off-site gives "/". */
import { expect, it } from "vitest";
import { safeReturnTo } from "~/features/admin/users.server";

it("keeps a path of this app, with its query and fragment", () => {
  expect(safeReturnTo("/households?q=smith&page=2")).toBe("/households?q=smith&page=2");
  expect(safeReturnTo("/households/12#placements")).toBe("/households/12#placements");
  expect(safeReturnTo("/reports/statutory")).toBe("/reports/statutory");
});

it.each([
  ["a tab after the first slash", "/\t/evil.example"],
  ["a newline after the first slash", "/\n/evil.example"],
  ["CR and LF (a header split)", "/\r\nSet-Cookie: a=b"],
  ["a NUL", "/households\u0000"],
  ["DEL", "/\u007f/evil.example"],
  ["two slashes", "//evil.example"],
  ["three slashes", "///evil.example"],
  ["a backslash", "/\\evil.example"],
  ["a backslash later on", "/households\\..\\\\evil.example"],
  ["a dot segment that leaves two slashes", "/.//evil.example"],
  ["dot segments that leave two slashes", "/a/..//evil.example"],
  ["an absolute URL", "https://evil.example/"],
  ["a scheme-relative URL with a space first", " //evil.example"],
  ["javascript:", "javascript:alert(1)"],
  ["no leading slash", "households"],
  ["the sign-in page", "/sign-in?returnTo=/x"],
  ["the sign-out page", "/sign-out"],
  ["the empty string", ""],
  ["too long", `/${"a".repeat(600)}`],
])("refuses %s", (_, value) => {
  expect(safeReturnTo(value)).toBe("/");
});

it("refuses what is not a string", () => {
  expect(safeReturnTo(null)).toBe("/");
  expect(safeReturnTo(["/households"])).toBe("/");
});

it("gives back the path as the parser reads it: percent-escapes stay escaped, so they never become a second slash", () => {
  expect(safeReturnTo("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  expect(safeReturnTo("/%09/evil.example")).toBe("/%09/evil.example");
  expect(safeReturnTo("/a b")).toBe("/a%20b");
});
