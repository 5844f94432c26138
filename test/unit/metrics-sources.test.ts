/** From a body to a value, per source format: JSONPath subset, exposition format, query API. */
import fc from 'fast-check';
import { parseSelector, selectSamples } from '../../lib/metrics/exposition.js';
import { parseJsonPath, selectJsonPath } from '../../lib/metrics/jsonpath.js';
import { extractQueryResult, toQueryUrl } from '../../lib/metrics/promApi.js';
import { extractMetric } from '../../lib/metrics/values.js';
import type { HttpMetricSource } from '../../lib/spec/types.js';

const W = 'm.example/q';
const ok = (value: number) => ({ ok: true, value });
const parseFail = (reason: string) => ({ ok: false, kind: 'parse', message: `${W}: ${reason}` });
const src = (extra: Partial<HttpMetricSource>): HttpMetricSource => ({
  url: 'http://m.example/q',
  valuePath: 'value',
  ...extra,
});

const BODY = {
  value: 3,
  regions: [
    { name: 'eu', orders: 10 },
    { name: 'us', orders: 30 },
    { name: 'ap', orders: 5 },
  ],
  'odd-key': { n: 7 },
  nested: { a: { count: 1 }, b: { deeper: { count: 2 } } },
  bad: [1, 'x'],
};

describe('extractMetric, format json', () => {
  it.each([
    ['dot path (unchanged)', 'value', undefined, ok(3)],
    [
      'dot path to an array, no aggregate',
      'regions',
      undefined,
      parseFail('value at "regions" is not a number (array)'),
    ],
    ['JSONPath root child', '$.value', undefined, ok(3)],
    ['JSONPath index', '$.regions[1].orders', undefined, ok(30)],
    ['JSONPath negative index', '$.regions[-1].orders', undefined, ok(5)],
    ['JSONPath quoted name', "$['odd-key'].n", undefined, ok(7)],
    ['wildcard + sum', '$.regions[*].orders', 'sum', ok(45)], // 10 + 30 + 5
    ['wildcard + avg', '$.regions[*].orders', 'avg', ok(15)], // 45 / 3
    ['wildcard + max', '$.regions.*.orders', 'max', ok(30)],
    ['wildcard + min', '$.regions[*].orders', 'min', ok(5)],
    ['recursive descent + sum', '$..count', 'sum', ok(3)], // 1 + 2
    [
      'several values without aggregate',
      '$.regions[*].orders',
      undefined,
      parseFail('"$.regions[*].orders" selects 3 values (set aggregate)'),
    ],
    ['nothing selected', '$.nope', 'sum', parseFail('no value at "$.nope"')],
    [
      'a non-number among them',
      '$.bad[*]',
      'sum',
      parseFail('a value at "$.bad[*]" is not a number'),
    ],
    [
      'a filter expression',
      '$.regions[?(@.name=="eu")].orders',
      undefined,
      parseFail('invalid JSONPath: filter and script expressions are not supported'),
    ],
    [
      'own properties only',
      '$.value.constructor',
      undefined,
      parseFail('no value at "$.value.constructor"'),
    ],
  ] as const)('%s', (_name, valuePath, aggregate, expected) => {
    expect(extractMetric(BODY, src({ valuePath, ...(aggregate ? { aggregate } : {}) }), W)).toEqual(
      expected,
    );
  });

  it('a dot path naming an array of numbers, with aggregate, uses its elements', () => {
    expect(extractMetric({ n: [1, 2, 3] }, src({ valuePath: 'n', aggregate: 'sum' }), W)).toEqual(
      ok(6),
    );
  });
});

describe('extractMetric, format text', () => {
  it.each([
    ['42\n', ok(42)],
    [' 3.5 ', ok(3.5)],
    ['-1', parseFail('response is not a plain number')],
    ['1e3', parseFail('response is not a plain number')],
    ['<html>s3cr3t</html>', parseFail('response is not a plain number')],
  ])('%p', (body, expected) =>
    expect(extractMetric(body, src({ format: 'text' }), W)).toEqual(expected),
  );
});

const EXPOSITION = `# HELP orders_total Orders.
# TYPE orders_total counter
orders_total{region="eu",shop="a"} 10
orders_total{region="eu",shop="b"} 5 1700000000000
orders_total{region="us"} 7
orders_total_created{region="eu"} 1.7e9
queue_depth 3
weird{region="eu"} NaN
`;

