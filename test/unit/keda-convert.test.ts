/** from-keda, field by field: what each ScaledObject field becomes, and the note on its line. */
import { convertKeda } from '../../lib/keda/convert.js';
import { convert, lineOf, metricsApi, scaledObject } from '../support/kedaInput.js';

type Row = [string, string, Record<string, unknown>, [string, 'dropped' | 'info'][]];

const TARGET = { type: 'AverageValue', averageValue: 5 };

it.each<Row>([
  [
    'defaults: min 0 (activation, cooldown 300), max 100, AverageValue',
    metricsApi(),
    {
      minReplicas: 0,
      maxReplicas: 100,
      cooldownPeriodSeconds: 300,
      metrics: [
        {
          name: 'metrics-api-0',
          http: { url: 'http://api/stats', valuePath: 'value' },
          target: TARGET,
        },
      ],
    },
    [],
  ],
  [
    'min/max; with min >= 1 no activation fields, cooldown noted as without effect',
    `  minReplicaCount: 2\n  maxReplicaCount: 7\n  cooldownPeriod: 30\n${metricsApi("        activationTargetValue: '3'")}`,
    { minReplicas: 2, maxReplicas: 7 },
    [
      ['cooldownPeriod', 'info'],
      ['activationTargetValue', 'info'],
    ],
  ],
  [
    'metricType Value',
    metricsApi('', '      metricType: Value'),
    { metrics: [{ target: { type: 'Value', value: 5 } }] },
    [],
  ],
  [
    'cooldownPeriod and activationTargetValue with min 0',
    `  cooldownPeriod: 1\n${metricsApi("        activationTargetValue: '20'")}`,
    { cooldownPeriodSeconds: 1, activationThreshold: 20 },
    [],
  ],
  [
    'different activation values: the lowest, noted on the higher one',
    `${metricsApi("        activationTargetValue: '20'")}\n    - type: prometheus\n      metadata:\n        serverAddress: http://prom:9090\n        query: up\n        threshold: '4'\n        activationThreshold: '3'\n        ignoreNullValues: 'false'`,
    {
      activationThreshold: 3,
      metrics: [
        {},
        {
          name: 'prometheus-1',
          prometheus: { serverAddress: 'http://prom:9090', query: 'up' },
          target: { type: 'AverageValue', averageValue: 4 },
        },
      ],
    },
    [['activationTargetValue', 'dropped']],
  ],
  [
    'prometheus: an empty result differs (ignoreNullValues default)',
    "  triggers:\n    - type: prometheus\n      metadata:\n        serverAddress: https://prom\n        query: sum(up)\n        threshold: '10'\n        namespace: team-a",
    { metrics: [{ prometheus: { serverAddress: 'https://prom', query: 'sum(up)' } }] },
    [
      ['query: sum(up)', 'info'],
      ['namespace: team-a', 'dropped'],
    ],
  ],
  [
    'idleReplicaCount is noted; minReplicas is kept',
    `  idleReplicaCount: 0\n  minReplicaCount: 2\n${metricsApi()}`,
    { minReplicas: 2 },
    [['idleReplicaCount', 'dropped']],
  ],
  [
    'pollingInterval and initialCooldownPeriod',
    `  pollingInterval: 5\n  initialCooldownPeriod: 60\n${metricsApi()}`,
    {},
    [
      ['pollingInterval', 'dropped'],
      ['initialCooldownPeriod', 'dropped'],
    ],
  ],
  [
    'HPA behavior copied, tolerance as a Quantity; an unknown key noted',
    `  advanced:\n    horizontalPodAutoscalerConfig:\n      name: my-hpa\n      behavior:\n        scaleDown:\n          stabilizationWindowSeconds: 5\n          tolerance: 50m\n          policies:\n            - type: Pods\n              value: 1\n              periodSeconds: 60\n        scaleUp:\n          selectPolicy: Disabled\n          bogus: 1\n${metricsApi()}`,
    {
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: 5,
          tolerance: 0.05,
          policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
        },
        scaleUp: { selectPolicy: 'Disabled' },
      },
    },
    [
      ['name: my-hpa', 'info'],
      ['bogus', 'dropped'],
    ],
  ],
  [
    'unsupported trigger type, GJSON, unsafeSsl, timeout, FromEnv',
    `${metricsApi("        unsafeSsl: 'true'\n        timeout: '1000'\n        valueLocationFromEnv: LOC")}\n    - type: kafka\n      metadata: {}`.replace(
      'valueLocation: value',
      'valueLocation: items.#.count',
    ),
    { metrics: [{ http: { valuePath: 'items.#.count' } }] },
    [
      ['items.#', 'dropped'],
      ['unsafeSsl', 'dropped'],
      ['timeout', 'dropped'],
      ['FromEnv', 'dropped'],
      ['kafka', 'dropped'],
    ],
  ],
  [
    'aggregateFromKubeServiceEndpoints → fromServiceEndpoints; format xml',
    metricsApi(
      "        aggregateFromKubeServiceEndpoints: 'true'\n        aggregationType: sum\n        format: xml",
    ).replace('http://api/stats', 'http://stats.shop.svc.cluster.local:9100/stats?w=5m'),
    {
      metrics: [
        {
          http: {
            url: 'http://stats/stats?w=5m',
            format: 'xml',
            fromServiceEndpoints: {
              service: 'stats',
              namespace: 'shop',
              port: 9100,
              aggregate: 'sum',
            },
          },
        },
      ],
    },
    [['aggregateFromKubeServiceEndpoints', 'info']],
  ],
  [
    'a trigger name our names refuse is renamed and noted',
    metricsApi('', '      name: OrdersAPI'),
    { metrics: [{ name: 'ordersapi' }] },
    [['name: OrdersAPI', 'dropped']],
  ],
  [
    'restoreToOriginalReplicaCount; an unknown spec field',
    `  advanced:\n    restoreToOriginalReplicaCount: true\n  replicas: 3\n${metricsApi()}`,
    {},
    [
      ['restoreToOriginalReplicaCount', 'dropped'],
      ['replicas: 3', 'dropped'],
    ],
  ],
])('%s', (_, spec, expected, notes) => {
  const text = scaledObject(spec);
  const c = convert(text);
  expect(c.spec).toMatchObject(expected);
  expect(c.brief.map((b) => b.split(' ').slice(0, 2).join(' '))).toEqual(
    notes
      .map(([needle, severity]) => `${lineOf(text, needle)} ${severity}`)
      .sort((a, b) => parseInt(a) - parseInt(b)),
  );
});

