import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPooledDatabase } from '../src/db/pool';
import { createLogger } from '../src/logger';
import { createHttpGatewayTransport } from '../src/notifications/http-gateway';
import { createLogTransport } from '../src/notifications/log-transport';
import type { Transport } from '../src/notifications/transport';
import { claimDueNotifications } from '../src/notifications/notifications.queries';
import { notifyDonor, notifyRequester } from '../src/notifications/notify';
import { enqueueNotification, TEMPLATES, type OutgoingMessage } from '../src/notifications/outbox';
import { MessageDataError, renderMessage, REQUIRED_PAYLOAD } from '../src/notifications/templates';
import { deliverDue, type DeliveryOptions } from '../src/notifications/worker';
import { createAccount, signIn } from './helpers/accounts';
import { validRequestForm } from './helpers/fixtures';
import { startGateway, type TestGateway } from './helpers/gateway';
import { addDonor, addRequest } from './helpers/records';
import { browser, buildTestApp, hiddenValue, openForm, TEST_NOW, type TestApp } from './helpers/test-app';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from './helpers/test-db';

// Messages to donors and families: what they say in Hindi and English, how they are queued with
// the change they report, how the worker delivers them (retries, failures, crashes, two workers
// at once) and what an admin sees of them.

let t: TestDatabase;
let app: TestApp;
let gateway: TestGateway;
let clock: Date;
const workerLog: string[] = [];
const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => (workerLog.push(String(chunk)), done()) }));
const CONTEXT = { baseUrl: 'https://raktdaan.example.org', helpline: '1800 180 1234' };
const minutes = (n: number) => new Date(clock.getTime() + n * 60_000);

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db);
  gateway = await startGateway();
  await createAccount(t.db, app.geo, { username: 'prayagraj-1', state: 'UP', districts: ['Prayagraj'] });
  await createAccount(t.db, app.geo, { username: 'prayagraj-2', state: 'UP', districts: ['Prayagraj'] });
  await createAccount(t.db, app.geo, { username: 'chief', role: 'admin' });
});
afterAll(async () => {
  app.close();
  await gateway.close();
  await t.drop();
});
beforeEach(async () => {
  clock = TEST_NOW;
  gateway.received.length = 0;
  gateway.answer(() => ({ status: 202 }));
  workerLog.length = 0;
  await t.db.exec('delete from notifications; delete from case_notes; delete from blood_requests; delete from donors');
});

function transports() {
  const http = (channel: 'sms' | 'whatsapp') => createHttpGatewayTransport({ channel, url: gateway.url, token: 'gateway-token', timeoutMs: 1_000 });
  return { sms: http('sms'), whatsapp: http('whatsapp'), email: createLogTransport('email', logger) };
}

function deliver(options: DeliveryOptions = {}, db = t.db) {
  return deliverDue({ db, transports: transports(), logger, now: () => clock }, { context: CONTEXT, ...options });
}

async function queue(m: Partial<OutgoingMessage> = {}): Promise<number> {
  const id = await enqueueNotification(t.db, {
    channel: 'sms',
    recipient: '+919876543210',
    template: 'request_verified',
    language: 'en',
    payload: { reference: 'PM-7K3QX9' },
    at: clock,
    ...m,
  });
  return id!;
}

function stateOf(id: number) {
  return t.db.one<{ status: string; attempts: number; next_attempt_at: Date; last_error: string | null; sent_at: Date | null; locked_until: Date | null }>(
    'select status, attempts, next_attempt_at, last_error, sent_at, locked_until from notifications where id = $1',
    [id],
  );
}

const FULL_PAYLOAD = {
  reference: 'PM-7K3QX9',
  hospital: 'SRN Hospital',
  district: 'Prayagraj',
  blood_group: 'O-',
  volunteer_name: 'Ram Yadav',
  helpline: '+91 98765 00000',
  date: '2026-09-13',
  next_date: '2026-09-13',
  code: '482913',
  camp: 'Civil Lines camp',
  time: '09:00',
  venue: 'Town Hall',
};

