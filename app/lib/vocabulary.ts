/** The six categories of MHCLG's quarterly table TA1, in the government's order. */
export const TA1_CATEGORIES = [
  { category: 1, code: "bnb", name: "Bed and breakfast hotels (including shared annexes)" },
  { category: 2, code: "nightly_self_contained", name: "Nightly paid, privately managed accommodation, self-contained" },
  { category: 3, code: "hostel", name: "Hostels (including reception centres, emergency units and refuges)" },
  { category: 4, code: "private_leased", name: "Private sector accommodation leased by the authority or by a registered provider" },
  { category: 5, code: "council_ha_stock", name: "Local authority or housing association stock" },
  { category: 6, code: "other", name: "Any other type of temporary accommodation (including private landlord and not known)" },
] as const;

export const DUTIES = {
  s188: "Interim duty (s188)",
  s190: "Intentionally homeless (s190)",
  s193: "Main duty (s193)",
  s200: "Referral to another council (s200)",
  review_or_appeal: "Pending review or appeal",
  other: "Other",
} as const;

export const DESTINATIONS = {
  social_housing: "Social housing",
  private_rented: "Private rented offer",
  supported_housing: "Supported housing",
  returned_home: "Returned home or to family",
  other_council: "Another council",
  lost_contact: "Lost contact",
  other: "Other",
} as const;

export const PROVIDER_TYPES = {
  hotel: "Hotel",
  agent: "Agent",
  landlord: "Landlord",
  housing_association: "Housing association",
  council: "Council",
  charity: "Charity",
} as const;
