/**
 * The BusinessScaling CustomResourceDefinition: the single source of truth for the API. The YAML
 * in crds/ is generated from `buildCrd()` (npm run crd) and a test keeps the two equal.
 * Target: apiextensions.k8s.io/v1 on kube-apiserver >= v1.20 (no CEL).
 */
import { GROUP, KIND, PLURAL, VERSION } from './types.js';
import type { JsonSchema } from './schemaTypes.js';
import { SPEC_SCHEMA } from './specSchema.js';
import { STATUS_SCHEMA } from './statusSchema.js';

export const OPEN_API_V3_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    'Scales a namespaced workload through its /scale subresource from business metrics read ' +
    'over HTTP. Cluster-scoped; the target names its namespace.',
  required: ['spec'],
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: SPEC_SCHEMA,
    status: STATUS_SCHEMA,
  },
};

export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'date';
  readonly jsonPath: string;
  readonly description?: string;
}

export const PRINTER_COLUMNS: readonly PrinterColumn[] = [
  { name: 'Target', type: 'string', jsonPath: '.status.target' },
  { name: 'Mode', type: 'string', jsonPath: '.status.mode' },
  { name: 'Min', type: 'integer', jsonPath: '.status.minReplicas' },
  { name: 'Max', type: 'integer', jsonPath: '.status.maxReplicas' },
  { name: 'Current', type: 'integer', jsonPath: '.status.currentReplicas' },
  { name: 'Desired', type: 'integer', jsonPath: '.status.desiredReplicas' },
  { name: 'Metric', type: 'number', jsonPath: '.status.currentMetrics[0].value' },
  { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

export interface CustomResourceDefinition {
  readonly apiVersion: 'apiextensions.k8s.io/v1';
  readonly kind: 'CustomResourceDefinition';
  readonly metadata: { readonly name: string; readonly labels: Readonly<Record<string, string>> };
  readonly spec: {
    readonly group: string;
    readonly scope: 'Cluster';
    readonly names: {
      readonly plural: string;
      readonly singular: string;
      readonly kind: string;
      readonly listKind: string;
      readonly shortNames: readonly string[];
    };
    readonly versions: readonly {
      readonly name: string;
      readonly served: boolean;
      readonly storage: boolean;
      readonly schema: { readonly openAPIV3Schema: JsonSchema };
      readonly subresources: { readonly status: Record<string, never> };
      readonly additionalPrinterColumns: readonly PrinterColumn[];
    }[];
  };
}

/** The whole CRD object, ready to serialize or to create through the API. */
export function buildCrd(): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${PLURAL}.${GROUP}`,
      labels: { 'app.kubernetes.io/name': 'business-scaler' },
    },
    spec: {
      group: GROUP,
      scope: 'Cluster',
      names: {
        plural: PLURAL,
        singular: KIND.toLowerCase(),
        kind: KIND,
        listKind: `${KIND}List`,
        shortNames: ['bs'],
      },
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: OPEN_API_V3_SCHEMA },
          subresources: { status: {} },
          additionalPrinterColumns: PRINTER_COLUMNS,
        },
      ],
    },
  };
}
