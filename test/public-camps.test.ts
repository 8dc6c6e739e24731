import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { calendarFile, escapeText, foldLine } from '../src/camps/calendar';
import { indiaInstant, registrationOpen, reminderTime } from '../src/camps/camp-times';
import { districtId } from './helpers/fixtures';
import { addCamp, addOrganisation } from './helpers/public-camp-fixtures';
import { addDonor } from './helpers/records';
import { browser, buildTestApp, TEST_NOW, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-db';

let t: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await buildTestApp(t.db, { env: { PUBLIC_BASE_URL: 'https://raktdaan.example.org' } });
});
afterAll(async () => {
  app.close();
  await t.drop();
});
beforeEach(async () => {
  await t.db.exec('delete from camp_registrations; delete from camps; delete from partner_organisations; delete from notifications; delete from donors');
});

const get = (path: string) => browser(app.app).get(path);

/** The text of the page with tags removed and whitespace collapsed, for reading sentences. */
function pageText(html: string): string {
  return html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
}

describe('the list of camps at /camps', () => {
  it('shows coming camps soonest first with organiser, date, time, venue, district and seats left; a full one says so', async () => {
    const college = await addOrganisation(t.db, app.geo, { name: 'Ewing Christian College' });
    await addCamp(t.db, app.geo, { title: 'Late June camp', organisationId: college, date: '2026-06-25', capacity: 50, registered: 10 });
    await addCamp(t.db, app.geo, { title: 'Police Lines camp', date: '2026-06-18', startsAt: '10:30', endsAt: '16:00', capacity: 20, registered: 20 });
    await addCamp(t.db, app.geo, { title: 'Camp earlier this month', date: '2026-06-10' });
    await addCamp(t.db, app.geo, { title: 'Morning camp today', date: '2026-06-15', startsAt: '08:00', endsAt: '11:00' });

    const res = await get('/camps?lang=en');
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    const order = ['Morning camp today', 'Police Lines camp', 'Late June camp'].map((title) => text.indexOf(title));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(text).not.toContain('Camp earlier this month');
    expect(text).toContain('25/06/2026 · 09:00–14:00 · Ewing Christian College');
    expect(text).toContain('Senate Hall, University Road · Prayagraj, Uttar Pradesh');
    expect(text).toContain('Seats left: 40');
    expect(text).toMatch(/Police Lines camp Full 18\/06\/2026 · 10:30–16:00/);
    // Today's camp ended at 11:00; it is noon in India.
    expect(text).toMatch(/Morning camp today 15\/06\/2026 · 08:00–11:00 .* Registration closed/);

    const hi = pageText((await get('/camps?lang=hi')).text);
    expect(hi).toContain('आने वाले शिविर');
    expect(hi).toContain('बची हुई जगहें: 40');
    expect(hi).toContain('सभी जगहें भर गईं');
    expect(hi).toContain('25/06/2026 · 09:00–14:00');
  });

  it('shows a cancelled coming camp as cancelled, with the reason', async () => {
    await addCamp(t.db, app.geo, { title: 'Monsoon camp', date: '2026-06-22', status: 'cancelled', cancelledReason: 'Venue flooded after heavy rain' });
    const text = pageText((await get('/camps?lang=en')).text);
    expect(text).toContain('Monsoon camp Cancelled');
    expect(text).toContain('Cancelled: Venue flooded after heavy rain');
    expect(pageText((await get('/camps?lang=hi')).text)).toContain('रद्द: Venue flooded after heavy rain');
  });

  it('filters by state, then by district, with plain form submissions (no JavaScript)', async () => {
    await addCamp(t.db, app.geo, { title: 'Prayagraj camp' });
    await addCamp(t.db, app.geo, { title: 'Lucknow camp', district: ['UP', 'Lucknow'] });
    await addCamp(t.db, app.geo, { title: 'Pune camp', district: ['MH', 'Pune'] });
    await addCamp(t.db, app.geo, { title: 'Pune camp last month', district: ['MH', 'Pune'], date: '2026-05-10', status: 'held', units: 31 });

    const all = await get('/camps?lang=en');
    expect(all.text).not.toContain('name="district_id"');
    expect(all.text).toContain('Choose a state and press');

    const state = await get('/camps?lang=en&state_code=MH');
    expect(state.status).toBe(200);
    expect(pageText(state.text)).toContain('Pune camp');
    expect(state.text).not.toContain('Lucknow camp');
    expect(state.text).not.toContain('Prayagraj camp');
    expect(state.text).toContain('Pune camp last month');
    // The district list of the chosen state appears for the next step.
    expect(state.text).toContain('<select id="district_id" name="district_id"');
    expect(state.text).toContain(`<option value="${districtId(app.geo, 'MH', 'Pune')}">Pune</option>`);
    expect(state.text).toContain('<option value="MH" selected>');

    const lucknow = districtId(app.geo, 'UP', 'Lucknow');
    const district = await get(`/camps?lang=en&state_code=UP&district_id=${lucknow}`);
    expect(district.text).toContain('Lucknow camp');
    expect(district.text).not.toContain('Prayagraj camp');
    expect(district.text).toContain(`<option value="${lucknow}" selected>`);

    // A new state chosen with the old district still selected: the district is dropped quietly.
    const moved = await get(`/camps?lang=en&state_code=MH&district_id=${lucknow}`);
    expect(moved.status).toBe(200);
    expect(moved.text).toContain('Pune camp');
  });

  it('says which filter is not one of the options, and lists every camp meanwhile', async () => {
    await addCamp(t.db, app.geo, { title: 'Prayagraj camp' });
    const res = await get('/camps?lang=en&state_code=XX&district_id=abc');
    expect(res.status).toBe(422);
    expect(res.text).toContain('<a href="#state_code">Choose from the list</a>');
    expect(res.text).toContain('<a href="#district_id">Choose from the list</a>');
    expect(res.text).toContain('Prayagraj camp');
    const hi = await get('/camps?lang=hi&state_code=XX');
    expect(hi.text).toContain('<a href="#state_code">सूची में से चुनें</a>');
  });

  it('lists held camps most recent first with the units collected, ten at a time with a link to earlier ones', async () => {
    for (let day = 1; day <= 12; day++) {
      await addCamp(t.db, app.geo, { title: `Held camp ${day}`, date: `2026-05-${String(day).padStart(2, '0')}`, status: 'held', units: 40 + day });
    }
    await addCamp(t.db, app.geo, { title: 'Coming camp', date: '2026-06-20' });

    const first = await get('/camps?lang=en');
    const text = pageText(first.text);
    expect(text).toContain('Held camp 12 12/05/2026');
    expect(text).toContain('Units collected: 52');
    expect(text.indexOf('Held camp 12 ')).toBeLessThan(text.indexOf('Held camp 11 '));
    expect(text).not.toContain('Held camp 2 ');
    const more = /<a href="([^"]+)">Earlier camps<\/a>/.exec(first.text);
    expect(more).not.toBeNull();

    const next = more![1]!.replace(/&amp;/g, '&');
    expect(next).toMatch(/^\/camps\?before=2026-05-03\.\d+#held$/);
    const second = await get(next.replace('#held', '&lang=en'));
    const secondText = pageText(second.text);
    expect(secondText).toContain('Held camp 2 ');
    expect(secondText).toContain('Held camp 1 ');
    expect(secondText).not.toContain('Held camp 3 ');
    expect(secondText).not.toContain('Coming camp');
    expect(second.text).not.toContain('Earlier camps');
    expect(second.text).toContain('>Latest camps held</a>');
    expect(pageText((await get('/camps?lang=hi')).text)).toContain('एकत्र यूनिट: 52');
  });

  it('is linked from the home page, the menu and the footer', async () => {
    const home = await get('/?lang=en');
    expect(home.text).toContain('<a href="/camps">Blood donation camps near you</a>');
    expect(home.text).toMatch(/<nav[\s\S]*<a href="\/camps">Blood donation camps<\/a>[\s\S]*<\/nav>/);
    expect(home.text).toMatch(/<footer[\s\S]*<a href="\/camps">Blood donation camps<\/a>/);
    expect((await get('/?lang=hi')).text).toContain('<a href="/camps">आपके आस-पास रक्तदान शिविर</a>');
  });
});

