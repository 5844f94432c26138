/** `business-scaler simulate`: arguments, the series format, and the four outputs. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main.js';
import { parseSeries, SeriesError } from '../../lib/simulate/series.js';

/** Temp dirs of this file, removed after it. */
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'bs-sim-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SPEC = 'crds/samples/behavior.yaml';
const SERIES = 'crds/samples/behavior-series.csv';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('parseSeries', () => {
  it('reads seconds from a start, empty cells as failed reads', () => {
    const s = parseSeries('time,a,b\n0,1,2\n15,,4\n', Date.parse('2026-01-01T00:00:00Z'));
    expect(s.names).toEqual(['a', 'b']);
    expect(s.rows[1]).toEqual({
      time: 15,
      at: Date.parse('2026-01-01T00:00:15Z'),
      values: { a: undefined, b: 4 },
    });
  });
  it.each([
    ['value,a\n0,1', /header/],
    ['time,a\n0,1\n0,2', /line 3: time must increase/],
    ['time,a\n0,abc', /line 2: a must be a number/],
    ['time,a\nyesterday,1', /line 2: time must be seconds or an ISO 8601/],
    ['time,a\n0,1,2', /line 2: expected 2 cells/],
    ['time,a\n', /no rows/],
  ])('%j → %s', (text, message) => {
    expect(() => parseSeries(text)).toThrow(SeriesError);
    expect(() => parseSeries(text)).toThrow(message);
  });
});

describe('simulate command', () => {
  it('json: one tick per row with time, metrics, recommended, replicas, reason', async () => {
    const r = await run(['simulate', '--spec', SPEC, '--series', SERIES, '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { ticks: Record<string, unknown>[] };
    expect(json.ticks).toHaveLength(61);
    expect(json.ticks[6]).toMatchObject({
      time: '2026-03-30T05:30:00Z',
      metrics: { orders_per_minute: 2 },
      recommended: 1, // ceil(2 / 20)
      replicas: 1, // activated from 0
      reason: 'orders_per_minute above target',
    });
    const rules = new Set(json.ticks.map((t) => t.limitedBy));
    // the sample exercises every rule it configures
    for (const rule of [
      'Fallback',
      'Schedule',
      'ScaleDownLimit',
      'ScaleDownStabilized',
      'Cooldown',
      'ScaleToZero',
    ]) {
      expect(rules).toContain(rule);
    }
  });

  it('csv, table and svg', async () => {
    const csv = await run(['simulate', '--spec', SPEC, '--series', SERIES, '--format', 'csv']);
    expect(csv.out.split('\n')[0]).toBe(
      'time,orders_per_minute,recommended,replicas,min,max,limitedBy,schedules,reason',
    );
    const table = await run(['simulate', '--spec', SPEC, '--series', SERIES]);
    expect(table.out).toContain('12 → 10');
    const dir = tempDir();
    const svg = await run([
      'simulate',
      '--spec',
      SPEC,
      '--series',
      SERIES,
      '--format',
      'svg',
      '--out',
      join(dir, 'c.svg'),
    ]);
    expect(svg.code).toBe(0);
    const text = readFileSync(join(dir, 'c.svg'), 'utf8');
    expect(text).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(text).toContain('morning-campaign');
  });

  it('--initial-replicas and pause annotations in the file', async () => {
    const dir = tempDir();
    const spec = join(dir, 'paused.yaml');
    writeFileSync(
      spec,
      readFileSync(SPEC, 'utf8').replace(
        '  name: checkout\n',
        '  name: checkout\n  annotations:\n    scaling.example.com/paused: "true"\n',
      ),
    );
    const r = await run([
      'simulate',
      '--spec',
      spec,
      '--series',
      SERIES,
      '--format',
      'json',
      '--initial-replicas',
      '3',
    ]);
    const ticks = (JSON.parse(r.out) as { ticks: { replicas: number }[] }).ticks;
    expect(new Set(ticks.map((t) => t.replicas))).toEqual(new Set([3]));
  });

  it.each([
    [['simulate', '--series', SERIES], 2, /--spec and --series/],
    [['simulate', '--spec', SPEC, '--series', SERIES, '--format', 'png'], 2, /--format/],
    [
      ['simulate', '--spec', SPEC, '--series', SERIES, '--initial-replicas', '-1'],
      2,
      /initial-replicas/,
    ],
    [['simulate', '--spec', SPEC, '--series', 'package.json'], 1, /simulate: line 1/],
    [['simulate', '--spec', 'crds/rbac.yaml', '--series', SERIES], 1, /invalid spec|no resource/],
  ])('%j → exit %i', async (args, code, message) => {
    const r = await run(args);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
  });
});
