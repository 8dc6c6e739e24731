// Browser-like steps before the load: opening a form to get its cookies (the CSRF cookie, and a
// session where there is one) and its CSRF token, and signing the bench volunteer in through the
// real /login form.

export interface FormSession {
  cookie: string;
  csrf: string;
}

const SESSION_COOKIE = 'rm.sid';

function sessionCookie(res: Response): string | undefined {
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return set?.split(';')[0];
}

/** The cookies a browser would send next: those it had, replaced or joined by those just set. */
function mergeCookies(res: Response, had?: string): string | undefined {
  const jar = new Map((had ?? '').split('; ').filter(Boolean).map((pair) => [pair.split('=')[0]!, pair] as const));
  for (const set of res.headers.getSetCookie()) {
    const pair = set.split(';')[0]!;
    jar.set(pair.split('=')[0]!, pair);
  }
  return jar.size ? [...jar.values()].join('; ') : undefined;
}

function hiddenValue(html: string, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];
}

export async function openFormSession(baseUrl: string, path: string, cookie?: string): Promise<FormSession> {
  const res = await fetch(`${baseUrl}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  const html = await res.text();
  const csrf = hiddenValue(html, '_csrf');
  const got = mergeCookies(res, cookie);
  if (res.status !== 200 || !csrf || !got) throw new Error(`GET ${path} gave ${res.status} without a CSRF cookie and token`);
  return { cookie: got, csrf };
}

/** Browsers for the form-post scenario, each with its own CSRF cookie and token. */
export async function formSessionPool(baseUrl: string, path: string, size: number): Promise<FormSession[]> {
  const pool: FormSession[] = [];
  for (let i = 0; i < size; i++) pool.push(await openFormSession(baseUrl, path));
  return pool;
}

/** Signs in and returns the session cookie; checks that the queue then opens. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const form = await openFormSession(baseUrl, '/login');
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    headers: { cookie: form.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password, _csrf: form.csrf, next: '' }),
    redirect: 'manual',
  });
  // express-session holds back the last byte of a response until the session is stored: read it all.
  await res.text();
  const cookie = sessionCookie(res);
  if (res.status !== 303 || res.headers.get('location') !== '/volunteer' || !cookie) {
    throw new Error(`signing in as ${username} gave ${res.status} → ${res.headers.get('location') ?? 'no redirect'}`);
  }
  const queue = await fetch(`${baseUrl}/volunteer`, { headers: { cookie }, redirect: 'manual' });
  await queue.text();
  if (queue.status !== 200) throw new Error(`after signing in, GET /volunteer gave ${queue.status} → ${queue.headers.get('location') ?? 'no redirect'}`);
  return cookie;
}
