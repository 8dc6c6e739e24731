import { BOMBAY_COMPATIBLE_GROUPS, type BloodGroup } from '../../domain/blood';
import type { CopyValue } from '../../db/copy';
import { DAY, HOUR, MINUTE, type SyntheticClock } from './clock';
import {
  BLOOD_GROUP_WEIGHTS, BOMBAY_GIVEN_GROUP_O, CLOSED_REASON_WEIGHTS, COMPONENT_WEIGHTS, HINDI_BELT, HINDI_SHARE, PATIENT_AGE_BANDS,
  REJECTED_SHARE_OF_CLOSED, REQUEST_CHANNEL_WEIGHTS, REQUEST_REJECTION_WEIGHTS, REQUEST_STATUS_WEIGHTS, REQUEST_WINDOW_DAYS,
  UNITS_WEIGHTS, URGENCY_DAYS, URGENCY_WEIGHTS,
} from './distributions';
import { formToken, FAMILY_PHONE_PREFIX, PhoneSequence, SYNTHETIC_PATIENT_NAME_PREFIX, type ReferenceSequence } from './identities';
import type { Places } from './places';
import { LabelPicker, WeightedPicker, type Random } from './random';

// Rows of synthetic blood requests for COPY. Requests still in play (awaiting verification, open,
// in progress) are recent and needed today or later; finished ones are spread over two years, so
// the expiry job finds nothing to do and the timeline columns are in order.

export const REQUEST_COLUMNS = [
  'reference', 'form_token', 'patient_name', 'patient_age', 'blood_group', 'is_bombay', 'component', 'units',
  'hospital_name', 'hospital_city', 'state_code', 'district_id', 'pincode', 'latitude', 'longitude',
  'needed_by', 'urgency', 'contact_name', 'contact_phone', 'relation', 'status', 'source_channel',
  'preferred_language', 'consent_notice_version', 'consent_given_at', 'created_at', 'updated_at',
  'verified_at', 'rejected_at', 'rejection_reason', 'handled_since', 'units_pledged', 'units_donated',
  'closed_reason', 'closed_at', 'fulfilled_at', 'is_demo',
] as const;

const HOSPITALS = [
  'District Hospital', 'Government Medical College Hospital', 'Civil Hospital', 'Sadar Hospital', 'Community Health Centre',
  'City Hospital', 'Railway Hospital', 'ESIC Hospital', 'Mission Hospital', 'Charitable Hospital', 'Multispeciality Hospital',
  'Women and Children Hospital', 'Cancer Institute', 'Trauma Centre',
];
const RELATIONS = ['Father', 'Mother', 'Son', 'Daughter', 'Husband', 'Wife', 'Brother', 'Sister', 'Friend', 'Neighbour', null];

export interface RequestRowOptions {
  clock: SyntheticClock;
  places: Places;
  random: Random;
  references: ReferenceSequence;
  consentNoticeVersion: string;
  firstNumber?: number;
}

