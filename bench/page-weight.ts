import http from 'node:http';
import zlib from 'node:zlib';

// Page weight as a phone on a first visit pays for it: the page and every stylesheet and script
// it links, each fetched with Accept-Encoding: gzip, counted in bytes read from the socket
// (status line, headers, any chunk framing and the possibly compressed body).

export interface PageWeight {
  path: string;
  status: number;
  htmlBytes: number;
  htmlEncoding: string;
  cssBytes: number;
  jsBytes: number;
  totalBytes: number;
  resources: Array<{ url: string; status: number; bytes: number; encoding: string }>;
}

interface Fetched {
  status: number;
  wireBytes: number;
  encoding: string;
  body: Buffer;
}

// A Hindi-first visitor on a phone browser.
const BROWSER_HEADERS = {
  'accept-encoding': 'gzip',
  'accept-language': 'hi-IN,hi;q=0.9,en;q=0.8',
  'user-agent': 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36',
};

function fetchOnWire(url: string, accept: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    // A connection of its own, closed after the response, so the socket counts this response only.
    const req = http.get(url, { agent: false, headers: { ...BROWSER_HEADERS, accept, connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const socket = res.socket;
        const done = () => {
          const raw = Buffer.concat(chunks);
          const encoding = String(res.headers['content-encoding'] ?? 'identity');
          try {
            const body = encoding === 'gzip' ? zlib.gunzipSync(raw) : encoding === 'br' ? zlib.brotliDecompressSync(raw) : raw;
            resolve({ status: res.statusCode ?? 0, wireBytes: socket.bytesRead, encoding, body });
          } catch (err) {
            reject(err);
          }
        };
        if (socket.destroyed) done();
        else socket.once('close', done);
      });
    });
    req.on('error', reject);
  });
}

/** The addresses of stylesheets and scripts a page links to. */
export function linkedResources(html: string): Array<{ url: string; type: 'css' | 'js' }> {
  const found: Array<{ url: string; type: 'css' | 'js' }> = [];
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    const href = /\bhref="([^"]+)"/i.exec(tag)?.[1];
    if (href && /\brel="?stylesheet"?/i.test(tag)) found.push({ url: href, type: 'css' });
  }
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
    const src = /\bsrc="([^"]+)"/i.exec(tag)?.[1];
    if (src) found.push({ url: src, type: 'js' });
  }
  return found;
}

export async function measurePageWeight(baseUrl: string, path: string): Promise<PageWeight> {
  const page = await fetchOnWire(`${baseUrl}${path}`, 'text/html,application/xhtml+xml');
  const resources: PageWeight['resources'] = [];
  let cssBytes = 0;
  let jsBytes = 0;
  for (const r of linkedResources(page.body.toString('utf8'))) {
    const fetched = await fetchOnWire(new URL(r.url, baseUrl).toString(), r.type === 'css' ? 'text/css,*/*;q=0.1' : '*/*');
    resources.push({ url: r.url, status: fetched.status, bytes: fetched.wireBytes, encoding: fetched.encoding });
    if (r.type === 'css') cssBytes += fetched.wireBytes;
    else jsBytes += fetched.wireBytes;
  }
  return { path, status: page.status, htmlBytes: page.wireBytes, htmlEncoding: page.encoding, cssBytes, jsBytes, totalBytes: page.wireBytes + cssBytes + jsBytes, resources };
}
