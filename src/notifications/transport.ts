import type { Channel } from './outbox';

// How a rendered message leaves the portal. Each channel (SMS, WhatsApp, e-mail) has one transport,
// chosen by configuration: the log (development), an HTTP gateway, or SMTP.

export interface OutboundMessage {
  /** The outbox row's id: gateways get it as a reference, so they can drop a repeated send. */
  id: number;
  channel: Channel;
  /** E.164 phone number (+91…) for SMS and WhatsApp, an address for e-mail. */
  recipient: string;
  subject: string;
  text: string;
}

export interface Transport {
  readonly name: string;
  /** Resolves once the provider has accepted the message; throws DeliveryError (or anything else, taken as transient). */
  send(message: OutboundMessage): Promise<void>;
}

/**
 * Why a send failed. Permanent failures (a bad number, a refused address, a 4xx from a gateway)
 * are not retried; transient ones (timeouts, connection errors, 5xx, 429) are, with backoff.
 * The message must not hold personal data: it is stored in notifications.last_error.
 */
export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static permanent(message: string, cause?: unknown) {
    return new DeliveryError(message, true, { cause });
  }

  static transient(message: string, cause?: unknown) {
    return new DeliveryError(message, false, { cause });
  }
}

/** Shows whom a message went to without showing who: digits but the last four, and most of an e-mail's name. */
export function maskRecipient(recipient: string): string {
  const at = recipient.lastIndexOf('@');
  if (at > 0) return `${recipient[0]}***${recipient.slice(at)}`;
  const digits = recipient.replace(/\D/g, '').length;
  let seen = 0;
  return recipient.replace(/\d/g, (d) => (++seen > digits - 4 ? d : '*'));
}

/** Masks anything in an error text that could identify a person: phone-like digit runs and e-mail addresses. */
export function withoutPersonalData(text: string): string {
  return text
    .replace(/[^\s<>"'@]+@[^\s<>"']+/g, '[address]')
    .replace(/\+?\d[\d\s-]{6,}\d/g, '[number]');
}
