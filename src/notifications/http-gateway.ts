import type { Channel } from './outbox';
import { DeliveryError, withoutPersonalData, type OutboundMessage, type Transport } from './transport';

/**
 * SMS and WhatsApp through an HTTP gateway. By default it POSTs
 *
 *   { "to": "+919876543210", "text": "…", "reference": "raktdaan-42" }
 *
 * as JSON to the configured URL, with `Authorization: Bearer <token>` and an `Idempotency-Key`
 * header equal to the reference, and treats any 2xx answer as accepted. A provider with its own
 * request shape (MSG91, Gupshup, Twilio, …) is wired either by a small relay that accepts this
 * shape, or by passing `buildRequest` here: it returns the URL, headers and body for one message
 * (for example MSG91's flow API wants `{ template_id, recipients: [{ mobiles, … }] }` and an
 * `authkey` header). The status codes are read the same way for every provider.
 */
export interface HttpGatewayOptions {
  channel: Channel;
  url: string;
  token?: string | undefined;
  /** Abort a request after this long; the message is retried later. */
  timeoutMs?: number;
  buildRequest?: (message: OutboundMessage, defaults: GatewayRequest) => GatewayRequest;
}

export interface GatewayRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** The reference a gateway sees for a message: stable across retries, so it can drop duplicates. */
export function gatewayReference(id: number): string {
  return `raktdaan-${id}`;
}

export function createHttpGatewayTransport(options: HttpGatewayOptions): Transport {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const host = new URL(options.url).host;
  return {
    name: `${options.channel}-http`,
    async send(message) {
      const reference = gatewayReference(message.id);
      const defaults: GatewayRequest = {
        url: options.url,
        headers: {
          'content-type': 'application/json',
          'idempotency-key': reference,
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: { to: message.recipient, text: message.text, reference },
      };
      const request = options.buildRequest ? options.buildRequest(message, defaults) : defaults;

      let response: Response;
      try {
        response = await fetch(request.url, {
          method: 'POST',
          headers: request.headers,
          body: JSON.stringify(request.body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        const reason = timedOut ? `no answer within ${timeoutMs} ms` : describeNetworkError(err);
        throw DeliveryError.transient(`gateway ${host}: ${reason}`, err);
      }
      if (response.ok) {
        await response.body?.cancel();
        return;
      }
      // The start of the answer helps an operator; digits and addresses in it are masked.
      const detail = withoutPersonalData((await response.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 200));
      const summary = `gateway ${host} answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
      // 5xx, 408 and 429 say "later"; 401, 403 and 404 point at our configuration (token, URL), which an
      // operator can fix, so those are retried too. Any other 4xx refuses this message (a bad number).
      const retryLater = response.status >= 500 || [401, 403, 404, 408, 429].includes(response.status);
      throw retryLater ? DeliveryError.transient(summary) : DeliveryError.permanent(summary);
    },
  };
}

function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: string } | undefined) : undefined;
  if (cause?.code) return `cannot connect (${cause.code})`;
  return err instanceof Error ? err.message : 'request failed';
}
