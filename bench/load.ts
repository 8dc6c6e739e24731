import autocannon from 'autocannon';
import type { Scenario } from './scenarios';
import type { ChildServer } from './servers';

// One measured run: a scenario at a number of connections for a number of seconds, with
// autocannon in this process and the server in its own. Latencies are kept exactly (autocannon
// reports each response's time) so the percentiles are not rounded to whole milliseconds.

export interface RunResult {
  connections: number;
  durationSeconds: number;
  responses: number;
  reqPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  statusCodes: Record<string, number>;
  /** Connection errors and timeouts, plus responses whose status was not the expected one. */
  errors: number;
  /** Peak resident memory of the server process during the run. */
  rssMB: number;
}

const REQUEST_TIMEOUT_S = 10;

export async function runLoad(server: ChildServer, scenario: Scenario, connections: number, durationSeconds: number): Promise<RunResult> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const stopWatching = server.watchRss();
  const makeBody = scenario.body;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: server.url,
        connections,
        duration: durationSeconds,
        timeout: REQUEST_TIMEOUT_S,
        requests: [
          {
            method: scenario.method,
            path: scenario.path,
            headers: scenario.headers ?? {},
            ...(makeBody
              ? {
                  setupRequest: (request: autocannon.Request) => {
                    const { headers, body } = makeBody();
                    return { ...request, headers: { ...request.headers, ...headers }, body };
                  },
                }
              : {}),
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
      latencies.push(responseTime);
    });
  });
  const peakRss = await stopWatching();
  // Requests cut off at the end finish before anything else is measured.
  await server.settle();
  latencies.sort((a, b) => a - b);
  const expected = statusCodes[scenario.expect] ?? 0;
  return {
    connections,
    durationSeconds: result.duration,
    responses: latencies.length,
    reqPerSec: round(latencies.length / result.duration, 1),
    latencyMs: { p50: percentile(latencies, 0.5), p90: percentile(latencies, 0.9), p99: percentile(latencies, 0.99), max: round(latencies.at(-1) ?? 0, 2) },
    statusCodes,
    errors: result.errors + (latencies.length - expected),
    rssMB: round(peakRss / 1024 / 1024, 1),
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return round(sorted[rank - 1]!, 2);
}

export function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