describe('one camp at /camps/:id', () => {
  it('shows organiser and kind, blood bank, venue, district and state, date and times, seats left and status', async () => {
    const ngo = await addOrganisation(t.db, app.geo, { name: 'Sewa Sansthan', kind: 'ngo' });
    const id = await addCamp(t.db, app.geo, { organisationId: ngo, capacity: 80, registered: 5 });
    const res = await get(`/camps/${id}?lang=en`);
    expect(res.status).toBe(200);
    const text = pageText(res.text);
    expect(text).toContain('Organised by Sewa Sansthan (NGO)');
    expect(text).toContain('Blood bank SRN Hospital Blood Bank');
    expect(text).toContain('Date 20/06/2026');
    expect(text).toContain('Time 09:00–14:00');
    expect(text).toContain('Venue Senate Hall, University Road, 211002');
    expect(text).toContain('District and state Prayagraj, Uttar Pradesh');
    expect(text).toContain('Status Planned');
    expect(text).toContain('Seats 75 of 80 seats left');
    expect(res.text).toContain(`<a href="/camps/${id}.ics" download>Add to calendar</a>`);

    const hi = pageText((await get(`/camps/${id}?lang=hi`)).text);
    expect(hi).toContain('आयोजक Sewa Sansthan (स्वयंसेवी संस्था (NGO))');
    expect(hi).toContain('तारीख 20/06/2026');
    expect(hi).toContain('80 में से 75 जगहें बची हैं');
    expect(hi).toContain('कैलेंडर में जोड़ें');
  });

  it('shows a held camp with its units and a cancelled one with its reason, and no way to register', async () => {
    const held = await addCamp(t.db, app.geo, { date: '2026-05-02', status: 'held', units: 64 });
    const heldPage = pageText((await get(`/camps/${held}?lang=en`)).text);
    expect(heldPage).toContain('Status Held');
    expect(heldPage).toContain('Units collected 64');
    expect(heldPage).toContain('This camp has taken place.');
    expect(heldPage).not.toContain('Reserve my seat');

    const cancelled = await addCamp(t.db, app.geo, { status: 'cancelled', cancelledReason: 'Blood bank van unavailable' });
    const page = await get(`/camps/${cancelled}?lang=en`);
    expect(pageText(page.text)).toContain('This camp has been cancelled Blood bank van unavailable');
    expect(page.text).not.toContain('/donors/new?camp=');
  });

  it('answers 404 with the not-found page for an unknown or malformed camp number', async () => {
    for (const path of ['/camps/999999', '/camps/abc', '/camps/0', '/camps/999999.ics', '/camps/12345678901']) {
      const res = await get(`${path}${path.includes('?') ? '&' : '?'}lang=en`);
      expect(res.status, path).toBe(404);
      expect(res.text).toContain('Page not found');
    }
  });

  it('never shows a person: not the organisation\'s contact, not the donors who registered', async () => {
    const id = await addCamp(t.db, app.geo, { capacity: 10, registered: 1 });
    const donor = await addDonor(t.db, app.geo, { full_name: 'Meena Kumari Verma', phone: '+919812345670' });
    await t.db.exec(`insert into camp_registrations (camp_id, donor_id) values ($1, $2)`, [id, donor]);
    const pages = [`/camps?lang=en`, `/camps/${id}?lang=en`, `/camps/${id}/registered?lang=en`, `/camps/${id}.ics`, '/camps?lang=hi'];
    for (const path of pages) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      for (const secret of ['Meena', '9812345670', 'Kavita', '9811122233']) expect(res.text, `${path} shows ${secret}`).not.toContain(secret);
    }
  });
});

