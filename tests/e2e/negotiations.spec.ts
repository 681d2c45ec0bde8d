import { test, expect } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers";

test("a manager records a negotiation, is refused without an effective date, agrees it and sees the new rates, the history and the saving", async ({
  page,
}) => {
  await signIn(page, "manager");
  await page.goto("/money");
  await page.getByRole("link", { name: "Rate negotiations" }).click();
  await expect(page.getByRole("heading", { name: "Rate negotiations", level: 1 })).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page);
  await page.getByRole("button", { name: "Record a negotiation" }).click();

  // Bad input: an absurd percentage is refused and nothing saved.
  await page.getByLabel("Provider").selectOption({ index: 1 });
  const provider = (await page.getByLabel("Provider").locator("option:checked").innerText()).trim();
  await page.getByLabel("Day").fill("1");
  await page.getByLabel("Month").fill("9");
  await page.getByLabel("Year").fill("2026");
  await page.getByLabel("Change asked for, in per cent").fill("-80");
  await page.getByRole("button", { name: "Record the negotiation" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("The percentage change must be between -50 and 100");
  await expectAccessible(page);
  await page.getByLabel("Change asked for, in per cent").fill("-5");
  await page.getByRole("button", { name: "Record the negotiation" }).click();
  await expect(page.getByRole("heading", { name: `${provider}: -5%`, level: 1 })).toBeVisible();

  // Agreeing with no effective date is refused with a clear message.
  const agree = page.locator("form", { has: page.getByRole("button", { name: "Agree and change the rates" }) });
  await agree.getByRole("group", { name: "Date it was agreed" }).getByLabel("Day").fill("20");
  await agree.getByRole("group", { name: "Date it was agreed" }).getByLabel("Month").fill("9");
  await agree.getByRole("group", { name: "Date it was agreed" }).getByLabel("Year").fill("2026");
  await page.getByRole("button", { name: "Agree and change the rates" }).click();
  await expect(page.locator(".govuk-error-summary")).toContainText("Enter the date the new rates start");
  await expectAccessible(page);

  await agree.getByRole("group", { name: "Date the new rates start" }).getByLabel("Day").fill("5");
  await agree.getByRole("group", { name: "Date the new rates start" }).getByLabel("Month").fill("10");
  await agree.getByRole("group", { name: "Date the new rates start" }).getByLabel("Year").fill("2026");
  await page.getByRole("button", { name: "Agree and change the rates" }).click();
  await expect(page.locator(".govuk-notification-banner")).toContainText(/Agreed: \d+ units? ha(s|ve) a new rate from 5 October 2026/);
  await expect(page.locator(".govuk-summary-list")).toContainText("Agreed");
  const history = page.getByRole("table", { name: "History" });
  await expect(history).toContainText("Asked");
  await expect(history).toContainText("Agreed");
  await expectAccessible(page);

  // The first unit's new rate is 95% of the one before, and its rates page shows it from 5 October.
  const first = page.getByRole("table", { name: "New rates" }).locator("tbody tr").first();
  const cells = await first.locator("th,td").allInnerTexts();
  const pence = (s: string) => Math.round(Number(s.replace(/[£,]/g, "")) * 100);
  expect(pence(cells[3])).toBe(Math.round((pence(cells[2]) * 95) / 100));
  await first.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(cells[0]);
  await expect(page.locator("main")).toContainText("5 October 2026");
  await expect(page.locator("main")).toContainText(cells[3]);
  const changes = page.getByRole("table", { name: "Changes to this unit's rates" });
  await expect(changes.locator("tbody tr").first()).toContainText(/agreed negotiation \d+/);
  await expect(changes.locator("tbody tr").first()).toContainText(`${cells[3]} a ${cells[1]} from 5 October 2026`);
  await expectAccessible(page);

  // The saving table has October and November (to last night) with a positive saving.
  await page.goto("/money/negotiations");
  const saving = page.getByRole("table", { name: "Saving from agreed negotiations, by month" });
  await expect(saving).toContainText("2026-10");
  await expect(saving).toContainText("2026-11");
  await expectAccessible(page);
});
