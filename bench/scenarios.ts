import { BLOOD_GROUPS } from '../src/domain/blood';
import { BENCH_DONOR_NAME, type Fixtures } from './fixtures';
import type { FormSession } from './sessions';

// What the bench measures. Each scenario is one kind of request, repeated by every connection
// for the run's duration; a response with any other status than `expect` counts as an error.

export type ScenarioKind = 'public' | 'volunteer' | 'form' | 'baseline';

export interface Scenario {
  name: string;
  kind: ScenarioKind;
  method: 'GET' | 'POST';
  path: string;
  expect: number;
  headers?: Record<string, string>;
  /** A fresh body for each request (form posts). */
  body?: () => { headers: Record<string, string>; body: string };
}

export interface ScenarioInputs {
  fixtures: Fixtures;
  volunteerCookie: string;
  donorFormSessions: FormSession[];
}

export function portalScenarios({ fixtures, volunteerCookie, donorFormSessions }: ScenarioInputs): Scenario[] {
  const volunteer = { cookie: volunteerCookie };
  let sent = 0;
  return [
    { name: 'home', kind: 'public', method: 'GET', path: '/', expect: 200 },
    { name: 'donor-form', kind: 'public', method: 'GET', path: '/donors/new', expect: 200 },
    {
      name: 'register-donor',
      kind: 'form',
      method: 'POST',
      path: '/donors',
      expect: 303,
      // Every post a new phone number, through a pool of sessions opened beforehand.
      body() {
        const session = donorFormSessions[sent % donorFormSessions.length]!;
        sent += 1;
        return {
          headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: donorFormBody(fixtures, session.csrf, fixtures.nextPhone(), BLOOD_GROUPS[sent % BLOOD_GROUPS.length]!),
        };
      },
    },
    { name: 'track-form', kind: 'public', method: 'GET', path: '/requests/track', expect: 200 },
    { name: 'queue', kind: 'volunteer', method: 'GET', path: '/volunteer', expect: 200, headers: volunteer },
    { name: 'matching-dense', kind: 'volunteer', method: 'GET', path: `/volunteer/requests/${fixtures.dense.request.id}`, expect: 200, headers: volunteer },
    { name: 'matching-sparse', kind: 'volunteer', method: 'GET', path: `/volunteer/requests/${fixtures.sparse.request.id}`, expect: 200, headers: volunteer },
  ];
}

export const BASELINE_SCENARIO: Scenario = { name: 'baseline-fortunes', kind: 'baseline', method: 'GET', path: '/fortunes', expect: 200 };

/** What a person fills in on /donors/new, as the browser posts it. */
function donorFormBody(f: Fixtures, csrf: string, phone: string, group: string): string {
  return new URLSearchParams({
    full_name: BENCH_DONOR_NAME,
    phone,
    email: '',
    sex: 'male',
    date_of_birth: '1990-04-12',
    weight_kg: '68',
    blood_group: group,
    state_code: f.registration.stateCode,
    district_id: String(f.registration.districtId),
    locality: 'Civil Lines',
    pincode: f.registration.pincode,
    last_donation_on: '',
    consent: 'yes',
    website: '',
    _csrf: csrf,
  }).toString();
}
