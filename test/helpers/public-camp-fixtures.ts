import type { Database } from '../../src/db/database';
import type { GeoDirectory } from '../../src/geo/geo-directory';
import { districtId } from './fixtures';

// Organisations and camps written straight to the database, as volunteers would have set them up.

let organisationCounter = 0;

export async function addOrganisation(db: Database, geo: GeoDirectory, o: { name?: string; kind?: string; district?: [string, string] } = {}): Promise<number> {
  const [state, district] = o.district ?? ['UP', 'Prayagraj'];
  organisationCounter += 1;
  const row = await db.one<{ id: number }>(
    `insert into partner_organisations (name, kind, contact_name, contact_phone, state_code, district_id)
     values ($1, $2, 'Dr Kavita Singh', '+919811122233', $3, $4) returning id`,
    [o.name ?? `Allahabad University NSS ${organisationCounter}`, o.kind ?? 'college', state, districtId(geo, state, district)],
  );
  return row.id;
}

export interface CampOptions {
  title?: string;
  organisationId?: number;
  district?: [string, string];
  date?: string;
  startsAt?: string;
  endsAt?: string;
  capacity?: number;
  registered?: number;
  status?: 'planned' | 'held' | 'cancelled';
  cancelledReason?: string;
  units?: number;
  venue?: string;
  bloodBank?: string;
}

export async function addCamp(db: Database, geo: GeoDirectory, c: CampOptions = {}): Promise<number> {
  const [state, district] = c.district ?? ['UP', 'Prayagraj'];
  const organisationId = c.organisationId ?? (await addOrganisation(db, geo, { district: [state, district] }));
  const row = await db.one<{ id: number }>(
    `insert into camps (title, organisation_id, blood_bank, venue, state_code, district_id, pincode, camp_date, starts_at, ends_at,
                        capacity, registered_count, status, cancelled_reason, units_collected)
     values ($1, $2, $3, $4, $5, $6, '211002', $7, $8, $9, $10, $11, $12, $13, $14) returning id`,
    [
      c.title ?? 'Civil Lines blood donation camp', organisationId, c.bloodBank ?? 'SRN Hospital Blood Bank',
      c.venue ?? 'Senate Hall, University Road', state, districtId(geo, state, district), c.date ?? '2026-06-20',
      c.startsAt ?? '09:00', c.endsAt ?? '14:00', c.capacity ?? 50, c.registered ?? 0, c.status ?? 'planned',
      c.cancelledReason ?? (c.status === 'cancelled' ? 'Heavy rain warning' : null), c.units ?? 0,
    ],
  );
  return row.id;
}
