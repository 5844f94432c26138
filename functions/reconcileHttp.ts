/** POST /api/reconcile[?dryRun=true][&name=<resource>]: a manual reconcile returning the JSON report. */
import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from '@azure/functions';
import { getSharedRuntime, runWith, type Runtime } from '../lib/app/runtime.js';
import { KubeApiError } from '../lib/kube/port.js';
import { formatSummary } from '../lib/reconcile/report.js';

/** Absent, `false`, `0` → false; `?dryRun`, `true`, `1` → true; anything else is a 400. */
function parseDryRun(raw: string | null): boolean | undefined {
  if (raw === null || raw === 'false' || raw === '0') return false;
  if (raw === '' || raw === 'true' || raw === '1') return true;
  return undefined;
}

export function makeReconcileHttp(getRuntime: () => Runtime = getSharedRuntime) {
  return async function reconcileHttp(
    req: HttpRequest,
    context: InvocationContext,
  ): Promise<HttpResponseInit> {
    const dryRun = parseDryRun(req.query.get('dryRun'));
    if (dryRun === undefined) {
      return { status: 400, jsonBody: { error: 'dryRun must be true or false' } };
    }
    const name = req.query.get('name') ?? undefined;
    if (name !== undefined && !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(name)) {
      return { status: 400, jsonBody: { error: 'name must be a Kubernetes object name' } };
    }
    const log = { info: (l: string) => context.log(l), warn: (l: string) => context.warn(l) };
    try {
      const report = await runWith(getRuntime(), log, { dryRun, name });
      context.log(formatSummary(report));
      if (name !== undefined && report.resources.length === 0) {
        return { status: 404, jsonBody: { error: `no BusinessScaling named ${name}`, report } };
      }
      return { status: 200, jsonBody: report };
    } catch (err) {
      const message =
        err instanceof KubeApiError ? err.message : 'the run failed before reconciling';
      context.error(`reconcile failed: ${message}`);
      return { status: 503, jsonBody: { error: message } };
    }
  };
}

export const reconcileHttp = makeReconcileHttp();

app.http('reconcile', {
  route: 'reconcile',
  methods: ['POST'],
  authLevel: 'function',
  handler: reconcileHttp,
});
