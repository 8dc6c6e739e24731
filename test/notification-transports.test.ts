import net from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { createHttpGatewayTransport } from '../src/notifications/http-gateway';
import { createLogTransport } from '../src/notifications/log-transport';
import { createSmtpTransport } from '../src/notifications/smtp-transport';
import { channelsOnLog, transportsFromConfig } from '../src/notifications/transport-config';
import { DeliveryError, maskRecipient, type OutboundMessage } from '../src/notifications/transport';
import { startGateway, type TestGateway } from './helpers/gateway';

// How messages leave the portal: the log (development), an HTTP SMS/WhatsApp gateway and SMTP,
// each against a real server on a loopback port, and the settings that choose them.

const message: OutboundMessage = {
  id: 42,
  channel: 'sms',
  recipient: '+919876543210',
  subject: 'Raktdaan Mitra: blood request PM-7K3QX9 is verified',
  text: 'Raktdaan Mitra: your blood request PM-7K3QX9 is verified.',
};

function capturingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

async function sendError(send: Promise<void>): Promise<DeliveryError> {
  const err = await send.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

describe('masking a recipient for logs and the admin page', () => {
  it('keeps only the last four digits of a phone number and the first letter and domain of an address', () => {
    expect(maskRecipient('+919876543210')).toBe('+********3210');
    expect(maskRecipient('ramesh.yadav@example.org')).toBe('r***@example.org');
    expect(maskRecipient('123')).toBe('123');
  });
});

describe('the log transport (the default)', () => {
  it('writes the message at info with the recipient masked, and never the whole number', async () => {
    const { logger, lines, entries } = capturingLogger();
    await createLogTransport('sms', logger).send(message);
    expect(entries()).toContainEqual(expect.objectContaining({ level: 30, notificationId: 42, channel: 'sms', to: '+********3210', text: message.text }));
    expect(lines.join('')).not.toContain('9876543210');
  });
});

describe('the HTTP gateway for SMS and WhatsApp', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(() => gateway.close());
  beforeEach(() => {
    gateway.received.length = 0;
    gateway.answer(() => ({ status: 202 }));
  });

  it('posts {to, text, reference} as JSON with the bearer token and an idempotency key', async () => {
    await createHttpGatewayTransport({ channel: 'sms', url: gateway.url, token: 'secret-token' }).send(message);
    expect(gateway.received).toHaveLength(1);
    const [request] = gateway.received;
    expect(request!.body).toEqual({ to: '+919876543210', text: message.text, reference: 'raktdaan-42' });
    expect(request!.headers.authorization).toBe('Bearer secret-token');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['idempotency-key']).toBe('raktdaan-42');
  });

  it('lets a provider adapter reshape the request (here an MSG91-like body and header)', async () => {
    const transport = createHttpGatewayTransport({
      channel: 'sms',
      url: gateway.url,
      buildRequest: (m, defaults) => ({
        url: defaults.url,
        headers: { 'content-type': 'application/json', authkey: 'msg91-key' },
        body: { to: m.recipient.replace('+', ''), text: m.text, reference: `custom-${m.id}` },
      }),
    });
    await transport.send(message);
    expect(gateway.received[0]!.body).toEqual({ to: '919876543210', text: message.text, reference: 'custom-42' });
    expect(gateway.received[0]!.headers.authkey).toBe('msg91-key');
    expect(gateway.received[0]!.headers.authorization).toBeUndefined();
  });

  it('takes a refused number as permanent, and server trouble, throttling and our own credentials as worth retrying', async () => {
    const transport = createHttpGatewayTransport({ channel: 'whatsapp', url: gateway.url, token: 't' });
    const cases: Array<[number, boolean]> = [[400, true], [422, true], [410, true], [401, false], [403, false], [404, false], [408, false], [429, false], [500, false], [503, false]];
    for (const [status, permanent] of cases) {
      gateway.answer(() => ({ status, body: '{"error":"something"}' }));
      const err = await sendError(transport.send(message));
      expect({ status, permanent: err.permanent }).toEqual({ status, permanent });
      expect(err.message).toContain(`HTTP ${status}`);
    }
  });

  it('keeps the gateway\'s explanation but masks a phone number it echoes', async () => {
    gateway.answer(() => ({ status: 400, body: '{"error":"invalid destination +919876543210"}' }));
    const err = await sendError(createHttpGatewayTransport({ channel: 'sms', url: gateway.url }).send(message));
    expect(err.permanent).toBe(true);
    expect(err.message).toContain('invalid destination [number]');
    expect(err.message).not.toContain('9876543210');
  });

  it('gives up on a gateway that does not answer in time, as a transient failure', async () => {
    gateway.answer(() => 'hang');
    const started = Date.now();
    const err = await sendError(createHttpGatewayTransport({ channel: 'sms', url: gateway.url, timeoutMs: 200 }).send(message));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err.permanent).toBe(false);
    expect(err.message).toContain('no answer within 200 ms');
  });

  it('treats a gateway that cannot be reached as a transient failure', async () => {
    const err = await sendError(createHttpGatewayTransport({ channel: 'sms', url: `http://127.0.0.1:${await closedPort()}/send` }).send(message));
    expect(err.permanent).toBe(false);
    expect(err.message).toContain('ECONNREFUSED');
  });
});

