/**
 * The project's vocabulary, defined once: each set of codes with the words users see.
 * The database types (app/lib/db/schema.ts), the form checks (zod), the import template
 * and every label read these. The database's CHECK constraints hold the same codes
 * (tests/lib/vocabulary.db.test.ts compares them).
 */

/** The codes of a labelled set, as zod's enum and the template's code columns want them. */
export function codesOf<T extends Record<string, string>>(labels: T): [keyof T & string, ...(keyof T & string)[]] {
  return Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]];
}

/** The choices of a labelled set for radios and selects, in its order. */
export function choicesOf<T extends Record<string, string>>(labels: T): { value: keyof T & string; label: string }[] {
  return Object.entries(labels).map(([value, label]) => ({ value: value as keyof T & string, label }));
}

export const ROLES = {
  officer: "Housing officer",
  manager: "Manager",
  analyst: "Analyst",
  administrator: "Administrator",
} as const;
export type Role = keyof typeof ROLES;

/** The duty under which a household is accommodated (Housing Act 1996 Part 7). */
export const DUTIES = {
  s188: "Interim duty (s188)",
  s190: "Intentionally homeless (s190)",
  s193: "Main duty (s193)",
  s200: "Referral to another council (s200)",
  review_or_appeal: "Pending review or appeal",
  other: "Other",
} as const;
export type Duty = keyof typeof DUTIES;

/** Where a household went when its stay in TA ended. */
export const DESTINATIONS = {
  social_housing: "Social housing",
  private_rented: "Private rented offer",
  supported_housing: "Supported housing",
  returned_home: "Returned home or to family",
  other_council: "Another council",
  lost_contact: "Lost contact",
  other: "Other",
} as const;
export type Destination = keyof typeof DESTINATIONS;

/** Who provides a unit. Councils, housing associations and charities never provide B&B under the 2003 Order. */
export const PROVIDER_TYPES = {
  hotel: "Hotel",
  agent: "Agent",
  landlord: "Landlord",
  housing_association: "Housing association",
  council: "Council",
  charity: "Charity",
} as const;
export type ProviderType = keyof typeof PROVIDER_TYPES;

/** Which nights of a unit the council pays for; a unit without one takes its TA type's default. */
export const PAID_FOR = {
  occupied_nights: "Only the nights a household is placed",
  every_night: "Every night (a block booking)",
} as const;
export type PaidFor = keyof typeof PAID_FOR;

/** A member's relationship to the household's lead applicant. */
export const RELATIONSHIPS = {
  lead: "Lead applicant",
  partner: "Partner",
  child: "Child",
  other_adult: "Other adult",
} as const;
export type Relationship = keyof typeof RELATIONSHIPS;

export const SEXES = { female: "Female", male: "Male" } as const;
export type Sex = keyof typeof SEXES;

/** The planned way out of TA. */
export const MOVE_ON_PATHWAYS = {
  social_housing: "Social housing",
  private_rented: "Private rented offer",
  supported_housing: "Supported housing",
  returned_home: "Return home or to family",
  other: "Other",
} as const;
export type MoveOnPathway = keyof typeof MOVE_ON_PATHWAYS;

/** How an s208 notice was sent. */
export const NOTICE_METHODS = { email: "Email", post: "Post", portal: "Portal", other: "Other" } as const;
export type NoticeMethod = keyof typeof NOTICE_METHODS;

/** The outcome of an s202 suitability review. */
export const REVIEW_OUTCOMES = {
  upheld: "Upheld (accommodation found unsuitable)",
  not_upheld: "Not upheld (accommodation suitable)",
  withdrawn: "Withdrawn",
} as const;
export type ReviewOutcome = keyof typeof REVIEW_OUTCOMES;

/** The kinds of contact with a household (the contact log). */
export const CONTACT_KINDS = {
  visit: "Home visit at the placement",
  phone: "Phone call",
  email: "Email",
  office: "In person at the office",
  letter: "Letter",
} as const;
export type ContactKind = keyof typeof CONTACT_KINDS;

/** How a household prefers to be contacted (the case file). */
export const PREFERRED_CONTACTS = {
  phone: "Phone call",
  text: "Text message",
  email: "Email",
  post: "Letter by post",
} as const;
export type PreferredContact = keyof typeof PREFERRED_CONTACTS;

/** What a home visit at the placement found (an occupancy audit's outcomes). */
export const VISIT_OUTCOMES = {
  confirmed: "Confirmed living there",
  absent: "Nobody in (absent)",
  left: "Left (the household no longer lives there)",
  irregular: "Irregular arrangement (someone else living there, or a sublet)",
} as const;
export type VisitOutcome = keyof typeof VISIT_OUTCOMES;

