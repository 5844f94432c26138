/**
 * `npm run bench:parsers`: the longest event-loop hold of one worst-case body per parser, at its
 * budget (JSON and Prometheus text at the 1 MiB body cap, YAML and XML at MAX_DOCUMENT_CHARS).
 * Each case is the whole synchronous work of one metric body (parse and select), run --runs
 * times (default 5) in a process with the worker's heap flags; prints min–max wall and CPU ms.
 *   options: --runs n (5)
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { MAX_DOCUMENT_CHARS } from '../lib/metrics/budgets.js';
import { parseBody } from '../lib/metrics/extract.js';
import { extractMetric } from '../lib/metrics/values.js';
import type { HttpMetricSource } from '../lib/spec/types.js';
import {
  BODY_CAP,
  jsonOnes,
  nestedArrays,
  promDigits,
  promSamples,
  source,
} from './hostileBodies.js';
import { xmlMany, xmlNested, yamlKeys } from './hostileBodies.js';
import { WORKER_NODE_ARGUMENTS } from './nodeArguments.js';

interface Case {
  readonly parser: string;
  readonly name: string;
  readonly text: string;
  readonly source: Partial<HttpMetricSource>;
}

const fit = (chunk: string, chars: number) => chunk.repeat(Math.floor(chars / chunk.length));
const DOC = MAX_DOCUMENT_CHARS;
const deepest = Math.floor((BODY_CAP - 1) / 2);

const CASES: readonly Case[] = [
  {
    parser: 'JSONPath',
    name: `8 descents over ${deepest} nested arrays (visit budget)`,
    text: nestedArrays(deepest, '1'),
    source: { valuePath: '$' + '..*'.repeat(8), aggregate: 'sum' },
  },
  {
    parser: 'JSONPath',
    name: `$..* max over ${(BODY_CAP - 2) / 2} numbers`,
    text: jsonOnes((BODY_CAP - 2) / 2),
    source: { valuePath: '$..*', aggregate: 'max' },
  },
  {
    parser: 'Prometheus',
    name: 'one value of 1 MiB digits then x',
    text: promDigits(BODY_CAP - 4),
    source: { format: 'prometheus', valuePath: 'm' },
  },
  {
    parser: 'Prometheus',
    name: '1 MiB of labelled samples, summed',
    text: promSamples(BODY_CAP),
    source: { format: 'prometheus', valuePath: 'm{zone="a"}', aggregate: 'sum' },
  },
  {
    parser: 'Prometheus',
    name: 'an unclosed label value of 1 MiB',
    text: `m{a="${'\\"'.repeat((BODY_CAP - 8) / 2)}`,
    source: { format: 'prometheus', valuePath: 'm' },
  },
  {
    parser: 'YAML',
    name: 'mapping keys up to the budget',
    text: yamlKeys(Math.floor((DOC - 20) / 14)),
    source: { format: 'yaml', valuePath: 'key_00001' },
  },
  {
    parser: 'YAML',
    name: 'flow sequence up to the budget',
    text: `[${fit('a, ', DOC - 2)}]`,
    source: { format: 'yaml', valuePath: '$[0]' },
  },
  {
    parser: 'YAML',
    name: 'block sequence up to the budget',
    text: fit('- 1\n', DOC),
    source: { format: 'yaml', valuePath: '$[*]', aggregate: 'sum' },
  },
  {
    parser: 'YAML',
    name: 'nested flow sequences up to the budget',
    text: nestedArrays(DOC / 2),
    source: { format: 'yaml', valuePath: '$' },
  },
  {
    parser: 'YAML',
    name: 'broken YAML up to the budget',
    text: fit('\\": [-  *xa? ---\n, ', DOC),
    source: { format: 'yaml', valuePath: 'v' },
  },
  {
    parser: 'XML',
    name: 'elements with attributes up to the budget',
    text: xmlMany(DOC),
    source: { format: 'xml', valuePath: "$.r.v[*]['#text']", aggregate: 'sum' },
  },
  {
    parser: 'XML',
    name: '64-deep nesting repeated up to the budget',
    text: `<r>${fit(xmlNested(63), DOC - 7)}</r>`,
    source: { format: 'xml', valuePath: '$..a', aggregate: 'sum' },
  },
];

function runCase(c: Case): { wall: number; cpu: number; outcome: string } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const body =
    c.source.format === undefined
      ? parseBody(c.text, 'application/json', 'm')
      : { ok: true as const, body: c.text };
  const r = body.ok ? extractMetric(body.body, source(c.source), 'm') : body;
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const outcome = r.ok ? `value ${r.value}` : `${r.kind}: ${r.message.slice(3, 70)}`;
  return { wall, cpu: (used.user + used.system) / 1000, outcome };
}

const range = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;

function measure(runs: number): void {
  console.log(`node ${process.version} ${process.execArgv.join(' ')}; ${runs} runs a case`);
  console.log('parser     | case | body bytes | hold ms (wall) | CPU ms | outcome');
  for (const c of CASES) {
    const results = Array.from({ length: runs }, () => runCase(c));
    const wall = range(results.map((r) => r.wall));
    const cpu = range(results.map((r) => r.cpu));
    console.log(
      `${c.parser} | ${c.name} | ${Buffer.byteLength(c.text)} | ${wall} | ${cpu} | ${results[0]!.outcome}`,
    );
  }
}

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, child: { type: 'boolean', default: false } },
});
if (values.child) measure(Number(values.runs));
else {
  const args = [
    ...WORKER_NODE_ARGUMENTS.split(' '),
    process.argv[1]!,
    '--child',
    '--runs',
    values.runs,
  ];
  process.exitCode = spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;
}
