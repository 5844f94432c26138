/**
 * The core/v1 Event about a BusinessScaling, as client-go's recorder writes it. No `eventTime`:
 * with it, v1.20+ validation wants events about cluster-scoped objects in kube-system; client-go's
 * recorder also omits it and files them under `default`.
 */
import { GROUP, KIND, VERSION } from '../spec/types.js';
import type { EventInput, ScalingObject } from './port.js';

export interface EventSource {
  readonly namespace: string;
  readonly reporter: string;
  readonly reportingInstance: string;
}

export function toEventBody(source: EventSource, about: ScalingObject, event: EventInput) {
  const now = new Date();
  const { name, uid, resourceVersion } = about.metadata;
  return {
    metadata: { generateName: `${name}.`, namespace: source.namespace },
    involvedObject: { apiVersion: `${GROUP}/${VERSION}`, kind: KIND, name, uid, resourceVersion },
    reason: event.reason,
    message: event.message,
    type: event.type,
    source: { component: source.reporter },
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
    reportingComponent: source.reporter,
    reportingInstance: source.reportingInstance,
  };
}
