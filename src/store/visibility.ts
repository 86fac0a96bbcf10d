/**
 * Who may read a stored row: TLP 2.0 levels as the store keeps them, a collection's policy for the
 * levels TLP 2.0 leaves open (CLEAR, GREEN, unmarked), and the visibility rules the exchange layer
 * turns a caller into and the store applies inside SQL (object-sql.ts), so pages stay full and
 * cursors stay valid.
 */

/** TLP 2.0 levels as stored; `none` marks an object without a TLP marking. */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red', 'none'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

/** Who sees GREEN / CLEAR / unmarked objects in a collection (AMBER and RED are fixed by TLP 2.0). */
export type Audience = 'readers' | 'trust-groups' | 'org';
export interface TlpPolicy {
  clear: Audience;
  green: Audience;
  none: Audience;
}
export const DEFAULT_TLP_POLICY: TlpPolicy = { clear: 'readers', green: 'readers', none: 'readers' };

/**
 * Which rows a caller may see: an owner's row is visible when some TLP rule has its TLP and lists its
 * producer (or `any`); a row kept apart is visible only through a `keptApartFor` rule naming its lane
 * (the posting org). `undefined` in a query means no filtering (administrative access).
 */
export type VisibilityRule = { tlp: Tlp; producers: readonly string[] | 'any' } | { keptApartFor: string };
export type Visibility = readonly VisibilityRule[];