describe('message texts', () => {
  it('exist for every template in Hindi and English: short, plain, with the portal\'s name and nothing left unfilled', () => {
    for (const template of TEMPLATES) {
      const en = renderMessage(template, 'en', FULL_PAYLOAD, CONTEXT);
      const hi = renderMessage(template, 'hi', FULL_PAYLOAD, CONTEXT);
      for (const m of [en, hi]) {
        expect(m.text.length, `${template} text`).toBeLessThanOrEqual(320);
        expect(m.subject.length, `${template} subject`).toBeLessThanOrEqual(120);
        expect(`${m.subject} ${m.text}`).not.toMatch(/\{\{|\}\}|<|notifications\./);
      }
      expect(en.text).toContain('Raktdaan Mitra');
      expect(hi.text).toContain('रक्तदान मित्र');
      expect(hi.text).not.toEqual(en.text);
      // Hindi in Devanagari, not transliterated.
      expect(hi.text.match(/[\u0900-\u097F]/gu)!.length, `${template} in Hindi`).toBeGreaterThan(hi.text.length / 3);
    }
  });

  it('tell a family their reference and where to track it, in their language', () => {
    const en = renderMessage('request_verified', 'en', { reference: 'PM-7K3QX9' }, CONTEXT);
    expect(en.subject).toBe('Raktdaan Mitra: blood request PM-7K3QX9 is verified');
    expect(en.text).toContain('https://raktdaan.example.org/requests/track');
    const hi = renderMessage('request_verified', 'hi', { reference: 'PM-7K3QX9' }, CONTEXT);
    expect(hi.text).toContain('आपका रक्त अनुरोध PM-7K3QX9 सत्यापित हो गया है');
    const rejected = renderMessage('request_rejected', 'en', { reference: 'PM-7K3QX9' }, CONTEXT);
    expect(rejected.text).toContain('https://raktdaan.example.org/requests/new');
    expect(rejected.text).toContain('Helpline: 1800 180 1234');
    expect(renderMessage('request_fulfilled', 'hi', { reference: 'PM-7K3QX9' }).text).toContain('PM-7K3QX9 पूरा हो गया है');
  });

  it('ask a donor through the volunteer: hospital, district, group, volunteer and helpline, never the family\'s number', () => {
    const payload = { hospital: 'SRN Hospital', district: 'Prayagraj', blood_group: 'O-', volunteer_name: 'Ram Yadav', contact_phone: '+919123456789' };
    const withHelpline = renderMessage('donation_asked', 'en', payload, CONTEXT);
    expect(withHelpline.text).toBe(
      'Raktdaan Mitra: a patient at SRN Hospital, Prayagraj needs O- blood. Can you donate? Please call Police Mitra Ram Yadav on 1800 180 1234.',
    );
    expect(withHelpline.text).not.toContain('9123456789');
    expect(renderMessage('donation_asked', 'en', { ...payload, helpline: '+91 98765 00000' }, CONTEXT).text).toContain('Ram Yadav on +91 98765 00000.');
    expect(renderMessage('donation_asked', 'hi', payload, {}).text).toContain('पुलिस मित्र Ram Yadav आपको फ़ोन करेंगे।');
    // The names the matching pages use for the same values.
    const short = { hospital: 'SRN Hospital', district: 'Prayagraj', group: 'O−', volunteer: 'Ram Yadav' };
    expect(renderMessage('donation_asked', 'en', short, CONTEXT).text).toContain('needs O− blood. Can you donate? Please call Police Mitra Ram Yadav on 1800 180 1234.');
  });

  it('show dates as DD/MM/YYYY and a sign-in code with its 10 minutes and a warning never to share it', () => {
    expect(renderMessage('eligible_again', 'en', { date: '2026-09-13' }, CONTEXT).text).toContain('you can donate blood again from 13/09/2026');
    expect(renderMessage('eligible_again', 'hi', { date: '2026-09-13' }, CONTEXT).text).toContain('आप 13/09/2026 से फिर रक्तदान कर सकते हैं');
    expect(renderMessage('eligible_again', 'en', { date: '13/09/2026' }, CONTEXT).text).toContain('again from 13/09/2026');
    expect(renderMessage('donation_thanks', 'en', {}).text).not.toContain('again from');
    expect(renderMessage('donation_thanks', 'en', { next_date: '2026-09-13' }).text).toContain('You can donate again from 13/09/2026.');
    const code = renderMessage('login_code', 'en', { code: '048213' });
    expect(code.text).toMatch(/^Raktdaan Mitra sign-in code: 048213\. It is valid for 10 minutes\. Never share it/);
    expect(renderMessage('login_code', 'hi', { code: '048213' }).text).toContain('इसे कभी किसी को न बताएँ');
  });

  it('refuse to make a text from a payload that lacks a value, naming the value, never a half-filled text', () => {
    for (const template of TEMPLATES) {
      for (const field of REQUIRED_PAYLOAD[template]) {
        const payload: Record<string, unknown> = { ...FULL_PAYLOAD, [field]: field === 'reference' ? null : '  ' };
        expect(() => renderMessage(template, 'hi', payload), `${template} without ${field}`).toThrow(new MessageDataError(`${template}: payload is missing ${field}`));
      }
    }
    expect(() => renderMessage('login_code', 'en', { code: '12345' })).toThrow(/payload.code is not 6 digits/);
    expect(() => renderMessage('eligible_again', 'en', { date: '31/02/2026' })).toThrow(/payload.date is not a date/);
    expect(() => renderMessage('birthday_wishes', 'en', {})).toThrow(MessageDataError);
  });
});

