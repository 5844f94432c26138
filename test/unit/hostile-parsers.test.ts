/**
 * Issue 22: every parser over a metric body ends in a value or a clear error, within its budget,
 * linear in its input. Work is asserted through the counters each parser exposes (JSONPath
 * visits, exposition characters, YAML keys), never through time; the heaviest regressions run in
 * a child process with the worker's heap flags (--max-old-space-size=256).
 */
import {
  jsonOnes,
  nestedArrays,
  promDigits,
  source,
  xmlNested,
  yamlKeys,
} from '../../bench/hostileBodies.js';
import { aggregateValues } from '../../lib/metrics/aggregate.js';
import type { Document } from 'yaml';
import {
  MAX_DOCUMENT_CHARS,
  MAX_JSONPATH_VISITS,
  MAX_SELECTED_VALUES,
  MAX_XML_DEPTH,
} from '../../lib/metrics/budgets.js';
import { parseXmlBody, parseYamlBody, YAML_OPTIONS } from '../../lib/metrics/documents.js';
import { composeYamlDocument } from '../../lib/metrics/yamlCompose.js';
import { findKeyProblem } from '../../lib/metrics/yamlKeys.js';
import { aggregateEndpoints } from '../../lib/metrics/endpoints.js';
import { parseSelector, selectSamples, type Selector } from '../../lib/metrics/exposition.js';
import { parseJsonPath, selectJsonPath, type Segment } from '../../lib/metrics/jsonpath.js';
import { extractMetric } from '../../lib/metrics/values.js';
import { runHostileCase } from '../support/heapChild.js';

const W = 'm/x';
const segmentsOf = (p: string) => parseJsonPath(p) as Segment[];
const selectorOf = (s: string) => parseSelector(s) as Selector;

describe('the regressions of issue 22, under the worker heap flags', () => {
  it.each([
    // 200 nested arrays: five descents visit each array once per step
    ['jsonpath-five-descents', { ok: false, kind: 'parse' }, 'is not a number'],
    ['jsonpath-two-descents-20kb', { ok: false, kind: 'parse' }, 'is not a number'],
    ['prometheus-190kb-digits', { ok: false, kind: 'parse' }, 'malformed value'],
    [
      'yaml-74000-keys',
      { ok: false, kind: 'too-large' },
      `YAML body over ${MAX_DOCUMENT_CHARS} characters`,
    ],
    ['max-of-300000', { ok: true, value: 1 }, undefined],
    // the yaml package would print the key (body text) through process.emitWarning
    ['yaml-collection-key', { ok: true, value: 2 }, undefined],
  ])(
    '%s ends in a result, prints nothing',
    async (name, expected, message) => {
      const child = await runHostileCase(name);
      expect(child.stderr).toBe('');
      expect(child.exit).toBe(0);
      expect(child.result).toMatchObject(expected);
      if (message !== undefined) {
        expect((child.result as { message: string }).message).toContain(message);
      }
    },
    60_000,
  );
});

describe('JSONPath: one traversal per step, matches de-duplicated', () => {
  const nodesOf = (depth: number) => depth + 1; // depth arrays and the 1 inside

  it.each([
    ['$..*..*..*..*..*', 200],
    ['$..*..*', 10_000],
    ['$..*', 100_000],
    ['$..*..*..*', 1_000],
  ])('%s over %i nested arrays visits each node at most twice a step', (path, depth) => {
    const body = JSON.parse(nestedArrays(depth, '1')) as unknown;
    const segments = segmentsOf(path);
    const selection = selectJsonPath(body, segments);
    expect(selection.ok).toBe(true);
    expect(selection.visits).toBeLessThanOrEqual(2 * segments.length * nodesOf(depth));
    // each node is selected once: every array but the outermost, and the 1
    if (selection.ok) expect(selection.values).toHaveLength(depth - (segments.length - 1));
  });

  it('a selection over its visit budget is a too-large metric error naming the budget', () => {
    const body = JSON.parse(nestedArrays(1_000, '1')) as unknown;
    const r = extractMetric(body, source({ valuePath: '$..*..*..*', aggregate: 'sum' }), W);
    expect(r).toMatchObject({ ok: false, kind: 'parse' }); // within the budget: arrays are not numbers
    const tight = selectJsonPath(body, segmentsOf('$..*..*..*'), {
      maxVisits: 2_000,
      maxValues: MAX_SELECTED_VALUES,
    });
    expect(tight).toEqual({
      ok: false,
      reason: 'examines more than 2000 nodes (budget)',
      visits: 2_000,
    });
  });

  it('a real body past MAX_JSONPATH_VISITS fails its metric instead of the process', () => {
    // 250,000 nested arrays (500 KB): each `..*` step examines every one of them twice
    const body = JSON.parse(nestedArrays(250_000, '1')) as unknown;
    const path = '$' + '..*'.repeat(8);
    const r = extractMetric(body, source({ valuePath: path, aggregate: 'sum' }), W);
    expect(r).toEqual({
      ok: false,
      kind: 'too-large',
      message: `${W}: JSONPath "${path}" examines more than ${MAX_JSONPATH_VISITS} nodes (budget)`,
    });
  });

  it('too many values is a too-large error', () => {
    const r = selectJsonPath(JSON.parse(jsonOnes(50)), segmentsOf('$[*]'), {
      maxVisits: MAX_JSONPATH_VISITS,
      maxValues: 10,
    });
    expect(r).toMatchObject({ ok: false, reason: 'selects more than 10 values (budget)' });
  });
});

