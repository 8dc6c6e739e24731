// Words shared by the camp pages, forms and SQL checks (migrations/0012_create_camps.sql).

export const ORGANISATION_KINDS = ['ngo', 'college', 'company', 'religious', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const CAMP_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type CampStatus = (typeof CAMP_STATUSES)[number];

export const REGISTRATION_STATUSES = ['registered', 'cancelled', 'donated', 'deferred', 'no_show'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const REGISTRATION_SOURCES = ['web', 'volunteer', 'walk_in'] as const;
export type RegistrationSource = (typeof REGISTRATION_SOURCES)[number];

export const MAX_CAMP_CAPACITY = 2000;