describe('the calendar file /camps/:id.ics', () => {
  /** Physical lines of the file, checked against RFC 5545 line rules. */
  function physicalLines(body: string): string[] {
    expect(body.endsWith('\r\n')).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = body.slice(0, -2).split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
    return lines;
  }

  it('is an iCalendar attachment that calendar programs read: times in UTC, title, place, description, link', async () => {
    const organisationId = await addOrganisation(t.db, app.geo, { name: 'Rotary Club, Prayagraj' });
    const id = await addCamp(t.db, app.geo, {
      organisationId,
      title: 'Camp; with, "punctuation" \\ and a very long title that needs folding across several lines of the file',
      venue: 'Senate Hall, University Road',
      startsAt: '09:30',
      endsAt: '15:00',
    });
    const res = await get(`/camps/${id}.ics?lang=en`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename=camp-${id}.ics`);
    const body = res.text;
    const lines = physicalLines(body);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.some((l) => l.startsWith(' '))).toBe(true); // the long title was folded
    expect(body).toContain(`DTSTART:20260620T040000Z`);
    expect(body).toContain(`DTEND:20260620T093000Z`);
    expect(body).toContain(`DTSTAMP:20260615T063000Z`);

    const calendar = new ICAL.Component(ICAL.parse(body));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.uid).toBe(`camp-${id}@raktdaan.example.org`);
    expect(event.summary).toBe('Camp; with, "punctuation" \\ and a very long title that needs folding across several lines of the file');
    expect(event.location).toBe('Senate Hall, University Road, Prayagraj, Uttar Pradesh 211002');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-06-20T04:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-06-20T09:30:00.000Z');
    expect(event.description).toBe(
      [
        'Organised by Rotary Club, Prayagraj',
        'Blood bank: SRN Hospital Blood Bank',
        'Eat a proper meal before you come, drink plenty of water and bring a photo identity card.',
        `https://raktdaan.example.org/camps/${id}`,
      ].join('\n'),
    );
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(String(vevent.getFirstPropertyValue('url'))).toBe(`https://raktdaan.example.org/camps/${id}`);
  });

  it('in Hindi: long Devanagari lines are folded by octets without splitting a letter; a cancelled camp says CANCELLED', async () => {
    const id = await addCamp(t.db, app.geo, { title: 'पुलिस लाइन्स प्रयागराज में स्वैच्छिक रक्तदान शिविर, सभी का स्वागत है', status: 'cancelled', cancelledReason: 'भारी बारिश की चेतावनी' });
    const res = await get(`/camps/${id}.ics?lang=hi`);
    physicalLines(res.text);
    const vevent = new ICAL.Component(ICAL.parse(res.text)).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('summary')).toBe('पुलिस लाइन्स प्रयागराज में स्वैच्छिक रक्तदान शिविर, सभी का स्वागत है');
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(String(vevent.getFirstPropertyValue('description'))).toContain('यह शिविर रद्द कर दिया गया है: भारी बारिश की चेतावनी');
    expect(String(vevent.getFirstPropertyValue('location'))).toBe('Senate Hall, University Road, Prayagraj, उत्तर प्रदेश 211002');
  });

  it('escapes text and folds lines exactly as RFC 5545 says', () => {
    expect(escapeText('a,b;c\\d\ne\r\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
    const long = `DESCRIPTION:${'रक्तदान '.repeat(30)}`;
    const folded = foldLine(long);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(5);
    parts.forEach((p, i) => {
      expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(p.startsWith(' ')).toBe(true);
      // Each part is whole characters: decoding and re-encoding changes nothing.
      expect(Buffer.from(p, 'utf8').toString('utf8')).toBe(p);
    });
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(long);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
    expect(foldLine('X'.repeat(75))).toBe('X'.repeat(75));
    expect(foldLine('X'.repeat(76))).toBe(`${'X'.repeat(75)}\r\n X`);
    const file = calendarFile({
      uid: 'u@x', stamp: TEST_NOW, start: TEST_NOW, end: TEST_NOW, summary: 's', description: 'd', location: 'l', url: 'https://x', lastModified: TEST_NOW, cancelled: false,
    });
    expect(file.split('\r\n').filter((l) => l.startsWith('BEGIN:') || l.startsWith('END:'))).toEqual(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'END:VEVENT', 'END:VCALENDAR']);
  });
});

