/** Builds ScaledObject YAML for the from-keda tests and converts it. */
import { convertKeda } from '../../lib/keda/convert.js';
import type { Note } from '../../lib/keda/types.js';

/** A ScaledObject in namespace shop, target web; `spec` is YAML indented under `spec:`. */
export function scaledObject(spec: string, metadata = ''): string {
  return [
    'apiVersion: keda.sh/v1alpha1',
    'kind: ScaledObject',
    'metadata:',
    '  name: web',
    '  namespace: shop',
    ...(metadata ? [metadata] : []),
    'spec:',
    '  scaleTargetRef:',
    '    name: web',
    spec,
  ].join('\n');
}

/** One metrics-api trigger with targetValue 5 on http://api/stats, `extra` metadata lines. */
export const metricsApi = (extra = '', trigger = '') =>
  [
    '  triggers:',
    '    - type: metrics-api',
    ...(trigger ? [trigger] : []),
    '      metadata:',
    '        url: http://api/stats',
    '        valueLocation: value',
    "        targetValue: '5'",
    ...(extra ? [extra] : []),
  ].join('\n');

export interface Converted {
  readonly spec: Record<string, unknown>;
  readonly metadata: Record<string, unknown>;
  readonly notes: readonly Note[];
  /** `line severity field` per note, for compact expectations. */
  readonly brief: string[];
}

export function convert(text: string): Converted {
  const c = convertKeda(text);
  const r = c.resources[0] as { spec: Record<string, unknown>; metadata: Record<string, unknown> };
  return {
    spec: r.spec,
    metadata: r.metadata,
    notes: c.notes,
    brief: c.notes.map((n) => `${n.line} ${n.severity} ${n.field}`),
  };
}

/** The 1-based line of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line contains ${needle}`);
  return i + 1;
}
