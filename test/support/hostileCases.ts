/**
 * The heavy regressions of issue 22, one per process (see heapChild.ts): `node … hostile-cases.mjs
 * <case>` prints the case's result as JSON. A case that exhausted the heap would exit 134 instead.
 */
import { jsonOnes, nestedArrays, promDigits, source, yamlKeys } from '../../bench/hostileBodies.js';
import { parseBody } from '../../lib/metrics/extract.js';
import { extractMetric } from '../../lib/metrics/values.js';
import type { HttpMetricSource } from '../../lib/spec/types.js';

const W = 'm/x';

function fromJson(text: string, s: Partial<HttpMetricSource>) {
  const body = parseBody(text, 'application/json', W);
  return body.ok ? extractMetric(body.body, source(s), W) : body;
}

const CASES: Record<string, () => unknown> = {
  // 401 bytes: 200 nested arrays around a 1
  'jsonpath-five-descents': () =>
    fromJson(nestedArrays(200, '1'), { valuePath: '$..*..*..*..*..*', aggregate: 'sum' }),
  // 20 KB: 10,000 nested arrays
  'jsonpath-two-descents-20kb': () =>
    fromJson(nestedArrays(10_000), { valuePath: '$..*..*', aggregate: 'sum' }),
  'prometheus-190kb-digits': () =>
    extractMetric(promDigits(190_000), source({ format: 'prometheus', valuePath: 'm' }), W),
  'yaml-74000-keys': () =>
    extractMetric(yamlKeys(74_000), source({ format: 'yaml', valuePath: 'key_73999' }), W),
  'yaml-collection-key': () =>
    extractMetric(
      '? [s3cr3t-body-text, 1]\n: 5\nv: 2\n',
      source({ format: 'yaml', valuePath: 'v' }),
      W,
    ),
  'max-of-300000': () => fromJson(jsonOnes(300_000), { valuePath: '$[*]', aggregate: 'max' }),
};

const name = process.argv[2] ?? '';
const run = CASES[name];
if (run === undefined) {
  process.stderr.write(`unknown case; known: ${Object.keys(CASES).join(', ')}\n`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(run()) + '\n');
