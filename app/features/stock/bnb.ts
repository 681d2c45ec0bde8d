/**
 * What counts as B&B under the Homelessness (Suitability of Accommodation) (England)
 * Order 2003. Pure: no I/O, no SQL, no Remix.
 */

// ---------------------------------------------------------------------------
// 1. B&B under the Homelessness (Suitability of Accommodation) (England) Order 2003

import type { ProviderType } from "~/lib/vocabulary";

/**
 * Providers whose accommodation is never "B&B accommodation" under the Order:
 * a local housing authority (council), a registered social landlord (housing
 * association) or a voluntary organisation as defined in s180(3) Housing Act
 * 1996 (charity).
 */
export const BNB_EXEMPT_PROVIDER_TYPES: readonly ProviderType[] = ["housing_association", "council", "charity"];

export interface BnbFacts {
  sharedKitchen: boolean;
  sharedBathroom: boolean;
  sharedToilet: boolean;
  providerType: ProviderType;
}

/**
 * Source: The Homelessness (Suitability of Accommodation) (England) Order 2003
 * (SI 2003/3326), article 2: "B&B accommodation" is accommodation (whether or
 * not breakfast is included) which is not separate and self-contained premises
 * and in which a toilet, personal washing facilities or cooking facilities are
 * shared by more than one household, but not accommodation owned or managed by
 * a local housing authority, a registered social landlord or a voluntary
 * organisation. We read "not self-contained" as "any of kitchen, bathroom or
 * toilet shared with another household", and take "owned or managed by" from
 * the provider type of the unit. The same rule in SQL:
 *
 *   (shared_kitchen OR shared_bathroom OR shared_toilet)
 *     AND provider_type NOT IN ('housing_association', 'council', 'charity')
 */
export function isBnbUnderOrder(unit: BnbFacts): boolean {
  const shared = unit.sharedKitchen || unit.sharedBathroom || unit.sharedToilet;
  return shared && !BNB_EXEMPT_PROVIDER_TYPES.includes(unit.providerType);
}
