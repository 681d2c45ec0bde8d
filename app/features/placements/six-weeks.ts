/**
 * The six-week limit on B&B for families (Homelessness (Suitability of Accommodation)
 * (England) Order 2003, arts 3 and 4: B&B is not suitable for an applicant with family
 * commitments except for "a period, or a total of periods, which does not exceed 6
 * weeks"). The count itself lives in SQL, its one home: six_weeks_on in
 * db/definitions/households-in-ta.ts, read by Today, the household page and TA1. These
 * constants are written into that definition.
 */

/** Article 4 of the 2003 Order: no more than 6 weeks in total = 42 nights; night 43 is a breach. */
export const SIX_WEEK_LIMIT_DAYS = 42;
/** The first night an officer is warned (the brief: from day 35). */
export const SIX_WEEK_WARNING_FROM_DAY = 35;
