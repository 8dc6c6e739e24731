import { expect } from 'vitest';
import type { Database } from '../../src/db/database';
import { signIn } from './accounts';
import { browser, hiddenValue, type TestApp } from './test-app';

// Camp registrations and the attendance form, as a volunteer at a camp uses it.

type Agent = ReturnType<typeof browser>;

/** Everything the camp stories write, oldest dependants first (the audit log is append-only and stays). */
export const CLEAN_CAMPS = `delete from notifications; delete from donations; delete from donor_deferrals; delete from contact_attempts;
  delete from camp_registrations; delete from camps; delete from partner_organisations; delete from blood_requests; delete from donors`;

/** A registration made before the camp (on the website unless told otherwise), holding a seat as registerForCamp would. */
export async function register(db: Database, campId: number, donorId: number, o: { forRequestId?: number; source?: 'web' | 'volunteer' | 'walk_in' } = {}): Promise<number> {
  const source = o.source ?? 'web';
  const row = await db.one<{ id: number }>(
    'insert into camp_registrations (camp_id, donor_id, for_request_id, source) values ($1, $2, $3, $4) returning id',
    [campId, donorId, o.forRequestId ?? null, source],
  );
  if (source !== 'walk_in') await db.exec('update camps set registered_count = registered_count + 1 where id = $1', [campId]);
  return row.id;
}

/** The attendance page's form, filled in and sent with that page's hidden fields, as a browser does. */
export async function saveAttendance(agent: Agent, campId: number, fields: Record<string, string>, options: { page?: number } = {}) {
  const path = `/volunteer/camps/${campId}/attendance?lang=en${options.page ? `&page=${options.page}` : ''}`;
  const form = await agent.get(path);
  expect(form.status).toBe(200);
  const hidden = { _csrf: hiddenValue(form.text, '_csrf'), rows: hiddenValue(form.text, 'rows'), page: hiddenValue(form.text, 'page') };
  return agent.post(`/volunteer/camps/${campId}/attendance`).type('form').send({ ...hidden, ...fields });
}

/** A browser signed in as this volunteer or admin. */
export async function signedIn(app: TestApp, username: string): Promise<Agent> {
  const agent = browser(app.app);
  expect((await signIn(agent, username)).status).toBe(303);
  return agent;
}

/** The selected option of a select, or undefined. */
export function selectedOption(html: string, name: string): string | undefined {
  const select = new RegExp(`<select id="${name}" name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '';
  return /<option value="([^"]*)" selected>/.exec(select)?.[1];
}
