import { BLOOD_GROUPS, type BloodGroup, type Component } from './blood';

// Which donors' blood a recipient can take, best first. Pure rules; matching turns them into SQL.
//
// Acceptable donors (recipient ← donors, best first; a number is the rank, 0 = best):
//
//   recipient │ whole blood, red cells             │ platelets                                      │ plasma
//   ──────────┼────────────────────────────────────┼────────────────────────────────────────────────┼──────────────────────────────────────────
//   O−        │ O− 0                               │ O− 0, O+ 1                                     │ O− 0, O+ 1, A− B− A+ B+ 2, AB− AB+ 3
//   O+        │ O+ 0, O− 1                         │ O+ 0, O− 1                                     │ O+ 0, O− 1, A+ B+ A− B− 2, AB+ AB− 3
//   A−        │ A− 0, O− 1                         │ A− 0, O− 1, A+ 2, O+ 3                         │ A− 0, A+ 1, AB− AB+ 2
//   A+        │ A+ 0, A− 1, O+ 2, O− 3             │ A+ 0, A− 1, O+ 2, O− 3                         │ A+ 0, A− 1, AB+ AB− 2
//   B−        │ B− 0, O− 1                         │ B− 0, O− 1, B+ 2, O+ 3                         │ B− 0, B+ 1, AB− AB+ 2
//   B+        │ B+ 0, B− 1, O+ 2, O− 3             │ B+ 0, B− 1, O+ 2, O− 3                         │ B+ 0, B− 1, AB+ AB− 2
//   AB−       │ AB− 0, A− B− 1, O− 2               │ AB− 0, A− B− 1, O− 2, AB+ 3, A+ B+ 4, O+ 5     │ AB− 0, AB+ 1
//   AB+       │ AB+ 0, AB− 1, A+ B+ 2, A− B− 3,    │ same as red cells                              │ AB+ 0, AB− 1
//             │ O+ 4, O− 5                         │                                                │
//
// Why this order:
// - Red cells (and whole blood): the DOMAIN.md table. Same ABO first, then other ABO groups, then O last,
//   since O (above all O−) is the one group every patient can take and runs out first; within each, the
//   recipient's own Rh before the other.
// - Platelets: ABO-identical first, then ABO-compatible in the red-cell sense (platelet units carry some
//   red cells). An Rh− recipient is offered every Rh− choice before any Rh+ one (anti-D risk, mostly for
//   girls and women); for an Rh+ recipient Rh does not matter and the list equals the red-cell list.
// - Plasma: ABO is reversed (the donor's plasma must not carry antibodies against the recipient's cells),
//   so AB plasma suits everyone and is saved for last; Rh does not matter, so only the exact group ranks
//   above its other-Rh twin, and other groups of one kind share a rank.
// - Equal ranks are listed in a fixed order: recipient's Rh first, then A, B, AB, O.
//
// Bombay (hh, "Oh") phenotype, stored as O+/O− with a flag:
// - A Bombay recipient has anti-H and can take only Bombay blood; among Bombay donors the O± rules above
//   still apply (an Oh− patient gets Oh− red cells; Rh still orders platelets).
// - A Bombay donor is too rare to offer to an ordinary patient, unless an admin allows it for a request.
//   Even then only red cells: whole blood, platelets and plasma carry the donor's anti-H, which attacks
//   every non-Bombay recipient's cells.

export interface DonorGroupChoice {
  group: BloodGroup;
  /** 0 = best (exact group); larger = less preferred. Equal ranks are equally good. */
  rank: number;
}

export interface BloodType {
  group: BloodGroup;
  isBombay: boolean;
}

type Abo = 'O' | 'A' | 'B' | 'AB';
const ABO_LISTING_ORDER: readonly Abo[] = ['A', 'B', 'AB', 'O'];

function abo(group: BloodGroup): Abo {
  return group.slice(0, -1) as Abo;
}
function rhPositive(group: BloodGroup): boolean {
  return group.endsWith('+');
}

/** Red cells of `donor` carry no A/B antigen that `recipient` has antibodies against. */
function redCellAboCompatible(recipient: Abo, donor: Abo): boolean {
  return donor === 'O' || donor === recipient || recipient === 'AB';
}

