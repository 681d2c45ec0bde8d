/**
 * A small, good set of all six files (the same as the worked example in
 * docs/import-template.md), written as a council's spreadsheet would save them:
 * both date formats, £ signs, yes/no spelt several ways, a quoted comma.
 */
export const TODAY = "2026-03-01";

export const GOOD = {
  "providers.csv": `provider_name,provider_type,email,phone
Northside Lettings Ltd,agent,bookings@northside.example,0161 496 0000
Station Hotel,hotel,,
Manchester City Council,council,,
`,
  "units.csv": `unit_ref,provider_name,property_name,address_line_1,town,postcode,district_gss,ta_type,bedrooms,max_occupants,shared_kitchen,shared_bathroom,shared_toilet,step_free,in_use_from,retired_on
NS-0042,Northside Lettings Ltd,Albert House,"Flat 3, 12 Albert Road",Manchester,M14 5AB,E08000003,nightly_self_contained,2,4,no,no,no,yes,2025-04-01,
NS-0043,northside  lettings ltd,Albert House,"Flat 4, 12 Albert Road",Manchester,m145ab,E08000003,nightly_self_contained,1,2,N,N,N,Y,01/04/2025,
SH-101,Station Hotel,Station Hotel,1 Station Approach,Stockport,SK1 1AA,E08000007,bnb,0,2,yes,yes,yes,no,,
MCC-7,Manchester City Council,Hulme Court,7 Hulme Court,Manchester,M15 5AA,E08000003,council_ha_stock,3,6,FALSE,FALSE,FALSE,TRUE,,2026-01-01
`,
  "unit_rates.csv": `unit_ref,nightly_rate,effective_from
NS-0042,£64.50,2025-04-01
NS-0042,£67,01/04/2026
NS-0043,55.00,2025-04-01
SH-101,85,2025-04-01
MCC-7,0,2025-04-01
`,
  "households.csv": `case_ref,lead_name,duty,step_free_needed,support_needs
HL/2025/00123,Amina Hassan,s193,no,"Needs to stay near school in Moss Side, and a ground floor"
HL/2025/00124,John Smith,s188,,
HL/2025/00125,Grace Okafor,review_or_appeal,yes,
`,
  "members.csv": `case_ref,name,date_of_birth,relationship,pregnant,sex
HL/2025/00123,Amina Hassan,14/07/1990,lead,no,female
HL/2025/00123,Yusuf Hassan,2016-03-02,child,,male
HL/2025/00123,Layla Hassan,2019-11-20,child,,female
HL/2025/00124,John Smith,1985-01-31,lead,,
HL/2025/00125,Grace Okafor,1998-05-05,lead,yes,female
`,
  "placements.csv": `case_ref,unit_ref,start_date,end_date,end_reason,destination
HL/2025/00123,SH-101,2025-06-02,2025-06-20,Moved to a self-contained flat,
HL/2025/00123,NS-0042,2025-06-20,,,
HL/2025/00124,NS-0043,2025-05-01,15/09/2025,Accepted a social housing offer,social_housing
HL/2025/00125,SH-101,20/06/2025,,,
`,
} as const;

export type GoodFileName = keyof typeof GOOD;

/** The good set as a batch, with some files replaced. */
export function goodFiles(replace: Partial<Record<GoodFileName, string>> = {}) {
  return (Object.keys(GOOD) as GoodFileName[]).map((name) => ({ name, content: replace[name] ?? GOOD[name] }));
}