describe('the Prometheus text scanner is linear', () => {
  it.each([
    ['digits then x', promDigits(190_000), 'malformed value in a matching sample'],
    ['an unclosed label value', `m{a="${'\\"'.repeat(50_000)}\n`, 'malformed labels'],
    ['a long name of another series', `${'m'.repeat(100_000)} 1\n`, []],
    ['many label pairs', `m{${'a="1",'.repeat(20_000)}} 1\n`, [1]],
    ['many lines', 'm 1\n'.repeat(50_000), Array.from({ length: 50_000 }, () => 1)],
  ])('%s: examines each character at most twice', (_name, text, expected) => {
    const work = { chars: 0, overBudget: false };
    const r = selectSamples(text, selectorOf('m'), work);
    if (typeof expected === 'string') expect(r).toEqual(expect.stringContaining(expected));
    else expect(r).toEqual(expected);
    expect(work.chars).toBeLessThanOrEqual(2 * (text.length + 1));
    expect(work.overBudget).toBe(false);
  });
});

describe('YAML: duplicate keys by one Set per mapping, parsing stops at the first error', () => {
  const compose = (text: string, work = { keys: 0, problems: 0 }) =>
    composeYamlDocument(text, YAML_OPTIONS, work) as Document;

  it('74,000 keys (just under 1 MiB) are each checked once', () => {
    const text = yamlKeys(74_000);
    expect(text.length).toBeLessThan(1024 * 1024);
    const work = { keys: 0 };
    expect(findKeyProblem(compose(text), work)).toBeUndefined();
    expect(work.keys).toBe(74_000);
    const repeated = { keys: 0 };
    expect(findKeyProblem(compose(yamlKeys(74_000, true)), repeated)).toBe(
      'a YAML mapping repeats a key',
    );
    expect(repeated.keys).toBe(74_001);
  });

  it.each([
    ['broken flow sequences in many documents', '- [- |\n---\n'.repeat(1_400)],
    ['anchors and flow markers', '\\": [-  *xa? ---\n, '.repeat(800)],
    ['unclosed quotes', 'a: "\n'.repeat(3_000)],
  ])('%s: refused after at most three problems', (_name, text) => {
    expect(text.length).toBeLessThanOrEqual(MAX_DOCUMENT_CHARS);
    const work = { keys: 0, problems: 0 };
    expect(parseYamlBody(text, W, work)).toMatchObject({ ok: false, kind: 'parse' });
    expect(work.problems).toBeLessThanOrEqual(3);
  });

  it.each([
    ['YAML', parseYamlBody],
    ['XML', parseXmlBody],
  ])('a %s body over MAX_DOCUMENT_CHARS is refused before parsing', (format, parse) => {
    expect(parse(' '.repeat(MAX_DOCUMENT_CHARS + 1), W)).toEqual({
      ok: false,
      kind: 'too-large',
      message: `${W}: ${format} body over ${MAX_DOCUMENT_CHARS} characters (budget)`,
    });
  });

  it.each([
    ['a repeated key at the end of 1,000', yamlKeys(1_000, true)],
    ['a repeated key in a nested mapping', 'a:\n  b: 1\n  b: 2\n'],
    ['a repeated quoted key', 'a: 1\n"a": 2\n'],
    ['a repeated key in a flow mapping', '{a: 1, a: 2}\n'],
  ])('%s is refused by this check', (_name, text) => {
    expect(parseYamlBody(text, W)).toEqual({
      ok: false,
      kind: 'parse',
      message: `${W}: a YAML mapping repeats a key`,
    });
  });

  it.each([
    ['1 and "1"', '1: 1\n"1": 2\n'],
    ['the same key in sibling mappings', '- a: 1\n- a: 2\n'],
  ])('%s are different keys', (_name, text) => {
    expect(parseYamlBody(text, W)).toMatchObject({ ok: true });
  });
});

describe('aggregates and numbers', () => {
  it.each([
    ['max', 299_999],
    ['min', 0],
    ['sum', (299_999 * 300_000) / 2],
  ] as const)('%s of 300,000 values is a value (no spread into arguments)', (how, expected) => {
    const values = Array.from({ length: 300_000 }, (_, i) => i);
    expect(aggregateValues(values, how)).toBe(expected);
  });

  it.each([
    ['a sum past the largest double', { n: [1e308, 1e308] }, 'n', 'the sum at "n" is not finite'],
    ['an avg past the largest double', { n: [1e308, 1e308] }, 'n', 'the avg at "n" is not finite'],
  ])('%s is a metric error', (_name, body, valuePath, message) => {
    const aggregate = message.includes('sum') ? 'sum' : 'avg';
    expect(extractMetric(body, source({ valuePath, aggregate }), W)).toEqual({
      ok: false,
      kind: 'parse',
      message: `${W}: ${message}`,
    });
  });

  it('a plain-text number of 400 digits is not finite', () => {
    expect(extractMetric('9'.repeat(400), source({ format: 'text' }), W)).toMatchObject({
      ok: false,
      message: `${W}: response is not a finite number`,
    });
  });

  it('a sum over endpoints past the largest double is a metric error', () => {
    const r = aggregateEndpoints(
      [
        { ok: true, value: 1e308 },
        { ok: true, value: 1e308 },
      ],
      { aggregate: 'sum' } as Parameters<typeof aggregateEndpoints>[1],
      W,
    );
    expect(r).toMatchObject({ ok: false, message: `${W}: the sum is not finite` });
  });
});

describe('XML depth', () => {
  it.each([
    [MAX_XML_DEPTH - 1, true],
    [MAX_XML_DEPTH, true],
    [MAX_XML_DEPTH + 1, false],
    [MAX_XML_DEPTH + 2, false],
  ])('%i nested elements: parsed %p', (depth, parsed) => {
    expect(MAX_XML_DEPTH).toBe(64);
    expect(parseXmlBody(xmlNested(depth), W).ok).toBe(parsed);
  });
});
