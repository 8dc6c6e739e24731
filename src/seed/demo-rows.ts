import type { BloodGroup, Component, Sex, Urgency } from '../domain/blood';

// The rows of the demo dataset as buildDemoDataset (demo-data.ts) returns them: column names as in
// the tables, with districts and verifying accounts by name until they are written.

export interface DemoAccount {
  username: string;
  fullName: string;
  role: 'volunteer' | 'admin';
  rank: string;
  badgeNumber: string;
  policeStation: string;
  phone: string;
  jurisdiction: { stateCode: string; districts: string[] } | undefined;
  /** What the account covers, for the summary and the README. */
  area: string;
}

export interface DemoDonor {
  full_name: string;
  phone: string;
  sex: Sex;
  date_of_birth: string;
  weight_kg: number;
  blood_group: BloodGroup;
  is_bombay: boolean;
  state_code: string;
  district: string;
  locality: string;
  pincode: string;
  latitude: number | null;
  longitude: number | null;
  last_donation_on: string | null;
  status: 'pending_verification' | 'verified';
  source_channel: 'web' | 'helpline' | 'camp';
  preferred_language: 'hi' | 'en';
  consent_notice_version: string;
  created_at: Date;
  verified_at: Date | null;
  /** Username of the demo account that verified the donor. */
  verified_by: string | null;
  registered_by: string | null;
}

export interface DemoRequest {
  form_token: string;
  patient_name: string;
  patient_age: number;
  blood_group: BloodGroup;
  is_bombay: boolean;
  component: Component;
  units: number;
  urgency: Urgency;
  needed_by: string;
  hospital_name: string;
  hospital_city: string;
  state_code: string;
  district: string;
  pincode: string;
  latitude: number | null;
  longitude: number | null;
  contact_name: string;
  contact_phone: string;
  relation: string;
  notes: string | null;
  status: 'pending_verification' | 'open';
  preferred_language: 'hi' | 'en';
  consent_notice_version: string;
  created_at: Date;
  verified_at: Date | null;
  verified_by: string | null;
  /** The tracking timeline: one event per status reached. */
  events: Array<{ status: 'pending_verification' | 'open'; at: Date }>;
}

export interface DemoDataset {
  /** The day the dataset is built for, in India. */
  today: string;
  accounts: DemoAccount[];
  donors: DemoDonor[];
  requests: DemoRequest[];
}