describe('queuing messages for donors and families', () => {
  it('a donor gets an SMS, and an e-mail too when they gave one, in their language, linked to them', async () => {
    const withEmail = await addDonor(t.db, app.geo, { email: 'meena@example.org', preferred_language: 'en' });
    const phoneOnly = await addDonor(t.db, app.geo, { phone: '+919811100000' });
    const donors = await t.db.many<{ id: number; phone: string; email: string | null; preferred_language: 'hi' | 'en' }>(
      'select id, phone, email, preferred_language from donors order by id',
    );
    for (const donor of donors) await notifyDonor(t.db, donor, 'eligible_again', { date: '2026-09-13' });
    const rows = await t.db.many('select donor_id::int as donor_id, channel, recipient, language, template, payload from notifications order by id');
    expect(rows).toEqual([
      { donor_id: withEmail, channel: 'sms', recipient: donors[0]!.phone, language: 'en', template: 'eligible_again', payload: { date: '2026-09-13' } },
      { donor_id: withEmail, channel: 'email', recipient: 'meena@example.org', language: 'en', template: 'eligible_again', payload: { date: '2026-09-13' } },
      { donor_id: phoneOnly, channel: 'sms', recipient: '+919811100000', language: 'hi', template: 'eligible_again', payload: { date: '2026-09-13' } },
    ]);
  });

  it('an erased donor (no phone) gets nothing, and a message with a dedupe key is queued once per channel', async () => {
    expect(await notifyDonor(t.db, { id: 1, phone: null, email: null, preferred_language: 'hi' }, 'donor_verified')).toEqual([]);
    const id = await addDonor(t.db, app.geo, { email: 'once@example.org' });
    const donor = { id, phone: '+919811100001', email: 'once@example.org', preferred_language: 'hi' as const };
    const first = await notifyDonor(t.db, donor, 'eligible_again', { date: '2026-09-13' }, { dedupeKey: `eligible:${id}:2026-09-13` });
    const again = await notifyDonor(t.db, donor, 'eligible_again', { date: '2026-09-13' }, { dedupeKey: `eligible:${id}:2026-09-13` });
    expect(first).toHaveLength(2);
    expect(again).toEqual([]);
    expect(await t.db.many('select dedupe_key from notifications order by id')).toEqual([
      { dedupe_key: `eligible:${id}:2026-09-13:sms` },
      { dedupe_key: `eligible:${id}:2026-09-13:email` },
    ]);
  });

  it('a family gets an SMS to the contact phone, linked to the request', async () => {
    const request = await addRequest(t.db, app.geo, { contact_phone: '+919123456789', preferred_language: 'en' });
    await notifyRequester(t.db, { id: request.id, contact_phone: '+919123456789', preferred_language: 'en' }, 'request_fulfilled', { reference: request.reference });
    expect(await t.db.one('select channel, recipient, request_id::int as request_id, donor_id, language from notifications')).toEqual({
      channel: 'sms', recipient: '+919123456789', request_id: request.id, donor_id: null, language: 'en',
    });
  });
});

async function as(username: string) {
  const agent = browser(app.app);
  expect((await signIn(agent, username)).status).toBe(303);
  return agent;
}