describe('extractMetric, format prometheus', () => {
  it.each([
    ['a metric without labels', 'queue_depth', undefined, ok(3)],
    ['one matching series', 'orders_total{region="us"}', undefined, ok(7)],
    ['two series, summed', 'orders_total{region="eu"}', 'sum', ok(15)], // 10 + 5 (timestamp ignored)
    ['a != matcher', 'orders_total{region!="eu"}', undefined, ok(7)],
    ['two matchers', 'orders_total{region="eu",shop="b"}', undefined, ok(5)],
    [
      'two series without aggregate',
      'orders_total{region="eu"}',
      undefined,
      parseFail('series orders_total selects 2 values (set aggregate)'),
    ],
    [
      'no such series',
      'orders_total{region="ap"}',
      'sum',
      parseFail('no value at series orders_total'),
    ],
    [
      'a prefix name does not match longer names',
      'orders',
      undefined,
      parseFail('no value at series orders'),
    ],
    ['NaN', 'weird', undefined, parseFail('a value at series weird is not a finite number')],
  ] as const)('%s', (_name, valuePath, aggregate, expected) => {
    const source = src({ format: 'prometheus', valuePath, ...(aggregate ? { aggregate } : {}) });
    expect(extractMetric(EXPOSITION, source, W)).toEqual(expected);
  });

  it.each([['{a="b"}'], ['m{a=b}'], ['m{a="b"'], ['m x']])('refuses the selector %p', (text) => {
    expect(typeof parseSelector(text)).toBe('string');
  });

  it('reads back every label value it can be written with', () => {
    const value = fc.string().filter((s) => !s.includes('\n'));
    fc.assert(
      fc.property(value, fc.nat(), (v, n) => {
        const escaped = v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
        const selector = parseSelector(`m{l="${escaped}"}`);
        expect(typeof selector).not.toBe('string');
        expect(
          selectSamples(`m{l="${escaped}"} ${n}\n`, selector as Exclude<typeof selector, string>),
        ).toEqual([n]);
      }),
    );
  });
});

describe('JSONPath subset', () => {
  it.each([['value'], ['$.'], ['$.a[?(@.x)]'], ['$.a[(1)]'], ['$[1:2]'], ['$.a b']])(
    'refuses %p',
    (p) => expect(typeof parseJsonPath(p)).toBe('string'),
  );

  it('never selects through prototypes', () => {
    const segments = parseJsonPath('$..__proto__') as Exclude<
      ReturnType<typeof parseJsonPath>,
      string
    >;
    expect(selectJsonPath({ a: { b: 1 } }, segments)).toMatchObject({ ok: true, values: [] });
  });

  it('survives a deeply nested body', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const segments = parseJsonPath('$..*') as Exclude<ReturnType<typeof parseJsonPath>, string>;
    const selection = selectJsonPath(deep, segments);
    expect(selection.ok && selection.values).toHaveLength(100_000);
  });
});

describe('the Prometheus query API', () => {
  const vector = (n: number) => ({
    status: 'success',
    data: {
      resultType: 'vector',
      result: Array.from({ length: n }, (_, i) => ({
        metric: { customer: `s3cr3t-${i}` },
        value: [1, '12.5'],
      })),
    },
  });
  it.each([
    ['one sample', vector(1), ok(12.5)],
    ['no series', vector(0), parseFail('query returned 0 series (expected 1)')],
    ['three series', vector(3), parseFail('query returned 3 series (expected 1)')],
    ['a scalar', { status: 'success', data: { resultType: 'scalar', result: [1, '4'] } }, ok(4)],
    [
      'a matrix',
      { status: 'success', data: { resultType: 'matrix', result: [] } },
      parseFail('query returned a matrix (expected one sample)'),
    ],
    [
      'an error',
      { status: 'error', errorType: 'bad_data', error: 's3cr3t', data: {} },
      parseFail('query failed (bad_data)'),
    ],
    [
      'NaN',
      { status: 'success', data: { resultType: 'scalar', result: [1, 'NaN'] } },
      parseFail('a value at the scalar result is not a number'),
    ],
    ['not Prometheus', { hello: 1 }, parseFail('not a Prometheus query response')],
  ])('%s', (_name, body, expected) => {
    const result = extractQueryResult(body, W);
    expect(result).toEqual(expected);
    expect(JSON.stringify(result)).not.toContain('s3cr3t');
  });

  it('builds the instant query URL under the server address (path prefix kept)', () => {
    expect(toQueryUrl({ serverAddress: 'https://p.example/prom', query: 'sum(rate(x[1m]))' })).toBe(
      'https://p.example/prom/api/v1/query?query=sum%28rate%28x%5B1m%5D%29%29',
    );
  });
});
