/** The database as Kysely sees it. Calendar days are "YYYY-MM-DD" strings. */
import type { ColumnType, Generated, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Id = Generated<number>;

import type {
  CertificateKind,
  ComplaintKind,
  ComplaintOutcome,
  InspectionGrade,
  ProviderCheckOutcome,
  Destination,
  Duty,
  InvoiceStatus,
  LhaCategory,
  MoveOnPathway,
  NoticeMethod,
  PaidFor,
  PlacementDecision,
  ProviderType,
  Relationship,
  ReviewOutcome,
  ContactKind,
  PreferredContact,
  LetterKind,
  VisitOutcome,
  Role,
  Sex,
} from "~/lib/vocabulary";

export interface SettingsTable {
  key: string;
  value: unknown;
  updated_at: Generated<Date>;
}

export interface UsersTable {
  id: Id;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  disabled_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Date | null;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditEventsTable {
  id: Id;
  at: Generated<Date>;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string;
  household_id: number | null;
  before: unknown | null;
  after: unknown | null;
}

/** The districts placed into, by name, and where their s208 notices go (migration 0067). */
export interface DistrictsTable {
  gss: string;
  name: string;
  council: Generated<string>;
  notice_address: Generated<string>;
  notice_email: Generated<string>;
}

/** Two members decided to be the same person, or not (migration 0068); member_id < other_member_id. */
export interface PersonLinksTable {
  id: Id;
  member_id: number;
  other_member_id: number;
  same_person: boolean;
  decided_by: number | null;
  decided_at: Generated<Date>;
}

/** Pairs of members in two households, born on one day, with names alike (migration 0075); kept on write. */
export interface MemberMatchesTable {
  member_id: number;
  other_member_id: number;
  kind: "same_person" | "similar_person";
}

/** Who looked at a record (migration 0052): a log, read by administrators and subject access. */
export interface RecordViewsTable {
  id: Id;
  at: Generated<Date>;
  user_id: number | null;
  what: "household" | "letter" | "export";
  household_id: number | null;
  detail: Generated<string>;
}

export interface TaTypesTable {
  code: string;
  name: string;
  ta1_category: number;
  description: string;
  sort_order: number;
  /** Which nights a unit of this type is paid for when its own paid_for is blank (migration 0040). */
  paid_for: Generated<PaidFor>;
}

export interface ProvidersTable {
  id: Id;
  name: string;
  provider_type: ProviderType;
  email: string | null;
  phone: string | null;
  created_at: Generated<Date>;
}

export interface PropertiesTable {
  id: Id;
  provider_id: number;
  name: string;
  address_line_1: string;
  town: string;
  postcode: string;
  district_gss: string;
  brma: string | null;
  created_at: Generated<Date>;
  /** A house in multiple occupation that needs a licence (migration 0066). */
  hmo_licence_required: Generated<boolean>;
}

export interface UnitsTable {
  id: Id;
  unit_ref: string;
  property_id: number;
  name: Generated<string>;
  ta_type_code: string;
  bedrooms: number;
  max_occupants: number;
  shared_kitchen: boolean;
  shared_bathroom: boolean;
  shared_toilet: boolean;
  step_free: boolean;
  in_use_from: string | null;
  retired_on: string | null;
  created_at: Generated<Date>;
  /** The unit's own first address line when it is not its property's (imports). */
  address_line_1: string | null;
  /** The unit's own town, postcode and district when not its property's (null: the property's). */
  town: string | null;
  postcode: string | null;
  district_gss: string | null;
  /** The nights the council pays for: null means the TA type's default. */
  paid_for: PaidFor | null;
}

export interface OutOfServiceTable {
  id: Id;
  unit_id: number;
  start_date: string;
  end_date: string | null;
  reason: string;
  created_by: number | null;
  created_at: Generated<Date>;
  cancelled_at: Date | null;
}

export interface HouseholdsTable {
  id: Id;
  case_ref: string;
  duty: Duty;
  step_free_needed: Generated<boolean>;
  support_needs: Generated<string>;
  awaiting_since: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** The case officer (migration 0053). */
  officer_id: Generated<number | null>;
  /** The household this one was merged into (migration 0071); null: not merged. */
  merged_into: Generated<number | null>;
  /** A legal hold keeps the case from being anonymised (migration 0072). */
  legal_hold_reason: Generated<string | null>;
  legal_hold_by: Generated<number | null>;
  legal_hold_at: Generated<Date | null>;
  /** When the case was anonymised after its retention period (migration 0072). */
  anonymised_at: Generated<Date | null>;
  // The case file (migration 0069): personal data, listed in HOUSEHOLD_PERSONAL_FIELDS.
  /** Normalised UK number, e.g. "07700 900982"; "" when none. */
  phone: Generated<string>;
  email: Generated<string>;
  preferred_contact: Generated<PreferredContact | null>;
  language: Generated<string>;
  interpreter_needed: Generated<boolean>;
  /** Where the household is now, when not in TA. */
  current_address: Generated<string>;
  /** The last settled address. */
  previous_address: Generated<string>;
  local_connection: Generated<string>;
  local_connection_gss: Generated<string | null>;
  vulnerability_needs: Generated<string>;
  /** Vulnerability needs seen only by managers, administrators and the case officer (ADR 0028). */
  vulnerability_sensitive: Generated<boolean>;
}

/** A merge of one household into another (migration 0071): exactly which rows moved, so an undo puts them back. */
export interface HouseholdMergesTable {
  id: Id;
  household_id: number;
  merged_household_id: number;
  moved: unknown;
  merged_by: number | null;
  merged_at: Generated<Date>;
  undone_by: number | null;
  undone_at: Date | null;
}

/** A case note (migration 0069): never changed; a correction is a new note naming the one it corrects. */
export interface CaseNotesTable {
  id: Id;
  household_id: number;
  body: string;
  written_by: number | null;
  written_at: Generated<Date>;
  corrects_note_id: number | null;
}

export interface HouseholdMembersTable {
  id: Id;
  household_id: number;
  name: string;
  date_of_birth: string | null;
  relationship: Relationship;
  sex: Sex | null;
  /** Pregnant now; the dated periods are in member_pregnancies (kept by a trigger). */
  pregnant: Generated<boolean>;
  position: Generated<number>;
  /** The first night the member counts; null: since the household's record began. */
  joined_on: string | null;
}

/** A member taken off a household, with the night they left (db/definitions/household-facts.ts). */
export interface FormerHouseholdMembersTable {
  id: number;
  household_id: number;
  name: string;
  date_of_birth: string | null;
  relationship: Relationship;
  sex: Sex | null;
  joined_on: string | null;
  left_on: string;
}

/** A pregnancy from the night it was recorded to the night it ended (null: not ended). */
export interface MemberPregnanciesTable {
  id: Id;
  household_id: number;
  member_id: number;
  from_date: string;
  to_date: string | null;
}

/** A closed period of waiting for a placement; the open one is households.awaiting_since. */
export interface AwaitingPeriodsTable {
  id: Id;
  household_id: number;
  from_date: string;
  to_date: string;
}

export interface PlacementsTable {
  id: Id;
  household_id: number;
  unit_id: number;
  start_date: string;
  end_date: string | null;
  duty: Duty;
  is_split: Generated<boolean>;
  placed_by: number | null;
  created_at: Generated<Date>;
  end_reason: string | null;
  destination: Destination | null;
  ended_by: number | null;
  ended_at: Date | null;
  cancelled_at: Date | null;
  cancelled_by: number | null;
  cancel_reason: string | null;
  /** unit_suitability's warnings when the placement was made (null: made before they were kept). */
  unsuitable_reasons: string[] | null;
  decision_reason: PlacementDecision | null;
  decision_note: string | null;
  episode_id: number | null;
}

export interface UnitCalendarTable {
  unit_id: number;
  nights: string;
  placement_id: number | null;
  out_of_service_id: number | null;
}

/** Spend of a closed month kept on write (migration 0073, ADR 0044). */
export interface SpendMonthTotalsTable {
  month: string;
  rule: string;
  nights: number;
  priced_nights: number;
  gross_pence: number;
  subsidy_pence: number;
  unknown_subsidy_nights: number;
  households: number;
  placements: number;
  void_nights: number;
  void_pence: number;
  computed_at: Generated<Date>;
}

/** The financial-year views' spend of a closed month per group (migration 0076, ADR 0044). */
export interface SpendMonthGroupsTable {
  month: string;
  kind: string;
  key: string;
  label: string;
  rule: string;
  nights: number;
  priced_nights: number;
  gross_pence: number;
  subsidy_pence: number;
  unknown_subsidy_nights: number;
  void_nights: number;
  void_pence: number;
  computed_at: Generated<Date>;
}

/** Trial measures of an episode kept on write (migration 0074, ADR 0057). */
export interface TrialEpisodeFactsTable {
  episode_id: number;
  as_of: string;
  settled: boolean;
  rule: string;
  found: boolean;
  ta_type_code: string | null;
  provider_id: number | null;
  with_children: boolean;
  pregnant: boolean;
  bnb_nights: number;
  bnb_spells: string | null;
  gross_pence: number;
  priced_nights: number;
  net_pence: number | null;
  computed_at: Generated<Date>;
}

export interface EpisodesTable {
  id: Id;
  household_id: number;
  start_date: string;
  end_date: string | null;
  first_placement_id: number;
  last_placement_id: number;
  placements: number;
  destination: Destination | null;
  /** The TA type of the unit of the episode's first placement; kept by trigger (migration 0011). */
  entry_ta_type: Generated<string | null>;
}

/** unit_paid_for (db/definitions/void-cost.ts): the unit's own paid_for, else its TA type's. */
export interface BudgetsTable {
  id: Id;
  /** The financial year starting 1 April of this year. */
  year: number;
  ta_type_code: string;
  provider_id: number | null;
  cost_centre: string | null;
  amount_pence: number;
  created_by: number | null;
  created_at: Generated<Date>;
}
/** A named set of changes compared with the baseline forecast (migration 0065). */
export interface ForecastScenariosTable {
  id: Id;
  name: string;
  notes: string | null;
  made_on: string;
  /** The changes as app/features/forecast/model.ts's Change[]; written as JSON text. */
  changes: ColumnType<unknown, string, string>;
  created_by: number | null;
  created_at: Generated<Date>;
}
export interface UnitPaidForView {
  unit_id: number;
  paid_for: PaidFor;
}
export interface UnitFactsView {
  unit_id: number;
  self_contained: boolean;
  is_bnb: boolean;
  /** The TA1 line (1 to 6) the unit counts in: 1 when B&B by the 2003 Order, whatever its TA type. */
  ta1_category: number;
  /** The TA type contradicts the facts: 'bnb_typed_otherwise' or 'typed_bnb_not_bnb'; null when they agree. */
  type_contradiction: "bnb_typed_otherwise" | "typed_bnb_not_bnb" | null;
  district_gss: string;
  out_of_district: boolean;
}
export interface ApplicationsTable {
  id: Id;
  household_id: number;
  /** The day the household's current homelessness application started: the six-week count starts again. */
  start_date: string;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
}

export interface UnitRatesTable {
  id: Id;
  unit_id: number;
  effective_from: string;
  amount_pence: number;
  basis: Generated<"night" | "week">;
  created_by: number | null;
  created_at: Generated<Date>;
  /** The agreed negotiation this rate came from (migration 0042), else null. */
  negotiation_id: Generated<number | null>;
}
export type NegotiationStatus = "asked" | "offered" | "agreed" | "refused";
export interface RateNegotiationsTable {
  id: Id;
  provider_id: number;
  /** Null: all the provider's units. */
  ta_type_code: string | null;
  status: Generated<NegotiationStatus>;
  asked_basis_points: number;
  offered_basis_points: number | null;
  asked_on: string;
  offered_on: string | null;
  agreed_on: string | null;
  refused_on: string | null;
  effective_from: string | null;
  notes: string | null;
  asked_by: number | null;
  asked_at: Generated<Date>;
  offered_by: number | null;
  offered_at: Date | null;
  decided_by: number | null;
  decided_at: Date | null;
}

export type TrialMeasure = "length_of_stay" | "left_within" | "cost" | "bnb" | "exits";
export interface TrialsTable {
  id: Id;
  name: string;
  hypothesis: Generated<string>;
  owner: string;
  start_date: string;
  end_date: string | null;
  measures: Generated<TrialMeasure[]>;
  selection: "rule" | "tagged";
  rule_children: Generated<"any" | "with" | "without">;
  rule_provider_id: number | null;
  rule_ta_types: Generated<string[]>;
  comparison: "before_after" | "concurrent" | "both";
  /** The declared primary measure and its horizon in days from entry (ADR 0035). */
  primary_measure: Generated<TrialMeasure>;
  primary_horizon: Generated<number>;
  /** Planned number of households in the change; null when the plan is an end date, or none. */
  planned_size: number | null;
  pseudonym_salt: Generated<string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface TrialTagsTable {
  trial_id: number;
  household_id: number;
  tagged_by: number | null;
  tagged_at: Generated<Date>;
}

export type ImportStatus = "checking" | "checked" | "importing" | "imported" | "failed";

export interface ImportUploadsTable {
  id: string;
  user_id: number;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  expires_at: Timestamp;
  status: ImportStatus;
  bytes_total: Generated<number>;
  bytes_done: Generated<number>;
  phase: Generated<string>;
  result: unknown | null;
}

export interface ImportUploadChunksTable {
  upload_id: string;
  file_no: number;
  file_name: string;
  seq: number;
  data: Uint8Array;
}

export interface ImportUploadProblemsTable {
  upload_id: string;
  n: number;
  file: string;
  row: number | null;
  column_name: string | null;
  value: string | null;
  message: string;
  severity: "error" | "warning";
}

export interface MoveOnPlansTable {
  id: Id;
  household_id: number;
  pathway: MoveOnPathway;
  target_date: string;
  next_action: Generated<string>;
  owner_id: number;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface S208NoticesTable {
  id: Id;
  placement_id: number;
  household_id: number;
  sent_on: string;
  sent_to: string;
  method: NoticeMethod;
  recorded_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SuitabilityReviewsTable {
  id: Id;
  household_id: number;
  placement_id: number | null;
  offered_on: string;
  requested_on: string;
  outcome: ReviewOutcome | null;
  decided_on: string | null;
  notes: Generated<string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface NotificationTypesTable {
  code: string;
  name: string;
  statutory: Generated<boolean>;
  active: Generated<boolean>;
  sort_order: Generated<number>;
}

export interface UnitChargesTable {
  id: Id;
  unit_id: number;
  effective_from: string;
  weekly_pence: number;
  created_by: number | null;
  created_at: Generated<Date>;
}

export interface BrmasTable {
  name: string;
  in_london: Generated<boolean>;
  illustrative: Generated<boolean>;
  updated_at: Generated<Date>;
}
export interface LhaRatesTable {
  brma: string;
  category: LhaCategory;
  weekly_pence: number;
}

export interface InvoicesTable {
  id: Id;
  provider_id: number;
  invoice_ref: string;
  received_on: string;
  status: Generated<InvoiceStatus>;
  status_note: Generated<string>;
  decided_by: number | null;
  decided_at: Date | null;
  created_by: number | null;
  created_at: Generated<Date>;
}
export interface InvoiceLinesTable {
  id: Id;
  invoice_id: number;
  line_no: number;
  unit_ref: string;
  household_ref: string | null;
  from_date: string;
  to_date: string;
  amount_pence: number;
}

export interface SchemaDefinitionsTable {
  name: string;
  hash: string;
  applied_at: Generated<Date>;
}

export interface SignInThrottlesTable {
  /** The account's email address in lower case, or '' for every account tried from the address. */
  account: string;
  address: string;
  attempts: number;
  first_at: Date;
  last_at: Date;
  next_try_at: Date;
}

/** Property standards (migration 0066, issue 21). */
export interface InspectionsTable {
  id: Id;
  property_id: number;
  /** null: the whole property. */
  unit_id: number | null;
  inspected_on: string;
  inspector: string;
  grade: InspectionGrade;
  findings: Generated<string>;
  reinspect_on: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
}
export interface InspectionWorksTable {
  id: Id;
  inspection_id: number;
  description: string;
  due_on: string;
  completed_on: string | null;
}
export interface CertificatesTable {
  id: Id;
  property_id: number;
  unit_id: number | null;
  kind: CertificateKind;
  issued_on: string;
  expires_on: string;
  reference: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
}
export interface ProviderContactsTable {
  id: Id;
  provider_id: number;
  name: string;
  role: Generated<string>;
  email: string | null;
  phone: string | null;
  created_at: Generated<Date>;
}
export interface ProviderChecksTable {
  id: Id;
  provider_id: number;
  checked_on: string;
  outcome: ProviderCheckOutcome;
  checked_by: string;
  note: Generated<string>;
  next_due_on: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
}
export interface ComplaintsTable {
  id: Id;
  placement_id: number;
  kind: ComplaintKind;
  received_on: string;
  details: string;
  outcome: Generated<ComplaintOutcome>;
  outcome_on: string | null;
  outcome_note: Generated<string>;
  inspection_requested: Generated<boolean>;
  recorded_by: number | null;
  created_at: Generated<Date>;
}

export interface DB {
  inspections: InspectionsTable;
  inspection_works: InspectionWorksTable;
  certificates: CertificatesTable;
  provider_contacts: ProviderContactsTable;
  provider_checks: ProviderChecksTable;
  complaints: ComplaintsTable;
  schema_definitions: SchemaDefinitionsTable;
  trials: TrialsTable;
  trial_tags: TrialTagsTable;
  import_uploads: ImportUploadsTable;
  import_upload_chunks: ImportUploadChunksTable;
  import_upload_problems: ImportUploadProblemsTable;
  move_on_plans: MoveOnPlansTable;
  s208_notices: S208NoticesTable;
  suitability_reviews: SuitabilityReviewsTable;
  notification_types: NotificationTypesTable;
  unit_rates: UnitRatesTable;
  unit_charges: UnitChargesTable;
  brmas: BrmasTable;
  lha_rates: LhaRatesTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  settings: SettingsTable;
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_throttles: SignInThrottlesTable;
  audit_events: AuditEventsTable;
  record_views: RecordViewsTable;
  districts: DistrictsTable;
  person_links: PersonLinksTable;
  member_matches: MemberMatchesTable;
  household_merges: HouseholdMergesTable;
  ta_types: TaTypesTable;
  providers: ProvidersTable;
  properties: PropertiesTable;
  units: UnitsTable;
  out_of_service: OutOfServiceTable;
  households: HouseholdsTable;
  household_members: HouseholdMembersTable;
  placements: PlacementsTable;
  unit_calendar: UnitCalendarTable;
  spend_month_totals: SpendMonthTotalsTable;
  spend_month_groups: SpendMonthGroupsTable;
  trial_episode_facts: TrialEpisodeFactsTable;
  episodes: EpisodesTable;
  unit_facts: UnitFactsView;
  unit_paid_for: UnitPaidForView;
  budgets: BudgetsTable;
  rate_negotiations: RateNegotiationsTable;
  forecast_scenarios: ForecastScenariosTable;
  applications: ApplicationsTable;
  former_household_members: FormerHouseholdMembersTable;
  member_pregnancies: MemberPregnanciesTable;
  awaiting_periods: AwaitingPeriodsTable;
  ta1_filings: Ta1FilingsTable;
  ta1_filed_households: Ta1FiledHouseholdsTable;
  contacts: ContactsTable;
  case_notes: CaseNotesTable;
  letter_templates: LetterTemplatesTable;
  letters: LettersTable;
}
/** TA1 lines as filed; a line is null when it could not be counted (no council district set). */
type Ta1FiledCounts = Record<string, number | null>;
export interface Ta1FilingsTable {
  id: Id;
  /** The night the return counts (a quarter end). */
  as_of: string;
  /** The figures as filed: { line: number | null }. */
  counts: ColumnType<Ta1FiledCounts, string, string>;
  filed_by: number | null;
  filed_at: Generated<Date>;
}
export interface Ta1FiledHouseholdsTable {
  filing_id: number;
  line: string;
  household_id: number;
}

export type User = Selectable<UsersTable>;

/** The contact log (migration 0055): a contact with a household; a visit at the placement has an outcome. */
export interface ContactsTable {
  id: Id;
  household_id: number;
  /** The placement visited (a visit), or the one the contact was about. */
  placement_id: number | null;
  contact_on: string;
  /** "HH:MM" in Europe/London, when known. */
  contact_time: string | null;
  kind: ContactKind;
  outcome: VisitOutcome | null;
  note: Generated<string>;
  /** A visit: the placement's end date as recorded when the visit was recorded (null: open). */
  placement_end_then: string | null;
  recorded_by: number | null;
  recorded_at: Generated<Date>;
}

/** A saved version of a letter template (migration 0070): plain text with {{fields}}; never changed, a save adds a version. */
export interface LetterTemplatesTable {
  kind: LetterKind;
  version: number;
  body: string;
  saved_by: number | null;
  saved_at: Generated<Date>;
}

/** A letter sent from a case (migration 0070), kept as sent: its whole text, never changed. */
export interface LettersTable {
  id: Id;
  household_id: number;
  /** The placement the letter is about (every kind but a move-on offer has one). */
  placement_id: number | null;
  kind: LetterKind;
  /** The template version it was made from. */
  template_version: number;
  /** The date on the letter, in Europe/London. */
  letter_date: string;
  sent_to: string;
  /** The letter's whole text as sent. */
  body: string;
  sent_by: number | null;
  sent_at: Generated<Date>;
}
