import type { Sql } from '../db/database';
import { addDays } from '../domain/dates';
import { pincodeLocation } from '../geo/pincode-location';

// Demo partner organisations and camps, so /camps and the staff camp pages have something to show.
// Like the rest of the demo data they carry is_demo and names starting with "Demo ".

interface DemoOrganisation { name: string; kind: string; state: string; district: string }
interface DemoCamp {
  title: string; organisation: string; bloodBank: string; venue: string; state: string; district: string; pincode: string;
  daysAhead: number; starts: string; ends: string; capacity: number; cancelledReason?: string;
}

const ORGANISATIONS: DemoOrganisation[] = [
  { name: 'Demo NSS Unit, Ewing Christian College', kind: 'college', state: 'UP', district: 'Prayagraj' },
  { name: 'Demo Sankalp Seva Samiti', kind: 'ngo', state: 'UP', district: 'Lucknow' },
  { name: 'Demo Shri Hanuman Mandir Samiti', kind: 'religious', state: 'UP', district: 'Prayagraj' },
];

const CAMPS: DemoCamp[] = [
  { title: 'Demo Voluntary Blood Donation Camp, ECC', organisation: ORGANISATIONS[0]!.name, bloodBank: 'SRN Hospital Blood Bank', venue: 'Ewing Christian College, Gaughat, Prayagraj', state: 'UP', district: 'Prayagraj', pincode: '211003', daysAhead: 5, starts: '09:30', ends: '15:00', capacity: 60 },
  { title: 'Demo Raktdaan Shivir, Hanuman Mandir', organisation: ORGANISATIONS[2]!.name, bloodBank: 'Kamla Nehru Memorial Hospital Blood Bank', venue: 'Hanuman Mandir Prangan, Civil Lines, Prayagraj', state: 'UP', district: 'Prayagraj', pincode: '211001', daysAhead: 12, starts: '10:00', ends: '14:00', capacity: 40 },
  { title: 'Demo Sankalp Blood Donation Camp', organisation: ORGANISATIONS[1]!.name, bloodBank: 'KGMU Blood Bank', venue: 'Sankalp Bhawan, Indira Nagar, Lucknow', state: 'UP', district: 'Lucknow', pincode: '226016', daysAhead: 8, starts: '09:00', ends: '13:00', capacity: 50, cancelledReason: 'Demo: venue not available; a new date will be announced' },
];

/** Removes demo camps and organisations of an earlier run (registrations go with their camps). */
export async function deleteDemoCamps(db: Sql): Promise<void> {
  await db.exec('delete from camps where is_demo');
  await db.exec('delete from partner_organisations where is_demo');
}

export async function writeDemoCamps(
  tx: Sql,
  o: { today: string; districtOf: (state: string, name: string) => number; createdBy: number | null; registrants: number[] },
): Promise<number> {
  const organisationIds = new Map<string, number>();
  for (const org of ORGANISATIONS) {
    const row = await tx.one<{ id: number }>(
      `insert into partner_organisations (name, kind, contact_name, state_code, district_id, created_by, is_demo)
       values ($1, $2, 'Demo Coordinator', $3, $4, $5, true) returning id`,
      [org.name, org.kind, org.state, o.districtOf(org.state, org.district), o.createdBy],
    );
    organisationIds.set(org.name, row.id);
  }
  let first: number | undefined;
  for (const c of CAMPS) {
    const where = pincodeLocation(c.pincode);
    const row = await tx.one<{ id: number }>(
      `insert into camps (title, organisation_id, blood_bank, venue, state_code, district_id, pincode, latitude, longitude,
                          camp_date, starts_at, ends_at, capacity, status, cancelled_reason, created_by, is_demo)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, true) returning id`,
      [
        c.title, organisationIds.get(c.organisation), c.bloodBank, c.venue, c.state, o.districtOf(c.state, c.district), c.pincode,
        where?.latitude ?? null, where?.longitude ?? null, addDays(o.today, c.daysAhead), c.starts, c.ends, c.capacity,
        c.cancelledReason ? 'cancelled' : 'planned', c.cancelledReason ?? null, o.createdBy,
      ],
    );
    first ??= row.id;
  }
  // A few demo donors already hold seats at the first camp.
  for (const donorId of o.registrants) {
    await tx.exec(`insert into camp_registrations (camp_id, donor_id, source) values ($1, $2, 'web')`, [first, donorId]);
  }
  await tx.exec('update camps set registered_count = $2 where id = $1', [first, o.registrants.length]);
  return CAMPS.length;
}
