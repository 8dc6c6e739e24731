import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/database';
import { insertDonor, type NewDonor } from '../../src/donors/donors.queries';
import type { GeoDirectory } from '../../src/geo/geo-directory';
import { createBloodRequest, type NewBloodRequest } from '../../src/requests/requests.queries';
import { districtId } from './fixtures';

// Donors and requests written straight to the database, for tests about what volunteers do with them.

let phoneCounter = 0;
/** A fresh valid Indian mobile number per call. */
export function uniquePhone(): string {
  phoneCounter += 1;
  return `+9197${String(process.pid % 1000).padStart(3, '0')}${String(phoneCounter).padStart(5, '0')}`;
}

export async function addDonor(
  db: Database,
  geo: GeoDirectory,
  o: Partial<NewDonor> & { district?: [string, string]; createdAt?: Date } = {},
): Promise<number> {
  const [state, district] = o.district ?? ['UP', 'Prayagraj'];
  const row = await insertDonor(db, {
    full_name: 'Ramesh Kumar',
    phone: uniquePhone(),
    email: undefined,
    sex: 'male',
    date_of_birth: '1990-04-12',
    weight_kg: 68,
    blood_group: 'B+',
    is_bombay: false,
    state_code: state,
    district_id: districtId(geo, state, district),
    locality: 'Civil Lines',
    pincode: '211001',
    last_donation_on: undefined,
    preferred_language: 'hi',
    consent_notice_version: '2026-11',
    consent_given_at: o.createdAt ?? new Date(),
    ...o,
  });
  if (!row) throw new Error('donor phone already used');
  if (o.createdAt) await db.exec('update donors set created_at = $2 where id = $1', [row.id, o.createdAt]);
  return row.id;
}

export async function addRequest(
  db: Database,
  geo: GeoDirectory,
  o: Partial<NewBloodRequest> & { district?: [string, string]; createdAt?: Date } = {},
): Promise<{ id: number; reference: string }> {
  const [state, district] = o.district ?? ['UP', 'Prayagraj'];
  const at = o.createdAt ?? new Date();
  const row = await db.withTransaction((tx) =>
    createBloodRequest(tx, {
      form_token: randomUUID(),
      patient_name: 'Sunita Devi',
      patient_age: 54,
      blood_group: 'O-',
      is_bombay: false,
      component: 'red_cells',
      units: 2,
      urgency: 'urgent',
      needed_by: '2026-06-16',
      hospital_name: 'SRN Hospital',
      hospital_city: 'Prayagraj',
      state_code: state,
      district_id: districtId(geo, state, district),
      pincode: '211002',
      contact_name: 'Amit Kumar',
      contact_phone: uniquePhone(),
      relation: undefined,
      notes: undefined,
      preferred_language: 'hi',
      consent_notice_version: '2026-11',
      consent_given_at: at,
      ...o,
    }),
  );
  if (o.createdAt) await db.exec('update blood_requests set created_at = $2 where id = $1', [row.id, o.createdAt]);
  return { id: row.id, reference: row.reference };
}