/** The size categories of the Local Housing Allowance, in the order of the published tables. */
export const LHA_CATEGORIES = {
  shared: "Shared accommodation",
  "1bed": "1 bedroom",
  "2bed": "2 bedrooms",
  "3bed": "3 bedrooms",
  "4bed": "4 bedrooms",
} as const;
export type LhaCategory = keyof typeof LHA_CATEGORIES;

export const INVOICE_STATUSES = { received: "Received", approved: "Approved", disputed: "Disputed" } as const;
export type InvoiceStatus = keyof typeof INVOICE_STATUSES;

/** The six categories of MHCLG's quarterly table TA1, in the government's order. */
export const TA1_CATEGORIES = [
  { category: 1, code: "bnb", name: "Bed and breakfast hotels (including shared annexes)" },
  { category: 2, code: "nightly_self_contained", name: "Nightly paid, privately managed accommodation, self-contained" },
  { category: 3, code: "hostel", name: "Hostels (including reception centres, emergency units and refuges)" },
  { category: 4, code: "private_leased", name: "Private sector accommodation leased by the authority or by a registered provider" },
  { category: 5, code: "council_ha_stock", name: "Local authority or housing association stock" },
  { category: 6, code: "other", name: "Any other type of temporary accommodation (including private landlord and not known)" },
] as const;

/** Why a household is placed in a unit that does not suit it (recorded with the placement). */
export const PLACEMENT_DECISIONS = {
  emergency_nothing_suitable: "An emergency: nothing suitable is available",
  short_stay_until_suitable: "A short stay until a suitable unit is free",
  household_choice: "The household asked for this unit",
  other: "Another reason (say which below)",
} as const;
export type PlacementDecision = keyof typeof PLACEMENT_DECISIONS;

/** Inspection grades (the London boroughs' shared inspection scheme for nightly-paid accommodation): E is "do not use". */
export const INSPECTION_GRADES = {
  A: "A: good",
  B: "B: acceptable",
  C: "C: minor works needed",
  D: "D: significant works needed",
  E: "E: do not use",
} as const;
export type InspectionGrade = keyof typeof INSPECTION_GRADES;

/**
 * Compliance certificates and how long each usually lasts (the expiry is recorded; the term
 * only fills it in when left blank): gas safety, every 12 months (Gas Safety (Installation and
 * Use) Regulations 1998, reg. 36(3)); electrical installation condition report, at most every
 * 5 years (Electrical Safety Standards in the Private Rented Sector (England) Regulations 2020,
 * reg. 3); HMO licence, at most 5 years (Housing Act 2004, s.68(4)); fire risk assessment,
 * reviewed regularly (Regulatory Reform (Fire Safety) Order 2005, art. 9(3)): the council's
 * yearly review; energy performance certificate, 10 years (Energy Performance of Buildings
 * (England and Wales) Regulations 2012, reg. 9(1)).
 */
export const CERTIFICATE_KINDS = {
  gas_safety: "Gas safety certificate",
  eicr: "Electrical installation condition report (EICR)",
  hmo_licence: "HMO licence",
  fire_risk_assessment: "Fire risk assessment",
  epc: "Energy performance certificate (EPC)",
} as const;
export type CertificateKind = keyof typeof CERTIFICATE_KINDS;
export const CERTIFICATE_TERM_MONTHS: Record<CertificateKind, number> = {
  gas_safety: 12,
  eicr: 60,
  hmo_licence: 60,
  fire_risk_assessment: 12,
  epc: 120,
};

export const PROVIDER_CHECK_OUTCOMES = {
  passed: "Passed",
  passed_with_conditions: "Passed with conditions",
  failed: "Failed",
} as const;
export type ProviderCheckOutcome = keyof typeof PROVIDER_CHECK_OUTCOMES;

export const COMPLAINT_KINDS = { disrepair: "Disrepair", safety: "Safety", harassment: "Harassment" } as const;
export type ComplaintKind = keyof typeof COMPLAINT_KINDS;
export const COMPLAINT_OUTCOMES = {
  open: "Open",
  upheld: "Upheld",
  partly_upheld: "Partly upheld",
  not_upheld: "Not upheld",
} as const;
export type ComplaintOutcome = keyof typeof COMPLAINT_OUTCOMES;

/** The kinds of letter a council sends from a case (migration 0070). */
export const LETTER_KINDS = {
  placement_offer: "Placement offer",
  booking_confirmation: "Booking confirmation to the provider",
  move_on_offer: "Move-on offer",
  s208_notice: "Notice to the receiving council (s208)",
} as const;
export type LetterKind = keyof typeof LETTER_KINDS;
