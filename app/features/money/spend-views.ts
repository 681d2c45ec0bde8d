/** The spend views managers see, shared by the page (browser) and the CSV downloads (server). */
export type SpendView = "month" | "ta_type" | "provider" | "district";
export const SPEND_VIEWS: Record<SpendView, string> = {
  month: "Spend per month, last 24 months",
  ta_type: "Spend per type of accommodation, this financial year to date",
  provider: "Spend per provider, this financial year to date",
  district: "Spend per district, this financial year to date",
};
