/**
 * POST /api/reconcile[?dryRun=true][&name=<resource>]: a manual reconcile returning the JSON
 * report; 409 with the report when another run holds the shard's lease (a dry run takes none).
 */
import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from '@azure/functions';
import { getAppRuntime, runApp, type AppRuntime } from '../lib/app/runtime.js';
import { describeRunError } from '../lib/fleet/errors.js';
import { allSkipped, fleetFailure, loggerOf, logRun } from '../lib/app/invocation.js';

/** Absent, `false`, `0` → false; `?dryRun`, `true`, `1` → true; anything else is a 400. */
function parseDryRun(raw: string | null): boolean | undefined {
  if (raw === null || raw === 'false' || raw === '0') return false;
  if (raw === '' || raw === 'true' || raw === '1') return true;
  return undefined;
}

export function makeReconcileHttp(getRuntime: () => AppRuntime = getAppRuntime) {
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
    try {
      const run = await runApp(getRuntime(), loggerOf(context), { dryRun, name });
      logRun(context, run);
      const { report } = run;
      const failure = fleetFailure(report);
      if (failure !== undefined) return { status: 503, jsonBody: { error: failure, report } };
      // Another run holds the shard's lease: nothing was read or written.
      if (allSkipped(report)) return { status: 409, jsonBody: report };
      if (name !== undefined && report.resources.length === 0) {
        return { status: 404, jsonBody: { error: `no BusinessScaling named ${name}`, report } };
      }
      return { status: 200, jsonBody: report };
    } catch (err) {
      const message = describeRunError(err);
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
