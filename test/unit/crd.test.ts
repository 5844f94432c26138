import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { JsonSchema } from '../../lib/spec/schemaTypes.js';
import { buildCrd, OPEN_API_V3_SCHEMA } from '../../lib/spec/schema.js';
import { parseScaling } from '../../lib/spec/parse.js';
import { GROUP, KIND, VERSION } from '../../lib/spec/types.js';
import { CRD_PATH, renderCrdYaml } from '../../scripts/gen-crd.js';
import { FULL, expectSpec, withField } from '../support/specFixtures.js';

/** Every schema node with its path (`.properties.spec.properties.minReplicas`, `…items`, …). */
function listNodes(node: JsonSchema, path = ''): [string, JsonSchema][] {
  const children: [string, JsonSchema][] = [
    ...Object.entries(node.properties ?? {}).map(([k, v]): [string, JsonSchema] => [
      `${path}.${k}`,
      v,
    ]),
    ...(node.items === undefined ? [] : [[`${path}[]`, node.items] as [string, JsonSchema]]),
  ];
  return [[path, node], ...children.flatMap(([p, child]) => listNodes(child, p))];
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLES = join(ROOT, 'crds/samples');
const NODES = listNodes(OPEN_API_V3_SCHEMA);

describe('generated CRD YAML', () => {
  it('equals the committed file (run `npm run crd` after changing lib/spec)', () => {
    expect(readFileSync(join(ROOT, CRD_PATH), 'utf8')).toBe(renderCrdYaml());
  });

  it('declares the API of the Kopf operator: cluster-scoped, status subresource', () => {
    const { spec } = buildCrd();
    expect([spec.group, spec.names.kind, spec.names.plural, spec.scope]).toEqual([
      'example.com',
      'BusinessScaling',
      'businessscalings',
      'Cluster',
    ]);
    expect(spec.versions.map((v) => [v.name, v.served, v.storage, v.subresources])).toEqual([
      ['v1', true, true, { status: {} }],
    ]);
  });
});

describe('crds/samples', () => {
  const docs = readdirSync(SAMPLES)
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(join(SAMPLES, file), 'utf8')).map((doc) => {
        const resource = doc.toJS() as {
          apiVersion: string;
          kind: string;
          metadata: { name: string };
          spec: unknown;
        };
        return [`${file} ${resource.metadata.name}`, resource] as const;
      }),
    );

  it.each(docs)('%s parses with parseScaling', (_name, resource) => {
    expect([resource.apiVersion, resource.kind]).toEqual([`${GROUP}/${VERSION}`, KIND]);
    expect(parseScaling(resource.spec)).toMatchObject({ ok: true });
  });
});

describe('schema rules the API server relies on', () => {
  it('has no x-kubernetes-preserve-unknown-fields or CEL anywhere (status included)', () => {
    const loose = NODES.filter(([, node]) =>
      ['x-kubernetes-preserve-unknown-fields', 'x-kubernetes-validations'].some((k) => k in node),
    );
    expect(loose.map(([path]) => path)).toEqual([]);
    // The status schema is declared field by field (a walk that finds nothing proves nothing).
    expect(NODES.map(([path]) => path)).toContain('.status.conditions[].lastTransitionTime');
  });

  it('gives every node a type (structural) and bounds every string', () => {
    const untyped = NODES.filter(([, node]) => node.type === undefined).map(([p]) => p);
    // Bounded: maxLength, an enum or a format; the object's own apiVersion/kind are the server's.
    const isBounded = (n: JsonSchema): boolean =>
      n.maxLength !== undefined || n.enum !== undefined || n.format !== undefined;
    const unbounded = NODES.filter(([, n]) => n.type === 'string' && !isBounded(n))
      .map(([p]) => p)
      .filter((p) => p !== '.apiVersion' && p !== '.kind');
    expect([untyped, unbounded]).toEqual([[], []]);
  });

  // Server-side defaults must equal the parser's: each row takes the field away and reads what
  // the parser filled in. A default added to the schema without a row here fails the last test.
  const DEFAULTED: [string, string, (s: ReturnType<typeof expectSpec>) => unknown][] = [
    ['.spec.scaleTargetRef.apiVersion', 'scaleTargetRef.apiVersion', (s) => s.target.apiVersion],
    [
      '.spec.metrics[].http.valuePath',
      'metrics.0.http.valuePath',
      (s) => s.metrics[0]?.http?.valuePath,
    ],
  ];

  it.each(DEFAULTED)('default of %s is what the parser applies', (schemaPath, field, select) => {
    const node = NODES.find(([path]) => path === schemaPath)?.[1];
    const parsed = expectSpec(parseScaling(withField(FULL, field, undefined)));
    expect(node?.default).toBeDefined();
    expect(select(parsed)).toBe(node?.default);
  });

  it('has defaults only where a row above checks them (none directly under spec)', () => {
    const withDefault = NODES.filter(([, node]) => node.default !== undefined).map(([p]) => p);
    expect(withDefault).toEqual(DEFAULTED.map(([path]) => path));
  });
});
