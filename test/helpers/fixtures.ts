import type { GeoDirectory } from '../../src/geo/geo-directory';

export function districtId(geo: GeoDirectory, state: string, name: string): number {
  const found = geo.districtsOf(state).find((d) => d.name === name);
  if (!found) throw new Error(`no district ${name} in ${state}`);
  return found.id;
}

/** What a person fills in on /donors/new, as the browser posts it. */
export function validDonorForm(geo: GeoDirectory, overrides: Record<string, string | string[] | undefined> = {}) {
  const form: Record<string, string | string[] | undefined> = {
    full_name: 'Ramesh Kumar Yadav',
    phone: '+91 98765 43210',
    email: '',
    sex: 'male',
    date_of_birth: '1990-04-12',
    weight_kg: '68',
    blood_group: 'B+',
    state_code: 'UP',
    district_id: String(districtId(geo, 'UP', 'Prayagraj')),
    locality: 'Civil Lines',
    pincode: '211001',
    last_donation_on: '',
    consent: 'yes',
    website: '',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
}

/** What a family member fills in on /requests/new. */
export function validRequestForm(geo: GeoDirectory, overrides: Record<string, string | string[] | undefined> = {}) {
  const form: Record<string, string | string[] | undefined> = {
    patient_name: 'Sunita Devi',
    patient_age: '54',
    blood_group: 'O-',
    component: 'red_cells',
    units: '2',
    urgency: 'emergency',
    needed_by: '2026-06-15',
    hospital_name: 'Swaroop Rani Nehru Hospital',
    hospital_city: 'Prayagraj',
    state_code: 'UP',
    district_id: String(districtId(geo, 'UP', 'Prayagraj')),
    pincode: '211002',
    contact_name: 'Amit Kumar',
    contact_phone: '09123456789',
    relation: 'Son',
    notes: '',
    consent: 'yes',
    website: '',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(form).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
}
