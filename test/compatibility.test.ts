import { describe, expect, it } from 'vitest';
import { BLOOD_GROUPS, COMPONENTS, type BloodGroup, type Component } from '../src/domain/blood';
import { bombayDonorFilter, donorGroupsFor, isCompatible, type BloodType } from '../src/domain/compatibility';

// The expected tables are written out by hand from DOMAIN.md and transfusion practice, not computed
// from the implementation, so a wrong rule there cannot make its own test pass.

/** recipient ← acceptable donors (any order). */
const RED_CELLS: Record<BloodGroup, string> = {
  'O-': 'O-',
  'O+': 'O- O+',
  'A-': 'O- A-',
  'A+': 'O- O+ A- A+',
  'B-': 'O- B-',
  'B+': 'O- O+ B- B+',
  'AB-': 'O- A- B- AB-',
  'AB+': 'O- O+ A- A+ B- B+ AB- AB+',
};
// Plasma: ABO reversed, Rh ignored.
const PLASMA: Record<BloodGroup, string> = {
  'O-': 'O- O+ A- A+ B- B+ AB- AB+',
  'O+': 'O- O+ A- A+ B- B+ AB- AB+',
  'A-': 'A- A+ AB- AB+',
  'A+': 'A- A+ AB- AB+',
  'B-': 'B- B+ AB- AB+',
  'B+': 'B- B+ AB- AB+',
  'AB-': 'AB- AB+',
  'AB+': 'AB- AB+',
};
// Platelets: ABO-compatible in the red-cell sense, any Rh (Rh+ only ranked lower for Rh− recipients).
const PLATELETS: Record<BloodGroup, string> = {
  'O-': 'O- O+',
  'O+': 'O- O+',
  'A-': 'O- O+ A- A+',
  'A+': 'O- O+ A- A+',
  'B-': 'O- O+ B- B+',
  'B+': 'O- O+ B- B+',
  'AB-': 'O- O+ A- A+ B- B+ AB- AB+',
  'AB+': 'O- O+ A- A+ B- B+ AB- AB+',
};
const ACCEPTS: Record<Component, Record<BloodGroup, string>> = {
  whole_blood: RED_CELLS,
  red_cells: RED_CELLS,
  platelets: PLATELETS,
  plasma: PLASMA,
};

/** Best first, as "group:rank". */
const ORDER: Record<'red_cells' | 'platelets' | 'plasma', Record<BloodGroup, string>> = {
  red_cells: {
    'O-': 'O-:0',
    'O+': 'O+:0 O-:1',
    'A-': 'A-:0 O-:1',
    'A+': 'A+:0 A-:1 O+:2 O-:3',
    'B-': 'B-:0 O-:1',
    'B+': 'B+:0 B-:1 O+:2 O-:3',
    'AB-': 'AB-:0 A-:1 B-:1 O-:2',
    'AB+': 'AB+:0 AB-:1 A+:2 B+:2 A-:3 B-:3 O+:4 O-:5',
  },
  platelets: {
    'O-': 'O-:0 O+:1',
    'O+': 'O+:0 O-:1',
    'A-': 'A-:0 O-:1 A+:2 O+:3',
    'A+': 'A+:0 A-:1 O+:2 O-:3',
    'B-': 'B-:0 O-:1 B+:2 O+:3',
    'B+': 'B+:0 B-:1 O+:2 O-:3',
    'AB-': 'AB-:0 A-:1 B-:1 O-:2 AB+:3 A+:4 B+:4 O+:5',
    'AB+': 'AB+:0 AB-:1 A+:2 B+:2 A-:3 B-:3 O+:4 O-:5',
  },
  plasma: {
    'O-': 'O-:0 O+:1 A-:2 B-:2 A+:2 B+:2 AB-:3 AB+:3',
    'O+': 'O+:0 O-:1 A+:2 B+:2 A-:2 B-:2 AB+:3 AB-:3',
    'A-': 'A-:0 A+:1 AB-:2 AB+:2',
    'A+': 'A+:0 A-:1 AB+:2 AB-:2',
    'B-': 'B-:0 B+:1 AB-:2 AB+:2',
    'B+': 'B+:0 B-:1 AB+:2 AB-:2',
    'AB-': 'AB-:0 AB+:1',
    'AB+': 'AB+:0 AB-:1',
  },
};

const ordinary = (group: BloodGroup): BloodType => ({ group, isBombay: false });
const listed = (recipient: BloodGroup, component: Component) =>
  donorGroupsFor(recipient, component).map((c) => `${c.group}:${c.rank}`).join(' ');

describe('ABO/Rh compatibility of every recipient and donor group', () => {
  const cases = COMPONENTS.flatMap((component) =>
    BLOOD_GROUPS.flatMap((recipient) => BLOOD_GROUPS.map((donor) => ({ component, recipient, donor }))),
  );

  it('covers all 8 × 8 pairs for each of the 4 components', () => {
    expect(cases).toHaveLength(256);
  });

  it.each(cases)('$component: $recipient ← $donor as the table says', ({ component, recipient, donor }) => {
    const expected = ACCEPTS[component][recipient].split(' ').includes(donor);
    expect(isCompatible(ordinary(recipient), ordinary(donor), component)).toBe(expected);
    expect(donorGroupsFor(recipient, component).some((c) => c.group === donor)).toBe(expected);
  });
});

