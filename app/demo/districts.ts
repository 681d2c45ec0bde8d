/**
 * The demo council's register of districts (migration 0067): the council's own and the five
 * it places into. Names are the districts'; each address for notices is made up for the demo
 * and says so.
 */
const DEMO = (council: string, town: string, postcode: string) => ({
  council,
  notice_address: `Housing Options (demo address, not real)\n1 Example Street\n${town}\n${postcode}`,
  notice_email: `housing-options@${council
    .toLowerCase()
    .replace(/[^a-z]+/g, "-")
    .replace(/-+$/, "")}.example`,
});

export const DEMO_DISTRICTS = [
  { gss: "E08000012", name: "Liverpool", ...DEMO("Merseyside Demo Council", "Liverpool", "L1 1AA") },
  { gss: "E08000011", name: "Knowsley", ...DEMO("Knowsley Council", "Huyton", "L36 1AA") },
  { gss: "E08000013", name: "St Helens", ...DEMO("St Helens Council", "St Helens", "WA10 1AA") },
  { gss: "E08000014", name: "Sefton", ...DEMO("Sefton Council", "Bootle", "L20 1AA") },
  { gss: "E08000015", name: "Wirral", ...DEMO("Wirral Council", "Birkenhead", "CH41 1AA") },
  { gss: "E06000006", name: "Halton", ...DEMO("Halton Borough Council", "Widnes", "WA8 1AA") },
];
