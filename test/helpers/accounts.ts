import type { Database } from '../../src/db/database';
import { hashPassword } from '../../src/auth/passwords';
import { insertVolunteer, replaceJurisdiction } from '../../src/volunteers/volunteers.queries';
import type { GeoDirectory } from '../../src/geo/geo-directory';
import { districtId } from './fixtures';
import { openForm, type browser } from './test-app';

export const TEST_PASSWORD = 'river mango lantern 42';

/** Creates an account (bcrypt cost 4 for speed) with a jurisdiction; returns its id. */
export async function createAccount(
  db: Database,
  geo: GeoDirectory,
  options: {
    username: string;
    role?: 'volunteer' | 'admin';
    state?: string;
    districts?: string[];
    mustChangePassword?: boolean;
    password?: string;
    fullName?: string;
  },
): Promise<number> {
  const created = await insertVolunteer(db, {
    username: options.username,
    fullName: options.fullName ?? `Constable ${options.username}`,
    role: options.role ?? 'volunteer',
    passwordHash: await hashPassword(options.password ?? TEST_PASSWORD, 4),
    mustChangePassword: options.mustChangePassword ?? false,
  });
  if (!created) throw new Error(`username ${options.username} exists`);
  if (options.state) {
    const ids = (options.districts ?? []).map((name) => districtId(geo, options.state!, name));
    await replaceJurisdiction(db, created.id, { stateCode: options.state, districtIds: ids });
  }
  return created.id;
}

/** Signs an agent in through the real form; returns the sign-in response. */
export async function signIn(agent: ReturnType<typeof browser>, username: string, password = TEST_PASSWORD, next?: string) {
  const { csrf } = await openForm(agent, `/login?lang=en${next ? `&next=${encodeURIComponent(next)}` : ''}`);
  return agent.post('/login').type('form').send({ username, password, _csrf: csrf, next: next ?? '' });
}
