import { expect } from 'vitest';
import type { Database } from '../../src/db/database';
import { browser, openForm, type TestApp } from './test-app';

type Agent = ReturnType<typeof browser>;

/** Asks for a sign-in code for a number the way the login form does; returns the response. */
export async function askForCode(agent: Agent, phone: string) {
  const { csrf } = await openForm(agent, '/me/login?lang=en');
  return agent.post('/me/login').type('form').send({ phone, _csrf: csrf });
}

/** Enters a code on the code page, with that page's CSRF token. */
export async function enterCode(agent: Agent, code: string) {
  const { csrf } = await openForm(agent, '/me/login/code?lang=en');
  return agent.post('/me/login/code').type('form').send({ code, _csrf: csrf });
}

/** The code in the newest SMS queued for a number: what the donor reads on their phone. */
export async function smsCode(db: Database, phone: string): Promise<string> {
  const row = await db.maybeOne<{ code: string }>(
    "select payload->>'code' as code from notifications where template = 'login_code' and recipient = $1 order by id desc limit 1",
    [phone],
  );
  if (!row) throw new Error(`no sign-in SMS queued for ${phone}`);
  return row.code;
}

/** A browser signed in as the donor with this (E.164) number, through the real forms. */
export async function signInAsDonor(app: TestApp, db: Database, phone: string, agent: Agent = browser(app.app)): Promise<Agent> {
  expect((await askForCode(agent, phone)).status).toBe(303);
  const res = await enterCode(agent, await smsCode(db, phone));
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/me');
  return agent;
}

/** Posts a form found on a page, with that page's CSRF token, as a browser would. */
export async function postFrom(agent: Agent, pagePath: string, action: string, fields: Record<string, string> = {}) {
  const { csrf } = await openForm(agent, pagePath);
  return agent.post(action).type('form').send({ ...fields, _csrf: csrf });
}

/** The message shown under a field, without the hidden "Error:" prefix. */
export function fieldMessage(html: string, name: string): string {
  const match = new RegExp(`<p class="field-error" id="${name}-error">([\\s\\S]*?)</p>`).exec(html);
  return match?.[1]?.replace(/<span class="visually-hidden">[^<]*<\/span>/, '').replace(/<[^>]+>/g, '').trim() ?? '';
}
