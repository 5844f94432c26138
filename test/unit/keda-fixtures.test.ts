/**
 * `from-keda` on KEDA's own ScaledObjects (its e2e tests and docs, test/fixtures/keda): the exit
 * code, what is reported as not carried over, and that every result either passes our spec parser
 * or has each of its parser errors reported as a note.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { FROM_KEDA_EXIT, runFromKeda } from '../../lib/cli/fromKeda.js';
import { main } from '../../lib/cli/main.js';
import { parseScaling } from '../../lib/spec/parse.js';

const DIR = 'test/fixtures/keda';

function run(file: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runFromKeda(
    { command: 'from-keda', file, observe: false },
    { out: (t) => out.push(t), err: (t) => err.push(t) },
  );
  return { code, out: out.join('\n'), err };
}

const POLLING = 'spec.pollingInterval';
const FALLBACK_E2E = [POLLING];
const EXPECTED: Record<string, readonly string[]> = {
  'docs-metrics-api-aggregate.yaml': [],
  'docs-metrics-api-apikey.yaml': ['spec.triggers[0].metadata.authMode'],
  'docs-metrics-api-basic.yaml': ['spec.triggers[0].metadata.authMode'],
  'docs-metrics-api-bearer.yaml': ['spec.triggers[0].metadata.authMode'],
  'docs-metrics-api-example.yaml': [],
  'docs-metrics-api-tls.yaml': ['spec.secretTargetRef[0]'],
  'docs-prometheus-azure.yaml': ['spec.podIdentity.identityId'],
  'docs-prometheus-bearer.yaml': ['spec.triggers[0].metadata.authModes'],
  'docs-prometheus-custom.yaml': ['spec.secretTargetRef[1]'],
  'docs-prometheus-gcp.yaml': ['spec.podIdentity.provider'],
  'docs-prometheus-tls.yaml': ['spec.secretTargetRef[0]'],
  'docs-prometheus.yaml': [],
  'docs-scaling-modifiers-fallback.yaml': [],
  'fallback-average-e2e.yaml': FALLBACK_E2E,
  'fallback-current-e2e.yaml': FALLBACK_E2E,
  'fallback-if-higher-e2e.yaml': FALLBACK_E2E,
  'fallback-if-lower-e2e.yaml': FALLBACK_E2E,
  'fallback-no-metric-type-e2e.yaml': FALLBACK_E2E,
  'fallback-scaling-modifiers-e2e.yaml': [
    'BusinessScaling spec.metrics',
    POLLING,
    'spec.triggers[0].type',
    'spec.triggers[1].type',
  ],
  'fallback-static-e2e.yaml': FALLBACK_E2E,
  'fallback-value-e2e.yaml': FALLBACK_E2E,
  'metrics-api-aggregate-e2e.yaml': ['spec.secretTargetRef[2]'],
  'metrics-api-e2e.yaml': ['spec.secretTargetRef[2]'],
  'prometheus-e2e.yaml': [POLLING],
  'readme-checkout.yaml': [],
  // count() parses; the formula names kw_trig, a kubernetes-workload trigger not carried over.
  'scaling-modifiers-count-e2e.yaml': [
    'BusinessScaling spec.formula.expression',
    POLLING,
    'spec.triggers[1].type',
  ],
  'scaling-modifiers-e2e.yaml': [
    'BusinessScaling spec.formula.expression',
    POLLING,
    'spec.triggers[1].type',
  ],
};

it('every fixture has an expectation', () => {
  expect(
    readdirSync(DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort(),
  ).toEqual(Object.keys(EXPECTED).sort());
});

it.each(Object.entries(EXPECTED))('%s', (file, dropped) => {
  const path = `${DIR}/${file}`;
  const { code, out, err } = run(path);
  const notCarried = err.filter((l) => l.includes(': not carried over: '));
  expect(notCarried.map((l) => l.split(': ')[2])).toEqual(dropped);
  expect(code).toBe(dropped.length > 0 ? FROM_KEDA_EXIT.partial : FROM_KEDA_EXIT.converted);
  // Each line names the file and a line inside it.
  const lines = readFileSync(path, 'utf8').split('\n').length;
  for (const l of err) {
    const m = /^(.+?):(\d+): /.exec(l);
    expect(m?.[1]).toBe(path);
    expect(Number(m?.[2])).toBeGreaterThanOrEqual(1);
    expect(Number(m?.[2])).toBeLessThanOrEqual(lines);
  }
  for (const doc of parseAllDocuments(out)) {
    const resource = doc.toJS() as { kind: string; spec: unknown };
    expect(resource.kind).toBe('BusinessScaling');
    const parsed = parseScaling(resource.spec);
    const reported = dropped.filter((d) => d.startsWith('BusinessScaling '));
    expect(parsed.ok ? [] : parsed.errors.map((e) => `BusinessScaling ${e.field}`)).toEqual(
      reported,
    );
  }
});

it('the README example converts to the README right-hand side', () => {
  const { code, out } = run(`${DIR}/readme-checkout.yaml`);
  expect(code).toBe(FROM_KEDA_EXIT.converted);
  // The section may move from README.md into docs/ (both are searched).
  const pages = [
    'README.md',
    ...readdirSync('docs')
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const text = pages.map((p) => readFileSync(p, 'utf8')).join('\n');
  const section = text.slice(text.search(/^#+ Coming from KEDA/m));
  const right = /<\/td><td>\s*```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  const expected = parse(right!) as { spec: Record<string, unknown> };
  const actual = parse(out) as { spec: Record<string, unknown> };
  const { scaleTargetRef, ...rest } = actual.spec;
  expect({
    ...rest,
    scaleTargetRef: { ...(scaleTargetRef as object), apiVersion: undefined },
  }).toMatchObject({
    ...expected.spec,
    scaleTargetRef: { ...(expected.spec.scaleTargetRef as object), apiVersion: undefined },
  });
});

it.each([
  [['from-keda'], 2],
  [['from-keda', 'a.yaml', 'b.yaml'], 2],
  [['from-keda', '--bogus', 'a.yaml'], 2],
  [['from-keda', `${DIR}/no-such-file.yaml`], 1],
  [['from-keda', 'package.json'], 1], // JSON is YAML, but holds no ScaledObject
])('main %j exits %i', async (argv, exit) => {
  const err: string[] = [];
  expect(await main(argv, { out: () => undefined, err: (t) => err.push(t) })).toBe(exit);
  expect(err.join('\n')).not.toBe('');
});

it('reads stdin for "-" and names it <stdin>; --observe adds mode: Observe', () => {
  const text = readFileSync(`${DIR}/metrics-api-e2e.yaml`, 'utf8');
  const out: string[] = [];
  const err: string[] = [];
  const code = runFromKeda(
    { command: 'from-keda', file: '-', observe: true },
    { out: (t) => out.push(t), err: (t) => err.push(t) },
    () => text,
  );
  expect(code).toBe(FROM_KEDA_EXIT.partial);
  expect(err.every((l) => l.startsWith('<stdin>:'))).toBe(true);
  expect((parse(out.join('\n')) as { spec: { mode: string } }).spec.mode).toBe('Observe');
});