async function post(agent: Awaited<ReturnType<typeof as>>, page: string, action: string, fields: Record<string, string> = {}) {
  const form = await agent.get(page);
  return agent.post(action).type('form').send({ ...fields, _csrf: hiddenValue(form.text, '_csrf') });
}

describe('verification tells the person, in the same transaction', () => {
  it('verifying a donor queues "donor verified" by SMS and e-mail, in the donor\'s language', async () => {
    const id = await addDonor(t.db, app.geo, { phone: '+919811122233', email: 'meena@example.org', preferred_language: 'hi' });
    const res = await post(await as('prayagraj-1'), `/volunteer/donors/${id}`, `/volunteer/donors/${id}/verify`);
    expect(res.status).toBe(303);
    expect(await t.db.many('select channel, recipient, template, language, donor_id::int as donor_id, status from notifications order by id')).toEqual([
      { channel: 'sms', recipient: '+919811122233', template: 'donor_verified', language: 'hi', donor_id: id, status: 'pending' },
      { channel: 'email', recipient: 'meena@example.org', template: 'donor_verified', language: 'hi', donor_id: id, status: 'pending' },
    ]);
  });

  it('verifying or rejecting a request queues a message with its reference to the family', async () => {
    const open = await addRequest(t.db, app.geo, { contact_phone: '+919123400001', preferred_language: 'en' });
    const closed = await addRequest(t.db, app.geo, { contact_phone: '+919123400002' });
    const agent = await as('prayagraj-1');
    await post(agent, `/volunteer/requests/${open.id}`, `/volunteer/requests/${open.id}/verify`);
    const rejected = await post(agent, `/volunteer/requests/${closed.id}`, `/volunteer/requests/${closed.id}/reject`, { reason: 'not_genuine' });
    expect(rejected.status).toBe(303);
    expect(await t.db.many('select recipient, template, language, request_id::int as request_id, payload from notifications order by id')).toEqual([
      { recipient: '+919123400001', template: 'request_verified', language: 'en', request_id: open.id, payload: { reference: open.reference } },
      { recipient: '+919123400002', template: 'request_rejected', language: 'hi', request_id: closed.id, payload: { reference: closed.reference } },
    ]);
  });

  it('rejecting a donor queues "not verified"; a second volunteer acting on a handled record queues nothing more', async () => {
    const id = await addDonor(t.db, app.geo);
    const second = await as('prayagraj-2');
    const secondPage = await second.get(`/volunteer/donors/${id}`);
    await post(await as('prayagraj-1'), `/volunteer/donors/${id}`, `/volunteer/donors/${id}/reject`, { reason: 'wrong_number' });
    const late = await second.post(`/volunteer/donors/${id}/verify`).type('form').send({ _csrf: hiddenValue(secondPage.text, '_csrf') });
    expect(late.status).toBe(303);
    expect((await second.get(`${late.headers.location}?lang=en`)).text).toContain('This was already handled by prayagraj-1');
    expect(await t.db.many('select template from notifications')).toEqual([{ template: 'donor_rejected' }]);
  });

  it('a request entered and verified at once by a volunteer sends the family its reference', async () => {
    const agent = await as('prayagraj-1');
    const { csrf, formToken } = await openForm(agent, '/volunteer/requests/new?lang=en');
    const res = await agent
      .post('/volunteer/requests')
      .type('form')
      .send({ ...validRequestForm(app.geo, { contact_phone: '98111 22334' }), form_token: formToken, source_channel: 'helpline', verified_now: 'yes', _csrf: csrf });
    expect(res.status).toBe(303);
    const request = await t.db.one<{ id: number; reference: string }>('select id, reference from blood_requests');
    expect(await t.db.one('select recipient, template, request_id::int as request_id, payload from notifications')).toEqual({
      recipient: '+919811122334', template: 'request_verified', request_id: request.id, payload: { reference: request.reference },
    });
  });
});

