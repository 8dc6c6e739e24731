import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A local SMS/WhatsApp gateway on a loopback port: it records what it receives and answers as
// the test tells it to (accept, refuse, fail, or never answer). No traffic leaves the machine.

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: { to: string; text: string; reference: string };
}

export type GatewayAnswer = { status: number; body?: string; delayMs?: number } | 'hang';

export interface TestGateway {
  url: string;
  received: ReceivedRequest[];
  /** How to answer the next requests (by default: 202 Accepted). */
  answer(fn: (body: ReceivedRequest['body']) => GatewayAnswer): void;
  close(): Promise<void>;
}

export async function startGateway(): Promise<TestGateway> {
  const received: ReceivedRequest[] = [];
  let decide: (body: ReceivedRequest['body']) => GatewayAnswer = () => ({ status: 202 });
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const body = JSON.parse(raw) as ReceivedRequest['body'];
      received.push({ headers: req.headers, body });
      const answer = decide(body);
      if (answer === 'hang') return;
      setTimeout(() => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body ?? '{"ok":true}'), answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/send`,
    received,
    answer(fn) {
      decide = fn;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
