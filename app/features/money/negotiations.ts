/** Labels for rate negotiations, safe for the browser bundle. */
import type { TagColour } from "~/lib/components/govuk";

export const NEGOTIATION_STATUS: Record<string, { label: string; colour: TagColour }> = {
  asked: { label: "Asked", colour: "purple" },
  offered: { label: "Offered", colour: "yellow" },
  agreed: { label: "Agreed", colour: "green" },
  refused: { label: "Refused", colour: "red" },
};

/** Basis points as a signed percentage: -1000 -> "-10%", 350 -> "+3.5%". */
export function formatChange(basisPoints: number): string {
  const s = (Math.abs(basisPoints) / 100).toFixed(2).replace(/\.?0+$/, "");
  return `${basisPoints < 0 ? "-" : basisPoints > 0 ? "+" : ""}${s}%`;
}