describe('the delivery worker', () => {
  it('sends due messages through their channel\'s transport and records them as sent', async () => {
    const sms = await queue({ language: 'hi' });
    const whatsapp = await queue({ channel: 'whatsapp', template: 'login_code', payload: { code: '482913' } });
    const email = await queue({ channel: 'email', recipient: 'meena@example.org', template: 'donor_verified', payload: {} });
    expect(await deliver()).toEqual({ sent: 3, retried: 0, failed: 0 });

    expect(gateway.received.map((r) => r.body)).toEqual([
      { to: '+919876543210', text: renderMessage('request_verified', 'hi', { reference: 'PM-7K3QX9' }, CONTEXT).text, reference: `raktdaan-${sms}` },
      { to: '+919876543210', text: expect.stringContaining('482913'), reference: `raktdaan-${whatsapp}` },
    ]);
    expect(gateway.received[0]!.headers.authorization).toBe('Bearer gateway-token');
    for (const id of [sms, whatsapp, email]) {
      expect(await stateOf(id)).toMatchObject({ status: 'sent', attempts: 1, sent_at: clock, locked_until: null, last_error: null });
    }
    const emailLine = workerLog.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.notificationId === email && l.channel === 'email' && l.text);
    expect(emailLine).toMatchObject({ to: 'm***@example.org', subject: 'Raktdaan Mitra: your donor registration is verified' });
    expect(workerLog.join('')).not.toContain('9876543210');
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('leaves a message alone until its time has come', async () => {
    const id = await queue({ at: minutes(10) });
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(await stateOf(id)).toMatchObject({ status: 'pending', attempts: 0 });
    clock = minutes(10);
    expect(await deliver()).toEqual({ sent: 1, retried: 0, failed: 0 });
  });

  it('retries after a gateway failure, waiting 1 then 5 minutes, and clears the error once sent', async () => {
    const id = await queue();
    gateway.answer(() => ({ status: 503, body: 'temporarily unavailable' }));
    expect(await deliver()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const first = await stateOf(id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: minutes(1), locked_until: null });
    expect(first.last_error).toMatch(/^sms-http: gateway 127\.0\.0\.1:\d+ answered HTTP 503: temporarily unavailable$/);

    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock = minutes(1);
    expect(await deliver()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await stateOf(id)).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: minutes(5) });

    gateway.answer(() => ({ status: 202 }));
    clock = minutes(5);
    expect(await deliver()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await stateOf(id)).toMatchObject({ status: 'sent', attempts: 3, last_error: null, sent_at: clock });
    expect(gateway.received).toHaveLength(3);
  });

  it('retries a gateway that does not answer in time', async () => {
    const id = await queue();
    gateway.answer(() => 'hang');
    expect(await deliver()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect((await stateOf(id)).last_error).toContain('no answer within 1000 ms');
  });

  it('fails a refused message at once, keeps the reason without the number, and never sends it again', async () => {
    const id = await queue();
    gateway.answer(() => ({ status: 400, body: '{"error":"+919876543210 is not a mobile number"}' }));
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 1 });
    const state = await stateOf(id);
    expect(state).toMatchObject({ status: 'failed', attempts: 1, locked_until: null });
    expect(state.last_error).toContain('HTTP 400: {"error":"[number] is not a mobile number"}');
    clock = minutes(24 * 60);
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(gateway.received).toHaveLength(1);
  });

  it('gives up after the maximum number of attempts', async () => {
    const id = await queue();
    gateway.answer(() => ({ status: 500 }));
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(await deliver({ maxAttempts: 3 }));
      clock = (await stateOf(id)).next_attempt_at;
    }
    expect(outcomes).toEqual([{ sent: 0, retried: 1, failed: 0 }, { sent: 0, retried: 1, failed: 0 }, { sent: 0, retried: 0, failed: 1 }]);
    const state = await stateOf(id);
    expect(state).toMatchObject({ status: 'failed', attempts: 3 });
    expect(state.last_error).toMatch(/^gave up after 3 attempts; sms-http: gateway 127.0.0.1:\d+ answered HTTP 500/);
  });

  it('fails a message whose payload cannot make a text, without sending anything', async () => {
    const id = await queue({ payload: {} });
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await stateOf(id)).toMatchObject({ status: 'failed', last_error: 'request_verified: payload is missing reference' });
    expect(gateway.received).toHaveLength(0);
  });

  it('cancels a sign-in code that could not go out within its 10 minutes', async () => {
    const stale = await queue({ template: 'login_code', payload: { code: '111111' }, at: minutes(-11) });
    const fresh = await queue({ template: 'login_code', payload: { code: '222222' }, at: minutes(-2) });
    expect(await deliver()).toEqual({ sent: 1, retried: 0, failed: 1 });
    expect(await stateOf(stale)).toMatchObject({ status: 'cancelled', last_error: 'expired before it could be delivered' });
    expect(await stateOf(fresh)).toMatchObject({ status: 'sent' });
    expect(gateway.received.map((r) => r.body.text)).toEqual([expect.stringContaining('222222')]);
    // The codes do not stay in the outbox once their message is done with.
    const payloads = await t.db.many<{ payload: object }>('select payload from notifications where id = any($1)', [[stale, fresh]]);
    expect(payloads).toEqual([{ payload: {} }, { payload: {} }]);
  });

  it('takes over a message claimed by a worker that died, once the claim has run out', async () => {
    const id = await queue();
    // A worker claims it and is killed before sending.
    await claimDueNotifications(t.db, clock, minutes(5), 10);
    expect(await stateOf(id)).toMatchObject({ status: 'sending', attempts: 1, locked_until: minutes(5) });
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock = minutes(4);
    expect(await deliver()).toEqual({ sent: 0, retried: 0, failed: 0 });
    clock = minutes(5);
    expect(await deliver()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await stateOf(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(gateway.received).toHaveLength(1);
  });

  it('fails a message whose sends keep dying with the worker, instead of trying it for ever', async () => {
    const id = await queue();
    await claimDueNotifications(t.db, clock, minutes(5), 10);
    clock = minutes(5);
    expect(await deliver({ maxAttempts: 1 })).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await stateOf(id)).toMatchObject({ status: 'failed', last_error: 'gave up after 1 attempts that never finished' });
    expect(gateway.received).toHaveLength(0);
  });

  it('when stopping, hands claimed messages back untried, without counting an attempt', async () => {
    const ids = [await queue(), await queue()];
    const stop = new AbortController();
    stop.abort();
    expect(await deliver({ signal: stop.signal })).toEqual({ sent: 0, retried: 0, failed: 0 });
    for (const id of ids) expect(await stateOf(id)).toMatchObject({ status: 'pending', attempts: 0, locked_until: null });
    expect(await deliver()).toEqual({ sent: 2, retried: 0, failed: 0 });
  });

  it('hands back what is left of a batch when slow sends have used up most of the claim', async () => {
    const ids = [await queue(), await queue(), await queue()];
    // Each send takes 4 minutes of the 5-minute claim: after the first, the rest go back.
    const sms = createHttpGatewayTransport({ channel: 'sms', url: gateway.url });
    const slowSms: Transport = {
      name: 'sms-slow',
      async send(m) {
        await sms.send(m);
        clock = minutes(4);
      },
    };
    const timed = { ...transports(), sms: slowSms };
    expect(await deliverDue({ db: t.db, transports: timed, logger, now: () => clock }, { context: CONTEXT, lockMs: 5 * 60_000 })).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect((await Promise.all(ids.map(stateOf))).map((s) => [s.status, s.attempts])).toEqual([['sent', 1], ['pending', 0], ['pending', 0]]);
    expect(await deliver()).toEqual({ sent: 2, retried: 0, failed: 0 });
  });

  it('run twice at once, sends every message exactly once', async () => {
    const ids = [];
    for (let i = 0; i < 30; i++) ids.push(await queue({ payload: { reference: `PM-${i}` } }));
    gateway.answer(() => ({ status: 202, delayMs: 15 }));
    // On PostgreSQL the second worker has its own connections; PGlite has one session, so the workers interleave on it.
    const other = usingRealPostgres ? createPooledDatabase({ connectionString: t.url, max: 2, kind: 'postgres' }) : t.db;
    const drain = async (db: typeof t.db) => {
      let sent = 0;
      for (;;) {
        const r = await deliver({ batchSize: 4 }, db);
        if (r.sent + r.retried + r.failed === 0) return sent;
        sent += r.sent;
      }
    };
    try {
      const [a, b] = await Promise.all([drain(t.db), drain(other)]);
      expect(a + b).toBe(30);
      if (usingRealPostgres) expect(Math.min(a, b)).toBeGreaterThan(0);
    } finally {
      if (other !== t.db) await other.close();
    }
    const references = gateway.received.map((r) => r.body.reference).sort();
    expect(references).toEqual(ids.map((id) => `raktdaan-${id}`).sort());
    expect(await t.db.many(`select status, attempts, count(*)::int as n from notifications group by 1, 2`)).toEqual([{ status: 'sent', attempts: 1, n: 30 }]);
  });
});

