/** The demo accounts, one per role, shown on the sign-in page only in demo mode. */
import type { Role } from "~/lib/vocabulary";

export const DEMO_PASSWORD = "waypoint-demo-2026";
export const DEMO_USERS: { email: string; name: string; role: Role }[] = [
  { email: "officer@demo.waypoint.test", name: "Olu Officer", role: "officer" },
  { email: "manager@demo.waypoint.test", name: "Mina Manager", role: "manager" },
  { email: "analyst@demo.waypoint.test", name: "Ana Analyst", role: "analyst" },
  { email: "admin@demo.waypoint.test", name: "Adi Administrator", role: "administrator" },
];