export function* requestRows(count: number, o: RequestRowOptions): Generator<CopyValue[]> {
  const { clock, places, random } = o;
  const groupPicker = new LabelPicker(BLOOD_GROUP_WEIGHTS);
  const componentPicker = new LabelPicker(COMPONENT_WEIGHTS);
  const unitsPicker = new LabelPicker(UNITS_WEIGHTS);
  const urgencyPicker = new LabelPicker(URGENCY_WEIGHTS);
  const statusPicker = new LabelPicker(REQUEST_STATUS_WEIGHTS);
  const rejectionPicker = new LabelPicker(REQUEST_REJECTION_WEIGHTS);
  const closedPicker = new LabelPicker(CLOSED_REASON_WEIGHTS);
  const channelPicker = new LabelPicker(REQUEST_CHANNEL_WEIGHTS);
  const agePicker = new WeightedPicker(PATIENT_AGE_BANDS.map(([, , w]) => w));
  const isBombayCapable = new Set<BloodGroup>(BOMBAY_COMPATIBLE_GROUPS);
  const phones = new PhoneSequence(FAMILY_PHONE_PREFIX);
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  // Each step of a timeline comes min…max ms after the one before, but never after `deadline`:
  // now, or the moment an expired request expired.
  let deadline = clock.nowMs;
  const later = (from: number, min: number, max: number) => Math.min(from + min + Math.floor(random() * (max - min)), deadline);
  const todayStart = clock.dayStartMs(0);
  const first = o.firstNumber ?? 1;

  for (let n = first; n < first + count; n++) {
    const status = statusPicker.pick(random());
    const urgency = urgencyPicker.pick(random());
    const leadDays = URGENCY_DAYS[urgency];
    const active = status === 'pending_verification' || status === 'open' || status === 'in_progress';
    // Active: needed today or later. Expired: needed before today. Others: any time in two years.
    const postedDaysAgo = active ? between(0, leadDays) : status === 'expired' ? between(leadDays + 1, REQUEST_WINDOW_DAYS) : between(1, REQUEST_WINDOW_DAYS);
    let createdMs = clock.dayStartMs(-postedDaysAgo) + Math.floor(random() * DAY);
    if (createdMs > clock.nowMs) createdMs = todayStart + Math.floor(random() * (clock.nowMs - todayStart));
    const neededByOffset = leadDays - postedDaysAgo;

    // The expiry job runs every few minutes after the needed-by day is over.
    const expiredMs = status === 'expired' ? Math.min(clock.dayStartMs(neededByOffset + 1) + Math.floor(random() * 10 * MINUTE), clock.nowMs) : null;
    deadline = expiredMs ?? clock.nowMs;
    const rejected = status === 'closed' && random() < REJECTED_SHARE_OF_CLOSED;
    // Requests left unverified until their date passed simply expire.
    const verified = status !== 'pending_verification' && !rejected && !(status === 'expired' && random() < 0.2);
    const verifiedMs = verified ? later(createdMs, 10 * MINUTE, 4 * HOUR) : null;
    const rejectedMs = rejected ? later(createdMs, 10 * MINUTE, 10 * HOUR) : null;
    const handled = status === 'in_progress' || status === 'fulfilled';
    const handledMs = handled ? later(verifiedMs!, 5 * MINUTE, 2 * HOUR) : null;
    const fulfilledMs = status === 'fulfilled' ? later(handledMs!, HOUR, Math.max(1, leadDays) * DAY) : null;
    const closedMs = status === 'closed' && !rejected ? later(verifiedMs!, HOUR, 2 * DAY) : null;
    const updatedMs = Math.max(createdMs, verifiedMs ?? 0, rejectedMs ?? 0, handledMs ?? 0, fulfilledMs ?? 0, closedMs ?? 0, expiredMs ?? 0);

    const units = Number(unitsPicker.pick(random()));
    const donated = status === 'fulfilled' ? units : status === 'in_progress' ? between(0, units - 1) : 0;
    const pledged = status === 'in_progress' ? between(0, units - donated) : 0;
    const band = PATIENT_AGE_BANDS[agePicker.pick(random())]!;
    const group = groupPicker.pick(random());
    const place = places.pick(random);
    const hindiShare = HINDI_BELT.has(place.stateCode) ? HINDI_SHARE.hindiBelt : HINDI_SHARE.elsewhere;

    yield [
      o.references.take(),
      formToken(n, random),
      SYNTHETIC_PATIENT_NAME_PREFIX + n,
      between(band[0], band[1]),
      group,
      isBombayCapable.has(group) && random() < BOMBAY_GIVEN_GROUP_O,
      componentPicker.pick(random()),
      units,
      `${HOSPITALS[(random() * HOSPITALS.length) | 0]}, ${place.districtName}`,
      place.districtName,
      place.stateCode,
      place.districtId,
      place.pincode,
      place.latitude,
      place.longitude,
      clock.day(neededByOffset),
      urgency,
      `Synthetic Family ${n}`,
      phones.take(),
      RELATIONS[(random() * RELATIONS.length) | 0],
      status,
      channelPicker.pick(random()),
      random() < hindiShare ? 'hi' : 'en',
      o.consentNoticeVersion,
      clock.timestamp(createdMs),
      clock.timestamp(createdMs),
      clock.timestamp(updatedMs),
      verifiedMs === null ? null : clock.timestamp(verifiedMs),
      rejectedMs === null ? null : clock.timestamp(rejectedMs),
      rejected ? rejectionPicker.pick(random()) : null,
      handledMs === null ? null : clock.timestamp(handledMs),
      pledged,
      donated,
      closedMs === null ? null : closedPicker.pick(random()),
      closedMs === null ? null : clock.timestamp(closedMs),
      fulfilledMs === null ? null : clock.timestamp(fulfilledMs),
      true,
    ];
  }
}
