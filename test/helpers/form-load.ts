import type { GeoDirectory } from '../../src/geo/geo-directory';
import { validDonorForm, validRequestForm } from './fixtures';
import { hiddenValue } from './test-app';

// Many visitors using a running portal at once, as real people would: each keeps its cookies,
// registers as a donor (a new phone each time), sends blood requests (a fresh form each time),
// and opens pages. Every answer is kept, so a test can check each one afterwards.

export type Language = 'hi' | 'en';

export interface Visitor {
  lang: Language;
  cookies: Map<string, string>;
  csrf: string;
}

export interface Answer {
  method: 'GET' | 'POST';
  path: string;
  lang: Language;
  /** What the test was doing when the request was sent (e.g. 'before', 'outage', 'after'). */
  phase: string;
  status?: number;
  location?: string;
  retryAfter?: string;
  text: string;
  /** The connection failed: no HTTP answer at all. */
  error?: string;
}

export interface Submission {
  form: 'donor' | 'request';
  /** The phone number stored (E.164) for a donor, the form_token for a request. */
  key: string;
  visitor: Visitor;
  body: Record<string, string | string[]>;
  answer: Answer;
}

export const BUSY_TITLE: Record<Language, string> = { en: 'The service is busy right now', hi: 'सेवा अभी व्यस्त है' };
export const PHONE_TAKEN: Record<Language, string> = { en: 'already registered as a donor', hi: 'पहले से दाता के रूप में पंजीकृत' };

export class Portal {
  answers: Answer[] = [];
  submissions: Submission[] = [];
  phase = 'before';
  private phones = 0;

  constructor(
    readonly baseUrl: string,
    readonly geo: GeoDirectory,
  ) {}

  async send(visitor: Visitor, method: 'GET' | 'POST', path: string, body?: Record<string, string | string[]>): Promise<Answer> {
    const answer: Answer = { method, path, lang: visitor.lang, phase: this.phase, text: '' };
    this.answers.push(answer);
    const headers: Record<string, string> = { cookie: [...visitor.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    let payload: string | undefined;
    if (body) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = formEncode({ ...body, _csrf: visitor.csrf });
    }
    try {
      const res = await fetch(this.baseUrl + path, { method, headers, body: payload, redirect: 'manual' });
      for (const cookie of res.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const at = pair!.indexOf('=');
        visitor.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      answer.status = res.status;
      answer.location = res.headers.get('location') ?? undefined;
      answer.retryAfter = res.headers.get('retry-after') ?? undefined;
      answer.text = await res.text();
    } catch (err) {
      answer.error = String((err as Error).cause ?? err);
    }
    return answer;
  }

  /** A person opening the donor form in their language: the cookies and CSRF token their browser holds. */
  async arrive(lang: Language): Promise<Visitor> {
    const visitor: Visitor = { lang, cookies: new Map(), csrf: '' };
    const page = await this.send(visitor, 'GET', `/donors/new?lang=${lang}`);
    visitor.csrf = hiddenValue(page.text, '_csrf');
    if (page.status !== 200 || !visitor.csrf) throw new Error(`the donor form did not open (${page.status})`);
    return visitor;
  }

  async registerDonor(visitor: Visitor): Promise<Submission> {
    this.phones += 1;
    const digits = `98${String(this.phones).padStart(8, '0')}`;
    const body = validDonorForm(this.geo, { phone: `+91 ${digits}`, full_name: `Load Donor ${this.phones}` });
    return this.submit({ form: 'donor', key: `+91${digits}`, visitor, body }, '/donors');
  }

  /** Opens the request form (for its form_token) and sends it; undefined when the form did not open. */
  async requestBlood(visitor: Visitor): Promise<Submission | undefined> {
    const page = await this.send(visitor, 'GET', '/requests/new');
    const formToken = hiddenValue(page.text, 'form_token');
    if (page.status !== 200 || !formToken) return undefined;
    const body = validRequestForm(this.geo, { form_token: formToken });
    return this.submit({ form: 'request', key: formToken, visitor, body }, '/requests');
  }

  /** Sends the same form again, as a person pressing the button once more after an error. */
  resend(s: Submission): Promise<Answer> {
    return this.send(s.visitor, 'POST', s.form === 'donor' ? '/donors' : '/requests', s.body);
  }

  private async submit(s: Omit<Submission, 'answer'>, path: string): Promise<Submission> {
    const submission = { ...s, answer: await this.send(s.visitor, 'POST', path, s.body) };
    this.submissions.push(submission);
    return submission;
  }

  /** Visitors each going round register → request → readiness → camps list until stop() is called. */
  load(visitors: Visitor[], pauseMs = 10): { stop(): Promise<void> } {
    let running = true;
    const loops = visitors.map(async (visitor, n) => {
      for (let step = n; running; step++) {
        if (step % 4 === 0) await this.registerDonor(visitor);
        else if (step % 4 === 1) await this.requestBlood(visitor);
        else if (step % 4 === 2) await this.send(visitor, 'GET', '/readyz');
        else await this.send(visitor, 'GET', '/camps');
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    });
    return {
      async stop() {
        running = false;
        await Promise.all(loops);
      },
    };
  }
}

/** Why an answer is neither a normal one nor the friendly "busy" page, or undefined when it is fine. */
export function unexpected(a: Answer): string | undefined {
  const where = `${a.method} ${a.path} (${a.phase})`;
  if (a.error) return `${where}: no answer: ${a.error}`;
  if (a.status === 503) {
    if (a.path === '/readyz') return a.text.includes('database unavailable') ? undefined : `${where}: 503 without reason: ${a.text}`;
    if (!a.text.includes(BUSY_TITLE[a.lang])) return `${where}: 503 page not in ${a.lang}`;
    if (a.retryAfter !== '30') return `${where}: 503 without Retry-After`;
    return undefined;
  }
  const normal = a.method === 'POST' ? [303] : [200];
  return normal.includes(a.status!) ? undefined : `${where}: status ${a.status}: ${a.text.slice(0, 200)}`;
}

function formEncode(body: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) for (const v of [value].flat()) params.append(name, v);
  return params.toString();
}
