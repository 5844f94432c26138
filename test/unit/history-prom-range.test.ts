/** The range query's URL and its answer as a history (pure), and the window of the source. */
import fc from 'fast-check';
import { MAX_POINTS } from '../../lib/history/codec.js';
import {
  checkRange,
  parseRangeBody,
  toRangeUrl,
  type RangeRequest,
} from '../../lib/history/promRangeParse.js';
import { toHistoryRange } from '../../lib/history/promSource.js';

const W = 'prom:9090/api/v1/query_range';
const R: RangeRequest = { startSeconds: 1_000_000, stepSeconds: 300, points: 4 };
const at = (i: number) => R.startSeconds + i * R.stepSeconds;
const matrix = (values: unknown[]) => ({
  status: 'success',
  data: { resultType: 'matrix', result: [{ metric: { customer: 's3cr3t-label' }, values }] },
});
const fail = (message: string, kind = 'parse') => ({
  ok: false,
  kind,
  message: `${W}: ${message}`,
});

describe('toRangeUrl', () => {
  it('asks for the steps from start to the last one', () => {
    const url = new URL(toRangeUrl('https://prom.example/sub', 'sum(rate(x[5m]))', R));
    expect(url.pathname).toBe('/sub/api/v1/query_range');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      query: 'sum(rate(x[5m]))',
      start: '1000000',
      end: String(at(3)),
      step: '300',
    });
  });

  it.each([
    ['a step of 0', { ...R, stepSeconds: 0 }, 'the step must be a whole number of seconds >= 1'],
    [
      'a fractional step',
      { ...R, stepSeconds: 1.5 },
      'the step must be a whole number of seconds >= 1',
    ],
    [
      'a negative start',
      { ...R, startSeconds: -1 },
      'the start must be a whole number of Unix seconds',
    ],
    [
      'no steps',
      { ...R, points: 0 },
      `a range query asks for 1 to ${MAX_POINTS} steps (budget), not 0`,
    ],
    [
      'more than MAX_POINTS',
      { ...R, points: MAX_POINTS + 1 },
      `a range query asks for 1 to ${MAX_POINTS} steps (budget), not ${MAX_POINTS + 1}`,
    ],
  ])('checkRange refuses %s', (_name, r, reason) => {
    expect(checkRange(r)).toBe(reason);
  });

  it('checkRange takes MAX_POINTS steps', () => {
    expect(checkRange({ ...R, points: MAX_POINTS })).toBeNull();
  });
});

