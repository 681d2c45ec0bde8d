/** The spend views managers see, shared by the page (browser) and the CSV downloads (server). */
export type SpendView = "month" | "ta_type" | "provider" | "district";
export const SPEND_VIEWS: Record<SpendView, string> = {
  month: "Spend per month, last 24 months",
  ta_type: "Spend per type of accommodation, this financial year to date",
  provider: "Spend per provider, this financial year to date",
  district: "Spend per district, this financial year to date",
};

/** The LHA size categories, in the order of the published tables. */
export const LHA_CATEGORIES = [
  { code: "shared", label: "Shared accommodation" },
  { code: "1bed", label: "1 bedroom" },
  { code: "2bed", label: "2 bedrooms" },
  { code: "3bed", label: "3 bedrooms" },
  { code: "4bed", label: "4 bedrooms" },
] as const;
