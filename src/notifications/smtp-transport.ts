import nodemailer from 'nodemailer';
import { DeliveryError, withoutPersonalData, type Transport } from './transport';

/**
 * E-mail through an SMTP server (SMTP_URL, e.g. smtps://user:password@smtp.example.org:465).
 * A 5xx answer to the message (a refused address) is permanent; connection problems, time-outs,
 * 4xx answers and refused credentials (which an operator can fix) are retried.
 */
export function createSmtpTransport(options: { url: string; from: string }): Transport & { close(): void } {
  const mailer = nodemailer.createTransport({
    url: options.url,
    // Short limits: a stuck server must not hold the worker (and its claimed messages) for minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    name: 'email-smtp',
    async send(message) {
      try {
        await mailer.sendMail({
          from: options.from,
          to: message.recipient,
          subject: message.subject,
          text: message.text,
          headers: { 'X-Raktdaan-Notification': String(message.id) },
        });
      } catch (err) {
        throw classifySmtpError(err);
      }
    },
    close: () => mailer.close(),
  };
}

function classifySmtpError(err: unknown): DeliveryError {
  const e = (err ?? {}) as { code?: string; responseCode?: number; message?: string };
  const text = withoutPersonalData(String(e.message ?? 'send failed').replace(/\s+/g, ' ').slice(0, 200));
  const summary = `SMTP${e.responseCode ? ` ${e.responseCode}` : ''}${e.code ? ` ${e.code}` : ''}: ${text}`;
  const refused = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.code !== 'EAUTH';
  return refused ? DeliveryError.permanent(summary, err) : DeliveryError.transient(summary, err);
}