describe('parseRangeBody', () => {
  it.each([
    [
      'every step',
      [
        [at(0), '1'],
        [at(1), '2.5'],
        [at(2), '0'],
        [at(3), '4'],
      ],
      [1, 2.5, 0, 4],
      0,
    ],
    [
      'a missing step is NaN',
      [
        [at(0), '1'],
        [at(3), '4'],
      ],
      [1, NaN, NaN, 4],
      0,
    ],
    [
      'NaN, ±Inf and negative samples are gaps, counted',
      [
        [at(0), 'NaN'],
        [at(1), '+Inf'],
        [at(2), '-Inf'],
        [at(3), '-2'],
      ],
      [NaN, NaN, NaN, NaN],
      4,
    ],
    ['a fractional timestamp on a step', [[at(1) + 0.0001, '7']], [NaN, 7, NaN, NaN], 0],
  ])('%s', (_name, samples, values, refused) => {
    expect(parseRangeBody(matrix(samples), R, W)).toEqual({
      ok: true,
      history: { stepSeconds: 300, endSeconds: at(3), values },
      refused,
      found: true,
    });
  });

  it('no series: every step a gap, found false', () => {
    const body = { status: 'success', data: { resultType: 'matrix', result: [] } };
    expect(parseRangeBody(body, R, W)).toMatchObject({ ok: true, found: false, refused: 0 });
  });

  it.each([
    ['not an object', 'x', fail('not a Prometheus query response')],
    [
      'an error',
      { status: 'error', errorType: 'bad_data', data: {} },
      fail('query failed (bad_data)'),
    ],
    [
      'an error type that is not a word',
      { status: 'error', errorType: 's3cr3t error', data: {} },
      fail('query failed'),
    ],
    [
      'a vector',
      { status: 'success', data: { resultType: 'vector', result: [] } },
      fail('query returned a vector (expected a matrix)'),
    ],
    [
      'two series',
      {
        status: 'success',
        data: { resultType: 'matrix', result: [{ values: [] }, { values: [] }] },
      },
      fail('query returned 2 series (expected 1: aggregate them, e.g. sum)'),
    ],
    [
      'a histogram series',
      { status: 'success', data: { resultType: 'matrix', result: [{ histograms: [] }] } },
      fail('the series has no float samples'),
    ],
    [
      'more samples than steps',
      matrix([0, 1, 2, 3, 4].map((i) => [at(i), '1'])),
      fail('the series has 5 samples, more than the 4 steps asked for', 'too-large'),
    ],
    [
      'a time off the steps',
      matrix([[at(0) + 10, '1']]),
      fail('a sample time is not one of the steps asked for'),
    ],
    [
      'a time before the start',
      matrix([[at(-1), '1']]),
      fail('a sample time is not one of the steps asked for'),
    ],
    [
      'a time after the end',
      matrix([[at(4), '1']]),
      fail('a sample time is not one of the steps asked for'),
    ],
    [
      'a repeated time',
      matrix([
        [at(1), '1'],
        [at(1), '2'],
      ]),
      fail('sample times do not increase'),
    ],
    ['a string time', matrix([[String(at(0)), '1']]), fail('a sample is not [time, value]')],
    ['a sample of three', matrix([[at(0), '1', 'x']]), fail('a sample is not [time, value]')],
    ['a number value', matrix([[at(0), 1]]), fail('a sample value is not a number')],
    ['an exponent', matrix([[at(0), '1e3']]), fail('a sample value is not a number')],
    ['text', matrix([[at(0), 's3cr3t-value']]), fail('a sample value is not a number')],
    ['a huge string', matrix([[at(0), '9'.repeat(500)]]), fail('a sample value is not a number')],
  ])('refuses %s, naming no label or value', (_name, body, expected) => {
    const result = parseRangeBody(body, R, W);
    expect(result).toEqual(expected);
    expect(JSON.stringify(result)).not.toMatch(/s3cr3t/);
  });

  it('property: every sample on a step lands in its step, every other step is NaN', () => {
    const sample = fc.oneof(fc.constant(NaN), fc.double({ min: 0, max: 1e9, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.option(sample), { minLength: 1, maxLength: 300 }), (cells) => {
        const r = { startSeconds: 1_700_000_000, stepSeconds: 60, points: cells.length };
        const samples = cells.flatMap((v, i) =>
          v === null ? [] : [[r.startSeconds + i * 60, Number.isNaN(v) ? 'NaN' : v.toFixed(3)]],
        );
        const result = parseRangeBody(matrix(samples), r, W);
        if (!result.ok) return false;
        return result.history.values.every((v, i) => {
          const cell = cells[i];
          return cell === null || cell === undefined || Number.isNaN(cell)
            ? Number.isNaN(v)
            : v === Number(cell.toFixed(3));
        });
      }),
    );
  });
});

describe('toHistoryRange', () => {
  const NOW = 1_796_000_123;
  it.each([
    // 22 days of 5-minute buckets: 6336 = MAX_POINTS, ending at the bucket of now
    ['5 minutes', 300, MAX_POINTS],
    ['1 hour', 3600, 22 * 24],
    // MAX_POINTS bounds a finer step: fewer days
    ['1 minute', 60, MAX_POINTS],
  ])('at %s steps', (_name, step, points) => {
    const end = Math.floor(NOW / step) * step;
    expect(toHistoryRange(NOW, step)).toEqual({
      startSeconds: end - (points - 1) * step,
      stepSeconds: step,
      points,
    });
  });

  it('never starts before 1970', () => {
    expect(toHistoryRange(900, 300)).toEqual({ startSeconds: 0, stepSeconds: 300, points: 4 });
  });
});