/** Whether the recipient may take this donor group at all (ABO/Rh only, no Bombay). */
function acceptsGroup(recipient: BloodGroup, donor: BloodGroup, component: Component): boolean {
  switch (component) {
    case 'whole_blood':
    case 'red_cells':
      return redCellAboCompatible(abo(recipient), abo(donor)) && (rhPositive(recipient) || !rhPositive(donor));
    case 'platelets':
      return redCellAboCompatible(abo(recipient), abo(donor));
    case 'plasma':
      return redCellAboCompatible(abo(donor), abo(recipient));
  }
}

/** Sort key: compared left to right, lower is better. Only `tiers` decide the rank; `listing` breaks ties. */
function preference(recipient: BloodGroup, donor: BloodGroup, component: Component): { tiers: number[]; listing: number[] } {
  const sameAbo = abo(donor) === abo(recipient);
  const sameRh = rhPositive(donor) === rhPositive(recipient);
  const listing = [sameRh ? 0 : 1, ABO_LISTING_ORDER.indexOf(abo(donor))];
  switch (component) {
    case 'whole_blood':
    case 'red_cells': {
      const aboTier = sameAbo ? 0 : abo(donor) === 'O' ? 2 : 1;
      return { tiers: [aboTier, sameRh ? 0 : 1], listing };
    }
    case 'platelets': {
      const aboTier = sameAbo ? 0 : abo(donor) === 'O' ? 2 : 1;
      // An Rh− recipient: every Rh− donor before any Rh+ one.
      return { tiers: rhPositive(recipient) ? [aboTier, sameRh ? 0 : 1] : [sameRh ? 0 : 1, aboTier], listing };
    }
    case 'plasma': {
      const aboTier = sameAbo ? 0 : abo(donor) === 'AB' ? 2 : 1;
      return { tiers: [aboTier, sameAbo && !sameRh ? 1 : 0], listing };
    }
  }
}

function compareNumbers(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Acceptable donor ABO/Rh groups for a recipient and component, best first. Ignores Bombay (see isCompatible). */
export function donorGroupsFor(recipient: BloodGroup, component: Component): DonorGroupChoice[] {
  const candidates = BLOOD_GROUPS.filter((donor) => acceptsGroup(recipient, donor, component))
    .map((group) => ({ group, ...preference(recipient, group, component) }))
    .sort((a, b) => compareNumbers(a.tiers, b.tiers) || compareNumbers(a.listing, b.listing));
  // Dense ranks: 0, 1, 2… with no gaps, equal tiers sharing one.
  const choices: DonorGroupChoice[] = [];
  let rank = -1;
  candidates.forEach((c, i) => {
    if (i === 0 || compareNumbers(c.tiers, candidates[i - 1]!.tiers) !== 0) rank += 1;
    choices.push({ group: c.group, rank });
  });
  return choices;
}

/** Full rule including Bombay: Bombay recipients only Bombay donors; Bombay donors only to Bombay recipients unless allowBombayDonors (and then red cells only). */
export function isCompatible(
  recipient: BloodType,
  donor: BloodType,
  component: Component,
  options: { allowBombayDonors?: boolean } = {},
): boolean {
  if (recipient.isBombay !== donor.isBombay) {
    if (recipient.isBombay) return false;
    if (bombayDonorFilter(false, options.allowBombayDonors ?? false, component) !== 'any') return false;
  }
  return acceptsGroup(recipient.group, donor.group, component);
}

/**
 * How matching must filter on donors.is_bombay: 'only' | 'exclude' | 'any'. Give the component when
 * known: an allowed Bombay donor is still excluded for anything but red cells (their plasma has anti-H).
 */
export function bombayDonorFilter(recipientIsBombay: boolean, allowBombayDonors: boolean, component?: Component): 'only' | 'exclude' | 'any' {
  if (recipientIsBombay) return 'only';
  if (!allowBombayDonors) return 'exclude';
  return component === undefined || component === 'red_cells' ? 'any' : 'exclude';
}