describe('the admin page of messages', () => {
  async function threeMessages() {
    const sent = await queue({ template: 'donor_verified', payload: {} });
    await deliver();
    gateway.answer(() => ({ status: 400, body: 'unknown number' }));
    const failed = await queue({ recipient: '+919811100099' });
    await deliver();
    const waiting = await queue({ channel: 'email', recipient: 'meena@example.org', at: minutes(30) });
    return { sent, failed, waiting };
  }

  it('lists recent messages with status, attempts, last error and a masked recipient, and offers retry for failed ones', async () => {
    const { failed, waiting } = await threeMessages();
    const res = await (await as('chief')).get('/admin/notifications?lang=en');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Messages to donors and families</h1>');
    expect(res.text).toContain('+********3210');
    expect(res.text).toContain('+********0099');
    expect(res.text).toContain('m***@example.org');
    expect(res.text).not.toMatch(/9876543210|9811100099|meena@/);
    const failedRow = new RegExp(`<tr id="notification-${failed}">[\\s\\S]*?</tr>`).exec(res.text)![0];
    expect(failedRow).toContain('Request verified');
    expect(failedRow).toContain('<td>Failed</td>');
    expect(failedRow).toContain('HTTP 400: unknown number');
    expect(failedRow).toContain(`action="/admin/notifications/${failed}/retry"`);
    expect(res.text.match(/Retry now/g)).toHaveLength(1);
    const waitingRow = new RegExp(`<tr id="notification-${waiting}">[\\s\\S]*?</tr>`).exec(res.text)![0];
    expect(waitingRow).toContain('<td>Waiting</td>');
    expect(waitingRow).toContain('15/06/2026 12:30');

    const hindi = await (await as('chief')).get('/admin/notifications?lang=hi&status=failed');
    expect(hindi.text).toContain('दाताओं और परिवारों को भेजे गए संदेश');
    expect(hindi.text).toContain('<td>विफल</td>');
    expect(hindi.text).not.toContain(`notification-${waiting}"`);
  });

  it('explains a status filter that is not one of the choices', async () => {
    const res = await (await as('chief')).get('/admin/notifications?lang=en&status=lost');
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#status">Choose a status from the list</a>');
  });

  it('"retry now" puts a failed message back in the queue with fresh attempts, audited, and it is then sent', async () => {
    const { sent, failed } = await threeMessages();
    const admin = await as('chief');
    const res = await post(admin, '/admin/notifications', `/admin/notifications/${failed}/retry`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/admin/notifications');
    expect((await admin.get('/admin/notifications?lang=en')).text).toContain(`Message #${failed} will be sent again within a few seconds.`);
    expect(await stateOf(failed)).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: TEST_NOW });
    expect(await t.db.many(`select actor_username, details from audit_events where action = 'notification_retried'`)).toEqual([
      { actor_username: 'chief', details: { notificationId: failed } },
    ]);

    const again = await post(admin, '/admin/notifications', `/admin/notifications/${sent}/retry`);
    expect(again.status).toBe(303);
    expect((await admin.get('/admin/notifications?lang=en')).text).toContain(`Message #${sent} has not failed, so there is nothing to retry.`);
    expect(await stateOf(sent)).toMatchObject({ status: 'sent', attempts: 1 });
    expect((await post(admin, '/admin/notifications', '/admin/notifications/999999/retry')).status).toBe(404);

    gateway.answer(() => ({ status: 202 }));
    expect(await deliver()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await stateOf(failed)).toMatchObject({ status: 'sent', attempts: 1, last_error: null });
  });

  it('is for admins only, and linked from the admin home', async () => {
    const volunteer = await as('prayagraj-1');
    expect((await volunteer.get('/admin/notifications')).status).toBe(403);
    const page = await volunteer.get('/volunteer');
    const retry = await volunteer.post('/admin/notifications/1/retry').type('form').send({ _csrf: hiddenValue(page.text, '_csrf') });
    expect(retry.status).toBe(403);
    expect((await browser(app.app).get('/admin/notifications')).headers.location).toMatch(/^\/login/);
    expect((await (await as('chief')).get('/admin?lang=en')).text).toContain('<a href="/admin/notifications">Messages to donors and families</a>');
  });
});