/** Just enough of an SMTP server (RFC 5321, no extensions) to receive one message per connection. */
async function startSmtpServer(options: { refuseRecipient?: boolean } = {}) {
  const messages: string[] = [];
  const server = net.createServer((socket) => {
    socket.setEncoding('utf8');
    socket.write('220 test.local ESMTP\r\n');
    let buffer = '';
    let data: string | undefined;
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data !== undefined) {
          if (line === '.') {
            messages.push(data);
            data = undefined;
            socket.write('250 2.0.0 queued\r\n');
          } else data += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 test.local\r\n');
        else if (verb === 'MAIL' || verb === 'RSET' || verb === 'NOOP') socket.write('250 2.0.0 ok\r\n');
        else if (verb === 'RCPT') socket.write(options.refuseRecipient ? '550 5.1.1 <donor@example.org>: mailbox unavailable\r\n' : '250 2.1.5 ok\r\n');
        else if (verb === 'DATA') {
          data = '';
          socket.write('354 end with .\r\n');
        } else if (verb === 'QUIT') socket.end('221 2.0.0 bye\r\n');
        else socket.write('502 5.5.2 not implemented\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('e-mail over SMTP', () => {
  const email = { ...message, channel: 'email' as const, recipient: 'donor@example.org' };

  it('sends the subject and text from EMAIL_FROM, tagged with the message id', async () => {
    const smtp = await startSmtpServer();
    const transport = createSmtpTransport({ url: smtp.url, from: 'Raktdaan Mitra <no-reply@example.org>' });
    try {
      await transport.send(email);
    } finally {
      transport.close();
      await smtp.close();
    }
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail).toContain('From: Raktdaan Mitra <no-reply@example.org>');
    expect(mail).toContain('To: donor@example.org');
    expect(mail).toContain(`Subject: ${email.subject}`);
    expect(mail).toContain('X-Raktdaan-Notification: 42');
    expect(mail).toContain(email.text);
  });

  it('takes a refused address as permanent, without the address in the error', async () => {
    const smtp = await startSmtpServer({ refuseRecipient: true });
    const transport = createSmtpTransport({ url: smtp.url, from: 'no-reply@example.org' });
    try {
      const err = await sendError(transport.send(email));
      expect(err.permanent).toBe(true);
      expect(err.message).toMatch(/^SMTP 550/);
      expect(err.message).not.toContain('donor@example.org');
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it('takes an unreachable mail server as transient', async () => {
    const transport = createSmtpTransport({ url: `smtp://127.0.0.1:${await closedPort()}`, from: 'no-reply@example.org' });
    const err = await sendError(transport.send(email));
    expect(err.permanent).toBe(false);
  });
});

describe('notification settings', () => {
  it('default to the log for every channel, a 5-second poll, 8 attempts, in-process worker and localhost links', () => {
    const config = loadConfig({});
    expect(config.notifications.sms.transport).toBe('log');
    expect(config.notifications.whatsapp.transport).toBe('log');
    expect(config.notifications.email.transport).toBe('log');
    expect(config.notifications.maxAttempts).toBe(8);
    expect(config.worker).toEqual({ inProcess: true, pollMs: 5000 });
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(channelsOnLog(config.notifications)).toEqual(['sms', 'whatsapp', 'email']);
  });

  it('refuse to start with a gateway or SMTP chosen but not configured, naming what is missing', () => {
    expect(() => loadConfig({ NOTIFY_SMS_TRANSPORT: 'http' })).toThrow(/SMS_GATEWAY_URL: is required when NOTIFY_SMS_TRANSPORT=http/);
    expect(() => loadConfig({ NOTIFY_WHATSAPP_TRANSPORT: 'http' })).toThrow(/WHATSAPP_GATEWAY_URL: is required/);
    expect(() => loadConfig({ NOTIFY_EMAIL_TRANSPORT: 'smtp' })).toThrow(/SMTP_URL: is required[\s\S]*EMAIL_FROM: is required/);
    expect(() => loadConfig({ NOTIFY_SMS_TRANSPORT: 'carrier-pigeon' })).toThrow(/NOTIFY_SMS_TRANSPORT/);
    expect(() => loadConfig({ SMTP_URL: 'mail.example.org' })).toThrow(/SMTP_URL: use smtp:\/\//);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'raktdaan.example.org' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => loadConfig({ WORKER_POLL_SECONDS: '0' })).toThrow(/WORKER_POLL_SECONDS/);
    expect(() => loadConfig({ WORKER_IN_PROCESS: 'maybe' })).toThrow(/WORKER_IN_PROCESS/);
  });

  it('read a full production-like setup and build the matching transports', () => {
    const config = loadConfig({
      NOTIFY_SMS_TRANSPORT: 'http',
      SMS_GATEWAY_URL: 'https://sms-relay.example.org/send',
      SMS_GATEWAY_TOKEN: 'token',
      NOTIFY_EMAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtps://user:pass@smtp.example.org:465',
      EMAIL_FROM: 'Raktdaan Mitra <no-reply@example.org>',
      WORKER_IN_PROCESS: 'false',
      WORKER_POLL_SECONDS: '30',
      NOTIFY_MAX_ATTEMPTS: '5',
      PUBLIC_BASE_URL: 'https://raktdaan.example.org/',
    });
    expect(config.worker).toEqual({ inProcess: false, pollMs: 30_000 });
    expect(config.notifications.maxAttempts).toBe(5);
    expect(config.publicBaseUrl).toBe('https://raktdaan.example.org');
    const transports = transportsFromConfig(config.notifications, capturingLogger().logger);
    expect(Object.fromEntries(Object.entries(transports).map(([c, t]) => [c, t.name]))).toEqual({ sms: 'sms-http', whatsapp: 'whatsapp-log', email: 'email-smtp' });
    expect(channelsOnLog(config.notifications)).toEqual(['whatsapp']);
  });
});
