/** The form helpers every action uses: ids are digits only, and control characters never reach the database. */
import { describe, expect, it } from "vitest";
import { badRequest, idParam, readForm, withoutControlCharacters } from "~/lib/forms.server";

describe("ids", () => {
  it("take digits only", () => {
    expect(idParam.safeParse("42").data).toBe(42);
    expect(idParam.safeParse(42).data).toBe(42);
    for (const bad of ["1e3", "0x1", " 12", "12.0", "-1", "0", "", "abc", "99999999999999999999", null, undefined]) {
      expect(idParam.safeParse(bad).success, String(bad)).toBe(false);
    }
  });
});

describe("reading a form", () => {
  const post = (body: BodyInit, type: string | null) =>
    new Request("http://waypoint.test/x", { method: "POST", body, headers: type ? { "content-type": type } : {} });

  it("takes control characters out of every name and value, keeping tabs and line breaks", async () => {
    const form = await readForm(post("name=A%00B%01C&notes=one%0D%0Atwo%09three&x%00y=1", "application/x-www-form-urlencoded"));
    expect([...form.entries()]).toEqual([
      ["name", "ABC"],
      ["notes", "one\r\ntwo\tthree"],
      ["xy", "1"],
    ]);
    expect(withoutControlCharacters("\u0000\u0008\u000b\u000c\u001b\u007fok")).toBe("ok");
  });

  it("answers 400 to a body that is not a form", async () => {
    for (const [body, type] of [
      ['{"name":"x"}', "application/json"],
      ["name=x", null],
      ['--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end', "multipart/form-data; boundary=b"],
      ["name=x", "multipart/form-data"],
    ] as const) {
      const thrown = await readForm(post(body, type)).catch((e: unknown) => e);
      expect(thrown, `${type}: ${body}`).toBeInstanceOf(Response);
      expect((thrown as Response).status).toBe(badRequest().status);
    }
  });
});
