/**
 * The subset of apiextensions.k8s.io/v1 `JSONSchemaProps` this CRD uses (kube-apiserver v1.20:
 * structural schemas, defaults, list types; no CEL). Declared here so `lib/` does not import
 * @kubernetes/client-node outside its adapter.
 */
import type { StringRule } from './rules.js';

export interface JsonSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly description?: string;
  readonly format?: 'int32' | 'int64' | 'date-time';
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly string[];
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Value validations only (no type/description/default inside), as structural schemas require. */
  readonly oneOf?: readonly JsonSchema[];
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
}

/** A string field constrained by one of `STRING_RULES`. */
export function describeString(description: string, rule: StringRule): JsonSchema {
  return { type: 'string', description, maxLength: rule.maxLength, pattern: rule.pattern };
}

/** An int32 field (replica counts), optionally bounded. */
export function describeInt32(description: string, minimum: number, maximum: number): JsonSchema {
  return { type: 'integer', format: 'int32', description, minimum, maximum };
}
