import type { Logger } from 'pino';
import type { Config } from '../config';
import { createHttpGatewayTransport } from './http-gateway';
import { createLogTransport } from './log-transport';
import type { Channel } from './outbox';
import { createSmtpTransport } from './smtp-transport';
import type { Transport } from './transport';

/** One transport per channel, as NOTIFY_*_TRANSPORT choose (config.ts has already checked their settings). */
export function transportsFromConfig(config: Config['notifications'], logger: Logger): Record<Channel, Transport> {
  const phone = (channel: 'sms' | 'whatsapp') => {
    const c = config[channel];
    return c.transport === 'http' && c.url ? createHttpGatewayTransport({ channel, url: c.url, token: c.token }) : createLogTransport(channel, logger);
  };
  const { email } = config;
  return {
    sms: phone('sms'),
    whatsapp: phone('whatsapp'),
    email: email.transport === 'smtp' && email.smtpUrl && email.from ? createSmtpTransport({ url: email.smtpUrl, from: email.from }) : createLogTransport('email', logger),
  };
}

/** Channels whose messages only reach the log: worth a warning in production. */
export function channelsOnLog(config: Config['notifications']): Channel[] {
  return (['sms', 'whatsapp', 'email'] as const).filter((c) => config[c].transport === 'log');
}