it.each([
  ['static', {}, []],
  ['currentReplicas', { behavior: 'currentReplicas' }, []],
  ['currentReplicasIfHigher', { behavior: 'currentReplicasIfHigher' }, []],
  ['currentReplicasIfLower', { behavior: 'currentReplicasIfLower' }, []],
  ['scalingModifiers', {}, ['dropped']],
])('fallback behavior %s', (behavior, expected, notes) => {
  const text = scaledObject(
    `  fallback:\n    failureThreshold: 3\n    replicas: 6\n    behavior: ${behavior}\n${metricsApi()}`,
  );
  const c = convert(text);
  expect(c.spec.fallback).toEqual({ failureThreshold: 3, replicas: 6, ...expected });
  expect(c.notes.map((n) => n.severity)).toEqual(notes);
  if (notes.length > 0) expect(c.notes[0]!.line).toBe(lineOf(text, 'behavior:'));
});

it("fallback behavior scalingModifiers under a formula is KEDA's ?? rule: coalesce AfterFailureThreshold", () => {
  const modifiers = [
    '  advanced:',
    '    scalingModifiers:',
    '      formula: "orders ?? 4"',
    "      target: '2'",
  ].join('\n');
  const fallback =
    '  fallback:\n    failureThreshold: 3\n    replicas: 6\n    behavior: scalingModifiers';
  const c = convert(
    scaledObject(`${fallback}\n${modifiers}\n${metricsApi('', '      name: orders')}`),
  );
  expect(c.spec.fallback).toEqual({ failureThreshold: 3, replicas: 6 });
  expect(c.spec.formula).toMatchObject({ coalesce: 'AfterFailureThreshold' });
  expect(c.notes.filter((n) => n.severity === 'dropped')).toEqual([]);
});

