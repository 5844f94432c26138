/** from-keda: TriggerAuthentication → our auth; what cannot map is noted where it is written. */
import { convertKeda } from '../../lib/keda/convert.js';
import { lineOf, scaledObject } from '../support/kedaInput.js';

const SECRET = [
  'apiVersion: v1',
  'kind: Secret',
  'metadata: {name: creds, namespace: shop}',
  'data:',
  '  mode: YXBpS2V5', // "apiKey"
  '  key: c2VjcmV0LWtleS12YWx1ZQ==', // a credential: must never be printed
  'stringData:',
  '  header: X-Token',
].join('\n');

function ta(refs: [string, string][], extra = ''): string {
  return [
    'apiVersion: keda.sh/v1alpha1',
    'kind: TriggerAuthentication',
    'metadata: {name: auth, namespace: shop}',
    'spec:',
    '  secretTargetRef:',
    ...refs.map(([p, k]) => `    - {parameter: ${p}, name: creds, key: ${k}}`),
    ...(extra ? [extra] : []),
  ].join('\n');
}

function trigger(type: string, meta: string[]): string {
  const base =
    type === 'prometheus'
      ? [
          'serverAddress: https://prom.example',
          'query: up',
          "threshold: '5'",
          "ignoreNullValues: 'false'",
        ]
      : ['url: https://api.example/stats', 'valueLocation: n', "targetValue: '5'"];
  return [
    '  triggers:',
    `    - type: ${type}`,
    '      authenticationRef: {name: auth}',
    '      metadata:',
    ...[...base, ...meta].map((l) => `        ${l}`),
  ].join('\n');
}

type Row = [string, string, string, string[], unknown, [string, 'dropped' | 'info'][]];

it.each<Row>([
  [
    'apiKey in the default header',
    'metrics-api',
    ta([['apiKey', 'key']]),
    ['authMode: apiKey'],
    {
      headers: [
        { name: 'X-API-KEY', secretKeyRef: { name: 'creds', key: 'key', namespace: 'shop' } },
      ],
    },
    [],
  ],
  [
    'apiKey, keyParamName, authMode read from the Secret in the input',
    'metrics-api',
    ta([
      ['apiKey', 'key'],
      ['authMode', 'mode'],
    ]),
    ['keyParamName: X-Key'],
    {
      headers: [{ name: 'X-Key', secretKeyRef: { name: 'creds', key: 'key', namespace: 'shop' } }],
    },
    [],
  ],
  [
    'apiKey in the query string',
    'metrics-api',
    ta([['apiKey', 'key']]),
    ['authMode: apiKey', 'method: query'],
    undefined,
    [['authMode: apiKey', 'dropped']],
  ],
  [
    'apiKey header we refuse',
    'metrics-api',
    ta([['apiKey', 'key']]),
    ['authMode: apiKey', 'keyParamName: Authorization'],
    undefined,
    [['parameter: apiKey', 'dropped']],
  ],
  [
    'basic',
    'metrics-api',
    ta([['username', 'key']]),
    ['authMode: basic'],
    undefined,
    [['authMode: basic', 'dropped']],
  ],
  [
    'bearer',
    'prometheus',
    ta([['bearerToken', 'key']]),
    ['authModes: bearer'],
    undefined,
    [['authModes: bearer', 'dropped']],
  ],
  [
    'tls with our key names',
    'metrics-api',
    ta([
      ['cert', 'tls.crt'],
      ['key', 'tls.key'],
      ['ca', 'ca.crt'],
    ]),
    ['authMode: tls'],
    { tls: { secretName: 'creds', namespace: 'shop' } },
    [],
  ],
  [
    'tls with other key names: kept, rename noted',
    'prometheus',
    ta([
      ['cert', 'cert'],
      ['key', 'key'],
    ]),
    ['authModes: tls'],
    { tls: { secretName: 'creds', namespace: 'shop' } },
    [['parameter: cert', 'dropped']],
  ],
  [
    'custom header, its name from the Secret in the input',
    'prometheus',
    ta([
      ['customAuthHeader', 'header'],
      ['customAuthValue', 'key'],
    ]),
    ['authModes: custom'],
    {
      headers: [
        { name: 'X-Token', secretKeyRef: { name: 'creds', key: 'key', namespace: 'shop' } },
      ],
    },
    [],
  ],
  [
    'credentials without authMode are not used (as in KEDA)',
    'metrics-api',
    ta([['username', 'key']]),
    [],
    undefined,
    [['authenticationRef', 'info']],
  ],
  [
    'configMapTargetRef and env cannot be read',
    'metrics-api',
    ta([], '  configMapTargetRef: []\n  env: []'),
    [],
    undefined,
    [
      ['configMapTargetRef', 'dropped'],
      ['env: []', 'dropped'],
    ],
  ],
  [
    'oauth2 of the TriggerAuthentication',
    'metrics-api',
    ta(
      [],
      '  oauth2: {type: clientCredentials, clientId: c, tokenUrl: https://login.example/t, scopes: [a], clientSecret: {valueFrom: {secretKeyRef: {name: creds, key: key}}}}',
    ),
    [],
    {
      oauth2: {
        tokenUrl: 'https://login.example/t',
        clientId: 'c',
        clientSecretRef: { name: 'creds', key: 'key', namespace: 'shop' },
        scopes: ['a'],
      },
    },
    [['oauth2:', 'info']],
  ],
])('%s', (_, type, auth, meta, expected, notes) => {
  const text = [SECRET, auth, scaledObject(trigger(type, meta))].join('\n---\n');
  const c = convertKeda(text);
  const metric = (c.resources[0] as { spec: { metrics: Record<string, { auth?: unknown }>[] } })
    .spec.metrics[0]!;
  expect((metric.http ?? metric.prometheus)?.auth).toEqual(expected);
  expect(c.notes.map((n) => `${n.line} ${n.severity}`)).toEqual(
    notes.map(([needle, severity]) => `${lineOf(text, needle)} ${severity}`),
  );
  // No value of the Secret is ever printed (the base64 text nor its decoded credential).
  const printed = JSON.stringify(c);
  expect(printed).not.toMatch(/c2VjcmV0|secret-key-value/);
});

it('a TriggerAuthentication that is not in the input is noted on authenticationRef', () => {
  const text = scaledObject(trigger('metrics-api', ['authMode: apiKey']));
  const c = convertKeda(text);
  expect(c.notes.map((n) => [n.line, n.severity])).toEqual([
    [lineOf(text, 'authenticationRef'), 'dropped'],
    [lineOf(text, 'authMode'), 'dropped'],
  ]);
});

it('Azure Workload Identity on Azure Monitor managed Prometheus → auth.azure', () => {
  const auth = [
    'apiVersion: keda.sh/v1alpha1',
    'kind: TriggerAuthentication',
    'metadata: {name: auth, namespace: shop}',
    'spec:',
    '  podIdentity: {provider: azure-workload, identityId: abc}',
  ].join('\n');
  const so = scaledObject(trigger('prometheus', [])).replace(
    'https://prom.example',
    'https://ws-1.eastus.prometheus.monitor.azure.com',
  );
  const text = [auth, so].join('\n---\n');
  const c = convertKeda(text);
  const metric = (c.resources[0] as { spec: { metrics: { prometheus: { auth: unknown } }[] } }).spec
    .metrics[0]!;
  expect(metric.prometheus.auth).toEqual({
    azure: { scope: 'https://prometheus.monitor.azure.com/.default' },
  });
  expect(c.notes.map((n) => n.severity)).toEqual(['info', 'dropped']); // METRIC_AZURE_SCOPES; identityId
});