describe('donor groups best first', () => {
  for (const component of ['red_cells', 'platelets', 'plasma'] as const) {
    it.each(BLOOD_GROUPS)(`${component} for %s`, (recipient) => {
      expect(listed(recipient, component)).toBe(ORDER[component][recipient]);
    });
  }

  it('whole blood follows the red-cell list exactly', () => {
    for (const recipient of BLOOD_GROUPS) expect(listed(recipient, 'whole_blood')).toBe(ORDER.red_cells[recipient]);
  });

  it('always starts with the exact group at rank 0, and ranks climb by one with no gaps', () => {
    for (const component of COMPONENTS) {
      for (const recipient of BLOOD_GROUPS) {
        const choices = donorGroupsFor(recipient, component);
        expect(choices[0]).toEqual({ group: recipient, rank: 0 });
        choices.slice(1).forEach((c, i) => expect(c.rank - choices[i]!.rank).toBeOneOf([0, 1]));
        expect(choices.filter((c) => c.rank === 0)).toHaveLength(1);
      }
    }
  });

  it('keeps O− for last among red cells for an AB+ patient, and saves AB plasma for last for an O patient', () => {
    expect(donorGroupsFor('AB+', 'red_cells').at(-1)).toEqual({ group: 'O-', rank: 5 });
    expect(donorGroupsFor('O+', 'plasma').slice(-2).map((c) => c.group)).toEqual(['AB+', 'AB-']);
  });

  it('offers an Rh− platelet patient every Rh− donor before any Rh+ one', () => {
    for (const recipient of ['O-', 'A-', 'B-', 'AB-'] as const) {
      const signs = donorGroupsFor(recipient, 'platelets').map((c) => c.group.slice(-1)).join('');
      expect(signs).toMatch(/^-+\++$/);
    }
  });
});

describe('Bombay (hh) phenotype', () => {
  // Ten types: the eight groups and Bombay donors/recipients, who type as O+ or O−.
  type Label = BloodGroup | 'Oh+' | 'Oh-';
  const TYPES: Label[] = [...BLOOD_GROUPS, 'Oh+', 'Oh-'];
  const typeOf = (label: Label): BloodType =>
    label === 'Oh+' ? { group: 'O+', isBombay: true } : label === 'Oh-' ? { group: 'O-', isBombay: true } : ordinary(label);

  // A Bombay patient takes Bombay blood only; among Bombay donors the O± rules still hold.
  const BOMBAY_RECIPIENT: Record<Component, Record<'Oh+' | 'Oh-', string>> = {
    whole_blood: { 'Oh-': 'Oh-', 'Oh+': 'Oh- Oh+' },
    red_cells: { 'Oh-': 'Oh-', 'Oh+': 'Oh- Oh+' },
    platelets: { 'Oh-': 'Oh- Oh+', 'Oh+': 'Oh- Oh+' },
    plasma: { 'Oh-': 'Oh- Oh+', 'Oh+': 'Oh- Oh+' },
  };
  // When an admin allows it, a Bombay donor's red cells (no A, B or H) suit whoever O red cells suit.
  const ALLOWED_BOMBAY_RED_CELLS: Record<'Oh+' | 'Oh-', string> = {
    'Oh-': 'O- O+ A- A+ B- B+ AB- AB+',
    'Oh+': 'O+ A+ B+ AB+',
  };

  function expected(recipient: Label, donor: Label, component: Component, allow: boolean): boolean {
    if (recipient === 'Oh+' || recipient === 'Oh-') return BOMBAY_RECIPIENT[component][recipient].split(' ').includes(donor);
    if (donor === 'Oh+' || donor === 'Oh-') return allow && component === 'red_cells' && ALLOWED_BOMBAY_RED_CELLS[donor].split(' ').includes(recipient);
    return ACCEPTS[component][recipient].split(' ').includes(donor);
  }

  const cases = COMPONENTS.flatMap((component) =>
    [false, true].flatMap((allow) => TYPES.flatMap((recipient) => TYPES.map((donor) => ({ component, allow, recipient, donor })))),
  );

  it.each(cases)('$component, allowBombayDonors $allow: $recipient ← $donor', ({ component, allow, recipient, donor }) => {
    expect(isCompatible(typeOf(recipient), typeOf(donor), component, { allowBombayDonors: allow })).toBe(expected(recipient, donor, component, allow));
  });

  it('never gives a Bombay patient an ordinary O donor, whatever the admin allows', () => {
    for (const component of COMPONENTS) {
      expect(isCompatible(typeOf('Oh-'), ordinary('O-'), component, { allowBombayDonors: true })).toBe(false);
    }
  });

  it('tells matching how to filter on is_bombay', () => {
    expect(bombayDonorFilter(true, false)).toBe('only');
    expect(bombayDonorFilter(true, true)).toBe('only');
    expect(bombayDonorFilter(false, false)).toBe('exclude');
    expect(bombayDonorFilter(false, true)).toBe('any');
    expect(bombayDonorFilter(false, true, 'red_cells')).toBe('any');
    for (const component of ['whole_blood', 'platelets', 'plasma'] as const) {
      expect(bombayDonorFilter(false, true, component)).toBe('exclude');
      expect(bombayDonorFilter(true, false, component)).toBe('only');
    }
  });

  it('orders Bombay donors for a Bombay patient by the O± rules (donorGroupsFor ignores the flag)', () => {
    expect(listed('O-', 'platelets')).toBe('O-:0 O+:1');
    expect(listed('O+', 'red_cells')).toBe('O+:0 O-:1');
  });
});