it('pause annotations become ours; force-activation and HPA annotations are noted', () => {
  const metadata = [
    '  annotations:',
    '    autoscaling.keda.sh/paused-replicas: "4"',
    '    autoscaling.keda.sh/paused-scale-in: "true"',
    '    autoscaling.keda.sh/force-activation: "true"',
    '    scaledobject.keda.sh/transfer-hpa-ownership: "true"',
    '    kubectl.kubernetes.io/last-applied-configuration: "{}"',
  ].join('\n');
  const text = scaledObject(metricsApi(), metadata);
  const c = convert(text);
  expect(c.metadata.annotations).toEqual({
    'scaling.example.com/paused-replicas': '4',
    'scaling.example.com/paused-scale-in': 'true',
  });
  expect(c.brief).toEqual([
    `${lineOf(text, 'force-activation')} dropped metadata.annotations.autoscaling.keda.sh/force-activation`,
    `${lineOf(text, 'transfer-hpa')} info metadata.annotations.scaledobject.keda.sh/transfer-hpa-ownership`,
  ]);
});

describe('scalingModifiers', () => {
  const modifiers = (formula: string, extra = '') =>
    scaledObject(
      `  advanced:\n    scalingModifiers:\n      formula: "${formula}"\n      target: '2'\n${extra}${metricsApi('', '      name: a')}\n${metricsApi('', '      name: b').replace('  triggers:\n', '')}`,
    );

  it('formula, Value target and activationTarget; metric targets are not needed', () => {
    const c = convert(
      modifiers('a + b', "      activationTarget: '1.5'\n      metricType: Value\n"),
    );
    expect(c.spec.formula).toEqual({
      expression: 'a + b',
      target: { type: 'Value', value: 2 },
      activationTarget: 1.5,
    });
    expect((c.spec.metrics as object[]).map((m) => 'target' in m)).toEqual([false, false]);
    expect(c.notes).toEqual([]);
  });

  it('?? is carried over with a note on the formula line', () => {
    const text = modifiers('a ?? b');
    expect(convert(text).brief).toEqual([
      `${lineOf(text, 'formula:')} info spec.advanced.scalingModifiers.formula`,
    ]);
  });

  it('a construct our language refuses is reported on the formula line, in the parser words', () => {
    const text = modifiers('a.size + b');
    const c = convert(text);
    expect(c.spec.formula).toMatchObject({ expression: 'a.size + b' });
    expect(c.brief).toEqual([
      `${lineOf(text, 'formula:')} dropped BusinessScaling spec.formula.expression`,
    ]);
    expect(c.notes[0]?.message).toMatch(/^is invalid: .*position/);
  });

  it('a formula naming a trigger that was not carried over is reported', () => {
    const text = modifiers('a + c');
    expect(convert(text).notes[0]?.message).toMatch(/c/);
  });
});

it('a ScaledJob is noted and gives no resource; invalid YAML names its line', () => {
  const c = convertKeda('apiVersion: keda.sh/v1alpha1\nkind: ScaledJob\nmetadata: {name: j}\n');
  expect(c.resources).toEqual([]);
  expect(c.notes).toEqual([expect.objectContaining({ line: 2, severity: 'dropped' })]);
  expect(() => convertKeda('kind: ScaledObject\nspec: [\n')).toThrow(/^line \d+: not valid YAML/);
});

it('a ScaledObject without namespace takes --namespace, noted', () => {
  const text = scaledObject(metricsApi()).replace('  namespace: shop\n', '');
  const c = convertKeda(text, { namespace: 'team', observe: true });
  const spec = (c.resources[0] as { spec: { scaleTargetRef: { namespace: string }; mode: string } })
    .spec;
  expect([spec.scaleTargetRef.namespace, spec.mode]).toEqual(['team', 'Observe']);
  expect(c.notes.map((n) => n.severity)).toEqual(['info']);
});
