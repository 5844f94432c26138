/** `business-scaler backtest`: arguments, specs side by side, references, table and JSON. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main.js';
import { dailyDemand, START } from '../support/forecastSeries.js';

const dir = mkdtempSync(join(tmpdir(), 'bs-backtest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3600;
const csv = [
  'time,demand',
  ...dailyDemand(20, HOUR).map((v, i) => `${new Date(START + i * HOUR * 1000).toISOString()},${v}`),
].join('\n');
const spec = (name: string, forecast = '') => `apiVersion: example.com/v1
kind: BusinessScaling
metadata: { name: ${name} }
spec:
  scaleTargetRef: { kind: Deployment, name: web, namespace: shop }
  minReplicas: 1
  maxReplicas: 50
  metrics:
    - name: demand
      http: { url: 'http://127.0.0.1:9/demand' }
      target: { type: AverageValue, averageValue: 10 }
  behavior: {}
${forecast}`;
const SERIES = join(dir, 'demand.csv');
const REACTIVE = join(dir, 'reactive.yaml');
const ACTIVE = join(dir, 'active.yaml');
writeFileSync(SERIES, csv);
writeFileSync(REACTIVE, spec('plain'));
writeFileSync(ACTIVE, spec('ahead', '  forecast: { mode: Active, podStartupSeconds: 3600 }\n'));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('business-scaler backtest', () => {
  it('scores specs side by side with the references, as a table', async () => {
    const args = ['backtest', '--series', SERIES, '--spec', REACTIVE, '--spec', ACTIVE];
    const r = await run([...args, '--reference', 'perfect', '--warmup-days', '7']);
    expect(r.code).toBe(0);
    const names = r.out.split('\n').map((l) => l.split(/\s{2,}/)[0]);
    expect(names).toEqual(['spec', 'plain', 'ahead', 'perfect (reference)']);
  });

  it('writes JSON with each score and the models the forecast used', async () => {
    const out = join(dir, 'scores.json');
    const r = await run([
      'backtest',
      '--series',
      SERIES,
      '--spec',
      ACTIVE,
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8')) as {
      results: { name: string; score: Record<string, number>; forecasts: Record<string, number> }[];
    };
    expect(json.results[0]!.name).toBe('ahead');
    expect(Object.keys(json.results[0]!.score).sort()).toEqual([
      'flaps',
      'podHours',
      'ticks',
      'underPodMinutes',
      'worstShortfall',
    ]);
    expect(json.results[0]!.forecasts.waiting).toBeGreaterThan(0);
  });

  it('draws demand, each spec’s replicas and the forecast as SVG', async () => {
    const args = ['backtest', '--series', SERIES, '--spec', ACTIVE, '--reference', 'reactive'];
    const r = await run([...args, '--format', 'svg']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^<svg /);
    expect(r.out.match(/stroke-width="1"/g)).toHaveLength(3); // two specs, one forecast
    expect(r.out).toContain('stroke-dasharray');
    expect(r.out).toContain('ahead: replicas');
  });

  it.each([
    [
      'no spec',
      ['backtest', '--series', SERIES],
      2,
      /needs one of --series and --prometheus, and at least one --spec/,
    ],
    [
      'an unknown reference',
      ['backtest', '--series', SERIES, '--spec', REACTIVE, '--reference', 'oracle'],
      2,
      /--reference/,
    ],
    [
      'no series file',
      ['backtest', '--series', join(dir, 'none.csv'), '--spec', REACTIVE],
      1,
      /^backtest: /,
    ],
  ])('%s exits %i', async (_name, args, code, message) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
  });

  it('refuses a series whose rows are not one step apart', async () => {
    const gaps = join(dir, 'gaps.csv');
    writeFileSync(
      gaps,
      'time,demand\n2026-01-01T00:00:00Z,1\n2026-01-01T01:00:00Z,1\n2026-01-01T03:00:00Z,1\n',
    );
    const r = await run(['backtest', '--series', gaps, '--spec', REACTIVE]);
    expect([r.code, r.err]).toEqual([
      1,
      'backtest: row 3: every row must be one step (3600 s) after the last',
    ]);
  });

  it('names an invalid spec.forecast field', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, spec('bad', '  forecast: { mode: Sometimes }\n'));
    const r = await run(['backtest', '--series', SERIES, '--spec', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/spec\.forecast\.mode: must be one of Observe, Active/);
  });
});
