import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseImportBatch, parseImportFile } from "../../support/reference-import";
import {
  DEFAULT_TA_TYPES,
  IMPORT_FILE_KINDS,
  IMPORT_TEMPLATE,
  blankTemplateCsv,
  describeFormat,
  fileKindFromName,
} from "~/features/import/template";
import * as categories from "~/lib/vocabulary";
import { GOOD, TODAY, goodFiles } from "./fixtures";

const DOC = readFileSync(new URL("../../../docs/import-template.md", import.meta.url), "utf8");

describe("the template definition", () => {
  it("gives a blank template of each file as one header row, which reads without a problem", async () => {
    expect(blankTemplateCsv("placements")).toBe("\uFEFFcase_ref,unit_ref,start_date,end_date,end_reason,destination,duty\r\n");
    expect(blankTemplateCsv("unit_rates", { bom: false })).toBe("unit_ref,nightly_rate,effective_from,weekly_rate\r\n");
    for (const kind of IMPORT_FILE_KINDS) {
      const parsed = await parseImportFile(IMPORT_TEMPLATE[kind].fileName, Buffer.from(blankTemplateCsv(kind)));
      expect(parsed, kind).toMatchObject({ problems: [], rowsRead: 0, readable: true });
    }
  });

  it("knows each file by name, in any case", () => {
    expect(fileKindFromName("UNIT_RATES.csv")).toBe("unit_rates");
    expect(fileKindFromName("C:\\exports\\members.csv")).toBe("members");
    expect(fileKindFromName("members.xlsx")).toBeNull();
  });

  it("describes formats for the documentation page", () => {
    const taType = IMPORT_TEMPLATE.units.columns.find((c) => c.name === "ta_type")!;
    expect(describeFormat(taType.format, ["bnb", "refuge"])).toBe("One of: bnb, refuge");
    const rate = IMPORT_TEMPLATE.unit_rates.columns.find((c) => c.name === "nightly_rate")!;
    expect(describeFormat(rate.format)).toBe("Pounds and pence, like 57.00 or £57; from £0.00 to £5,000.00");
  });

  it("takes its codes from the one vocabulary", () => {
    const codes = (kind: keyof typeof IMPORT_TEMPLATE, column: string) => {
      const format = IMPORT_TEMPLATE[kind].columns.find((c) => c.name === column)!.format;
      return format.type === "code" ? [...format.values] : null;
    };
    expect(codes("households", "duty")).toEqual(Object.keys(categories.DUTIES));
    expect(codes("placements", "destination")).toEqual(Object.keys(categories.DESTINATIONS));
    expect(codes("providers", "provider_type")).toEqual(Object.keys(categories.PROVIDER_TYPES));
    expect([...DEFAULT_TA_TYPES]).toEqual(categories.TA1_CATEGORIES.map((c) => c.code));
    expect(codes("members", "relationship")).toEqual(["lead", "partner", "child", "other_adult"]);
    expect(codes("members", "sex")).toEqual(["female", "male"]);
  });

  it("gives every column an example that its own parser accepts", async () => {
    for (const kind of IMPORT_FILE_KINDS) {
      const columns = IMPORT_TEMPLATE[kind].columns.filter((c) => c.example !== "");
      const csv = `${columns.map((c) => c.name).join(",")}\n${columns.map((c) => JSON.stringify(c.example)).join(",")}\n`;
      const parsed = await parseImportFile(IMPORT_TEMPLATE[kind].fileName, csv, { today: TODAY });
      expect(
        parsed.problems.filter((p) => p.severity === "error" && p.row === 2 && p.column !== "destination"),
        kind,
      ).toEqual([]);
    }
  });
});

describe("docs/import-template.md", () => {
  it("lists the same columns as the template, required and optional alike, in the same order", () => {
    for (const kind of IMPORT_FILE_KINDS) {
      const file = IMPORT_TEMPLATE[kind];
      const start = DOC.indexOf(`### \`${file.fileName}\``);
      expect(start, file.fileName).toBeGreaterThan(-1);
      const end = DOC.slice(start + 4).search(/\n##/);
      const section = DOC.slice(start, start + 4 + end);
      const documented = [...section.matchAll(/^\| `([a-z0-9_]+)` \| (Required|Optional) \|/gm)].map((m) => [m[1], m[2] === "Required"]);
      expect(documented, file.fileName).toEqual(file.columns.map((c) => [c.name, c.required]));
    }
  });

  it("has a worked example that is the tested good set, and imports without a problem", async () => {
    const blocks = [...DOC.matchAll(/\*\*([a-z_]+\.csv)\*\*\n\n```csv\n([\s\S]*?)```/g)].map((m) => ({ name: m[1], content: m[2] }));
    expect(blocks.map((b) => b.name)).toEqual(Object.keys(GOOD));
    for (const b of blocks) expect(b.content, b.name).toBe(GOOD[b.name as keyof typeof GOOD]);
    const batch = await parseImportBatch(blocks, { today: TODAY });
    expect(batch.problems).toEqual([]);
  });

  it("shows the messages the importer gives for the example's mistakes", async () => {
    const batch = await parseImportBatch(
      goodFiles({
        "members.csv":
          GOOD["members.csv"].replace("Yusuf Hassan,2016-03-02", "Yusuf Hassan,31/02/2016") +
          "HL/2025/00999,Sam Jones,2001-02-03,child,,\n",
        "unit_rates.csv": GOOD["unit_rates.csv"].replace("£64.50", "£64.5"),
        "placements.csv": GOOD["placements.csv"].replace("HL/2025/00125,SH-101,20/06/2025", "HL/2025/00125,SH-101,2025-06-19"),
      }),
      { today: TODAY },
    );
    const table = batch.problems.map((p) => `| \`${p.file}\` | ${p.row} | \`${p.column}\` | \`${p.value}\` | ${p.message} |`).sort();
    const documented = DOC.split("\n")
      .filter((l) => /^\| `[a-z_]+\.csv` \| \d+ \|/.test(l))
      .sort();
    expect(table).toEqual(documented);
  });
});
