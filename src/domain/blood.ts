// Vocabulary of blood donation shared by forms, SQL checks and (later) matching.

export const BLOOD_GROUPS = ['A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-'] as const;
export type BloodGroup = (typeof BLOOD_GROUPS)[number];

/** Bombay (hh) phenotype is reported as O by routine typing, so it is only valid with O+ or O−. */
export const BOMBAY_COMPATIBLE_GROUPS: readonly BloodGroup[] = ['O+', 'O-'];

export const COMPONENTS = ['whole_blood', 'red_cells', 'platelets', 'plasma'] as const;
export type Component = (typeof COMPONENTS)[number];

export const URGENCIES = ['emergency', 'urgent', 'planned'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const SEXES = ['male', 'female', 'other'] as const;
export type Sex = (typeof SEXES)[number];

export const MIN_UNITS = 1;
export const MAX_UNITS = 20;

/** Shown with the proper minus sign (−) rather than a hyphen. */
export function displayBloodGroup(group: string): string {
  return group.replace('-', '−');
}
