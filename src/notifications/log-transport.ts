import type { Logger } from 'pino';
import type { Channel } from './outbox';
import { maskRecipient, type Transport } from './transport';

/**
 * The default transport: writes each message to the log instead of sending it, so a laptop or a
 * test environment needs no gateway. The recipient is masked; the text is logged in full, which
 * is the point in development (a sign-in code can be read there) and why production should use
 * a real gateway (the server warns at start when it does not).
 */
export function createLogTransport(channel: Channel, logger: Logger): Transport {
  return {
    name: `${channel}-log`,
    async send(message) {
      logger.info(
        { notificationId: message.id, channel: message.channel, to: maskRecipient(message.recipient), subject: message.subject, text: message.text },
        'notification written to the log (no gateway configured)',
      );
    },
  };
}