describe('camp times, in India', () => {
  it('turn a camp\'s wall-clock time into an instant, and decide when registration closes and the reminder goes', () => {
    expect(indiaInstant('2026-06-20', '09:00').toISOString()).toBe('2026-06-20T03:30:00.000Z');
    expect(indiaInstant('2026-06-20', '00:15:00').toISOString()).toBe('2026-06-19T18:45:00.000Z');
    const camp = { camp_date: '2026-06-15', starts_at: '09:00', ends_at: '13:00', status: 'planned' };
    expect(registrationOpen(camp, TEST_NOW)).toBe(true); // noon in India
    expect(registrationOpen({ ...camp, ends_at: '12:00' }, TEST_NOW)).toBe(false);
    expect(registrationOpen({ ...camp, camp_date: '2026-06-14', ends_at: '23:59' }, TEST_NOW)).toBe(false);
    expect(registrationOpen({ ...camp, status: 'held' }, TEST_NOW)).toBe(false);
    // The evening before at 18:00 India time...
    expect(reminderTime({ camp_date: '2026-06-20', starts_at: '09:00' }, TEST_NOW).toISOString()).toBe('2026-06-19T12:30:00.000Z');
    // ...or at once when the camp starts within 24 hours...
    expect(reminderTime({ camp_date: '2026-06-16', starts_at: '12:00' }, TEST_NOW)).toEqual(TEST_NOW);
    expect(reminderTime({ camp_date: '2026-06-16', starts_at: '12:01' }, TEST_NOW).toISOString()).toBe('2026-06-15T12:30:00.000Z');
    // ...and never in the past, for a late-evening camp registered for after 18:00 the day before.
    const evening = new Date('2026-06-15T13:00:00Z'); // 18:30 in India
    expect(reminderTime({ camp_date: '2026-06-16', starts_at: '20:00' }, evening)).toEqual(evening);
  });
});
