/**
 * The range reader, its HistorySource and `backtest --prometheus` against a REAL Prometheus
 * (/usr/bin/prometheus, history backfilled with promtool from OpenMetrics): 30 hours of one
 * sample every 15 s, with a 30-minute hole and one NaN sample. The lookback is 10 s, so a step
 * without its own sample is a gap (Prometheus' default 5 minutes would repeat the last one).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main.js';
import { MAX_POINTS } from '../../lib/history/codec.js';
import { readPromRange } from '../../lib/history/promRange.js';
import { createPromHistorySource } from '../../lib/history/promSource.js';
import { createPolicy } from '../../lib/net/policy.js';
import { promtoolMissing, startPrometheus, type PrometheusServer } from '../../tools/prometheus.js';
import { describeUnless } from '../harness/skip.js';
import { installTripwire, type Tripwire } from '../support/tripwire.js';

const STEP = 15;
const T_END = 1_779_999_990; // a multiple of 15
const COUNT = (30 * 3600) / STEP + 1; // 7201 samples, more than MAX_POINTS
const T0 = T_END - (COUNT - 1) * STEP;
const HOLE = { from: 3000, to: 3120 }; // 30 minutes without samples
const NAN_AT = 5000;
/** The value of sample i; undefined: no sample; NaN: a NaN sample. */
const sampleOf = (i: number): number | undefined =>
  i >= HOLE.from && i < HOLE.to ? undefined : i === NAN_AT ? NaN : (i * 7) % 101;
const expected = (i: number) => sampleOf(i) ?? NaN;

function toOpenMetrics(): string {
  const lines = ['# TYPE orders_demand gauge'];
  for (let i = 0; i < COUNT; i++) {
    const v = sampleOf(i);
    if (v !== undefined)
      lines.push(`orders_demand ${Number.isNaN(v) ? 'NaN' : v} ${T0 + i * STEP}`);
  }
  lines.push('# TYPE orders_region gauge');
  for (const region of ['eu', 'us']) lines.push(`orders_region{region="${region}"} 1 ${T_END}`);
  return [...lines, '# EOF', ''].join('\n');
}

const OPTIONS = { timeoutMs: 10_000, maxBytes: 4 << 20, network: createPolicy('127.0.0.0/8') };
let prometheus: PrometheusServer | undefined;
let tripwire: Tripwire;
const dir = mkdtempSync(join(tmpdir(), 'bs-prom-range-'));

describeUnless(promtoolMissing(), 'Prometheus range queries (a real Prometheus)', () => {
  beforeAll(async () => {
    tripwire = installTripwire();
    prometheus = await startPrometheus([], {
      openMetrics: toOpenMetrics(),
      flags: { 'query.lookback-delta': '10s' },
    });
  }, 180_000);

  afterAll(async () => {
    tripwire?.uninstall();
    await prometheus?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => expect(tripwire.stopped.splice(0)).toEqual([]));

  const source = (query: string) => ({ serverAddress: prometheus!.url, query });
  const KEY = { namespace: 'shop', name: 'web', metric: 'orders' };

  it('the HistorySource holds MAX_POINTS steps ending at the bucket of now, gaps as NaN', async () => {
    const history = createPromHistorySource({ source: source('orders_demand'), options: OPTIONS });
    const h = await history.observe(KEY, T_END + 7, 999, STEP);
    const first = COUNT - MAX_POINTS;
    const want = Array.from({ length: MAX_POINTS }, (_, j) => expected(first + j));
    expect(h).toEqual({ stepSeconds: STEP, endSeconds: T_END, values: want });
    expect(want.filter((v) => Number.isNaN(v))).toHaveLength(HOLE.to - HOLE.from + 1);
  });

  it("this run's reading fills the bucket the range lacks", async () => {
    const history = createPromHistorySource({ source: source('orders_demand'), options: OPTIONS });
    const h = await history.observe(KEY, T_END + STEP + 3, 999, STEP);
    expect(h?.endSeconds).toBe(T_END + STEP);
    expect(h?.values.slice(-2)).toEqual([expected(COUNT - 1), 999]);
  });

  it('no history before the first sample', async () => {
    const r = await readPromRange(
      source('orders_demand'),
      { startSeconds: T0 - 10 * STEP, stepSeconds: STEP, points: 12 },
      { options: OPTIONS },
    );
    expect(r).toMatchObject({ ok: true, refused: 0, found: true });
    expect(r.ok && r.history.values).toEqual([...new Array<number>(10).fill(NaN), 0, 7]);
  });

  it.each([
    ['orders_region', 'parse', 'query returned 2 series (expected 1: aggregate them, e.g. sum)'],
    ['sum(s3cr3t_metric', 'http', 'HTTP 400'],
  ])('%s: a clear failure without the query', async (query, kind, reason) => {
    const r = await readPromRange(
      source(query),
      { startSeconds: T_END - 10 * STEP, stepSeconds: STEP, points: 11 },
      { options: OPTIONS },
    );
    expect(r).toEqual({
      ok: false,
      kind,
      message: `${prometheus!.url.slice(7)}/api/v1/query_range: ${reason}`,
    });
  });

  it('backtest --prometheus scores what backtest --series scores on the same data', async () => {
    const spec = join(dir, 'spec.yaml');
    writeFileSync(
      spec,
      `apiVersion: example.com/v1
kind: BusinessScaling
metadata: { name: plain }
spec:
  scaleTargetRef: { kind: Deployment, name: web, namespace: shop }
  minReplicas: 1
  maxReplicas: 20
  metrics:
    - name: demand
      http: { url: 'http://127.0.0.1:9/demand' }
      target: { type: AverageValue, averageValue: 10 }
  behavior: {}
`,
    );
    const iso = (s: number) => new Date(s * 1000).toISOString();
    const csv = join(dir, 'demand.csv');
    const rows = Array.from({ length: COUNT }, (_, i) => {
      const v = expected(i);
      return `${iso(T0 + i * STEP)},${Number.isNaN(v) ? '' : v}`;
    });
    writeFileSync(csv, ['time,demand', ...rows].join('\n'));
    const common = ['--spec', spec, '--warmup-days', '0'];
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
      const code = await main(['backtest', ...args, ...common, '--format', 'json'], io);
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const before = process.env.METRIC_ALLOWED_NETWORKS;
    process.env.METRIC_ALLOWED_NETWORKS = '127.0.0.0/8';
    try {
      const fromProm = await run([
        ...['--prometheus', prometheus!.url, '--query', 'orders_demand'],
        ...['--start', iso(T0), '--end', iso(T_END), '--step', '15s', '--metric', 'demand'],
      ]);
      const fromCsv = await run(['--series', csv]);
      expect([fromProm.code, fromProm.err]).toEqual([
        0,
        `backtest: read ${COUNT} steps in 2 range queries; ${HOLE.to - HOLE.from + 1} gaps (1 NaN, infinite or negative)`,
      ]);
      expect(fromCsv.code).toBe(0);
      expect(JSON.parse(fromProm.out)).toEqual(JSON.parse(fromCsv.out));
      expect(readFileSync(csv, 'utf8')).toContain(',\n'); // the CSV has gaps too
    } finally {
      if (before === undefined) delete process.env.METRIC_ALLOWED_NETWORKS;
      else process.env.METRIC_ALLOWED_NETWORKS = before;
    }
  });
});
