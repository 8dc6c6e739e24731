import type { RunResult } from './load';
import type { PageWeight } from './page-weight';
import type { ScenarioKind } from './scenarios';

// results.json, the targets of issue 7 with pass/fail, and the printed tables.

export interface ScenarioResult {
  name: string;
  kind: ScenarioKind;
  method: string;
  path: string;
  runs: Array<RunResult & { vsBaseline?: number }>;
}

export interface Target {
  name: string;
  limit: string;
  actual: string;
  pass: boolean;
}

export interface Measurements {
  scenarios: ScenarioResult[];
  pageWeight: PageWeight[];
  /**
   * Donor registrations the form answered with 303 and the rows found for them afterwards. A run
   * ends with up to one request per connection in flight, which the server may still store.
   */
  registrations: { accepted: number; stored: number; inFlight: number };
}

export const LIMITS = {
  matchingP99Ms: 50,
  queueP99Ms: 100,
  publicVsBaseline: 0.8,
  rssMB: 300,
  pageBytes: 30_000,
};

/** Adds to every GET run of the portal its req/s as a share of the baseline's at the same connections. */
export function compareWithBaseline(scenarios: ScenarioResult[]): ScenarioResult[] {
  const baseline = scenarios.find((s) => s.kind === 'baseline');
  return scenarios.map((s) => {
    if (s.kind === 'baseline' || s.method !== 'GET' || !baseline) return s;
    return {
      ...s,
      runs: s.runs.map((run) => {
        const base = baseline.runs.find((b) => b.connections === run.connections);
        return base && base.reqPerSec > 0 ? { ...run, vsBaseline: Math.round((run.reqPerSec / base.reqPerSec) * 1000) / 1000 } : run;
      }),
    };
  });
}

export function totalErrors(m: Measurements): number {
  const runs = m.scenarios.flatMap((s) => s.runs).reduce((n, r) => n + r.errors, 0);
  const pages = m.pageWeight.filter((p) => p.status !== 200 || p.resources.some((r) => r.status !== 200)).length;
  const { accepted, stored, inFlight } = m.registrations;
  const lost = Math.max(0, accepted - stored) + Math.max(0, stored - accepted - inFlight);
  return runs + pages + lost;
}

/** The targets, judged at the highest connection count measured (32 in a full run). */
export function evaluateTargets(m: Measurements): Target[] {
  const top = Math.max(...m.scenarios.flatMap((s) => s.runs.map((r) => r.connections)));
  const at = (name: string) => m.scenarios.find((s) => s.name === name)?.runs.find((r) => r.connections === top);
  const targets: Target[] = [];
  const p99Target = (name: string, limit: number) => {
    const run = at(name);
    targets.push({ name: `${name} p99 at ${top} connections`, limit: `< ${limit} ms`, actual: run ? `${run.latencyMs.p99} ms` : 'not measured', pass: !!run && run.latencyMs.p99 < limit });
  };
  p99Target('matching-dense', LIMITS.matchingP99Ms);
  p99Target('matching-sparse', LIMITS.matchingP99Ms);
  p99Target('queue', LIMITS.queueP99Ms);
  for (const s of m.scenarios.filter((x) => x.kind === 'public')) {
    const ratios = s.runs.map((r) => r.vsBaseline);
    const lowest = ratios.every((r) => r !== undefined) && ratios.length ? Math.min(...(ratios as number[])) : undefined;
    targets.push({
      name: `${s.name} req/s vs baseline, every connection count`,
      limit: `≥ ${LIMITS.publicVsBaseline * 100}%`,
      actual: lowest === undefined ? 'not measured' : `${Math.round(lowest * 100)}% (lowest)`,
      pass: lowest !== undefined && lowest >= LIMITS.publicVsBaseline,
    });
  }
  const errors = totalErrors(m);
  targets.push({ name: 'errors and unexpected statuses', limit: '0', actual: String(errors), pass: errors === 0 });
  const rss = Math.max(0, ...m.scenarios.filter((s) => s.kind !== 'baseline').map((s) => s.runs.find((r) => r.connections === top)?.rssMB ?? 0));
  targets.push({ name: `portal RSS at ${top} connections (peak)`, limit: `< ${LIMITS.rssMB} MB`, actual: `${rss} MB`, pass: rss > 0 && rss < LIMITS.rssMB });
  for (const p of m.pageWeight) {
    targets.push({ name: `page weight of ${p.path} (gzip, HTML + CSS + JS)`, limit: `< ${LIMITS.pageBytes / 1000} KB`, actual: `${(p.totalBytes / 1000).toFixed(1)} KB`, pass: p.status === 200 && p.totalBytes < LIMITS.pageBytes });
  }
  return targets;
}

function table(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatReport(m: Measurements, targets: Target[]): string {
  const runs = table(
    ['scenario', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'RSS MB', 'vs baseline'],
    m.scenarios.flatMap((s) =>
      s.runs.map((r) => [
        s.name, String(r.connections), r.reqPerSec.toFixed(1), r.latencyMs.p50.toFixed(2), r.latencyMs.p99.toFixed(2), String(r.errors), r.rssMB.toFixed(1),
        r.vsBaseline === undefined ? '' : `${Math.round(r.vsBaseline * 100)}%`,
      ]),
    ),
    [false, true, true, true, true, true, true, true],
  );
  const weights = table(
    ['page', 'HTML B', 'CSS B', 'JS B', 'total B'],
    m.pageWeight.map((p) => [p.path, String(p.htmlBytes), String(p.cssBytes), String(p.jsBytes), String(p.totalBytes)]),
    [false, true, true, true, true],
  );
  const verdicts = table(
    ['target', 'limit', 'actual', ''],
    targets.map((t) => [t.name, t.limit, t.actual, t.pass ? 'pass' : 'FAIL']),
    [false, false, true, false],
  );
  return `${runs}\n\n${weights}\n\n${verdicts}\n`;
}
