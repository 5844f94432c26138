/**
 * Observe mode on a real kube-apiserver, as the identity bound by crds/rbac.yaml: a
 * BusinessScaling in `mode: Observe` beside an HPA on the same Deployment is not a Conflict; it
 * computes and records the decision (status, one WouldRescale event per decision) and never
 * patches /scale. An Active one beside it is still held.
 */
import { EXIT, main } from '../../lib/cli/main.js';
import {
  createDeployment,
  createScaling,
  getReplicas,
  getScaling,
  listEvents,
} from '../../tools/admin.js';
import { createHpa } from '../../tools/adminHpa.js';
import { buildCrd } from '../../lib/spec/schema.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { useCluster } from '../support/builders/cluster.js';
import { fullSpec } from '../support/builders/resources.js';
import { runFresh } from '../support/builders/runs.js';
import { useMetricServer } from '../support/builders/servers.js';

describeIfCluster('observe mode on a real API server', () => {
  const cp = useCluster({ namespaces: ['shop'], rbac: true });
  let value = 900;
  const metrics = useMetricServer({ value: () => value });

  const run = (name?: string) => runFresh(cp(), { as: 'scaler', name });
  const full = (mode?: string) =>
    fullSpec(
      { name: 'web', url: `${metrics().baseUrl}/orders`, valuePath: 'active_users' },
      {
        ...(mode !== undefined && { mode }),
        behavior: { scaleUp: { policies: [{ type: 'Pods', value: 100, periodSeconds: 15 }] } },
      },
    );

  it('records what it would do beside the HPA, never patches /scale, one WouldRescale per decision', async () => {
    await createDeployment(cp(), 'shop', 'web', 3);
    await createHpa(cp(), 'shop', 'web', { kind: 'Deployment', name: 'web' });
    await createScaling(cp(), { metadata: { name: 'shadow' }, spec: full('Observe') });
    await createScaling(cp(), { metadata: { name: 'active' }, spec: full() });

    const report = await run();
    // ceil(900/100) = 9 from 3: Observe would scale; the Active one beside the HPA is held
    expect(report.resources.find((r) => r.name === 'shadow')).toMatchObject({
      mode: 'Observe',
      action: 'unchanged',
      reason: 'WouldRescale',
      currentReplicas: 3,
      desiredReplicas: 9,
    });
    expect(report.resources.find((r) => r.name === 'active')).toMatchObject({
      action: 'held',
      reason: 'Conflict',
    });
    expect(report.summary.wouldRescale).toBe(1);
    expect((await getReplicas(cp(), 'Deployment', 'shop', 'web')).spec).toBe(3);

    const shadow = await getScaling(cp(), 'shadow');
    expect((shadow.spec as { mode?: string }).mode).toBe('Observe');
    expect(shadow.status).toMatchObject({
      currentReplicas: 3, // what the HPA holds
      desiredReplicas: 9, // what we would hold
      beside: 'HorizontalPodAutoscaler shop/web',
    });
    const ready = shadow.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'True', reason: 'Observing' });
    // the mode (default Active) is in status and shown in a printer column
    expect(shadow.status?.mode).toBe('Observe');
    expect((await getScaling(cp(), 'active')).status?.mode).toBe('Active');
    expect(buildCrd().spec.versions[0]!.additionalPrinterColumns).toContainEqual({
      name: 'Mode',
      type: 'string',
      jsonPath: '.status.mode',
    });

    await run(); // same decision: no second event, /scale still untouched
    value = 1500; // ceil(1500/100) = 15: a new decision, a new event
    await run();
    const events = (await listEvents(cp(), 'default')).filter(
      (e) => e.involvedObject.name === 'shadow',
    );
    expect(events.map((e) => [e.type, e.reason])).toEqual([
      ['Normal', 'WouldRescale'],
      ['Normal', 'WouldRescale'],
    ]);
    expect(events[0]?.message).toContain('HorizontalPodAutoscaler shop/web holds it at 3');
    expect((await getReplicas(cp(), 'Deployment', 'shop', 'web')).spec).toBe(3);
    expect((await getScaling(cp(), 'shadow')).status?.desiredReplicas).toBe(15);
  });

  it('keeps the decision record; explain prints it, and a run for one name reports the same', async () => {
    const decisions = (await getScaling(cp(), 'shadow')).status?.decisions;
    // three runs, two decisions: the second run repeated the first and added nothing
    expect(decisions?.map((r) => [r.from, r.to, r.observe, r.recommended])).toEqual([
      [3, 9, true, 9],
      [3, 15, true, 15],
    ]);
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const args = ['explain', 'shadow', '--kubeconfig', cp().kubeconfig('scaler')];
    expect(await main(args, io)).toBe(EXIT.ok);
    expect(err).toEqual([]);
    expect(out[0]).toBe(
      'BusinessScaling shadow → Deployment/shop/web (Observe mode), ' +
        'scaled by HorizontalPodAutoscaler shop/web',
    );
    expect(out[1]).toMatch(
      /^\d\d:\d\d(:\d\d)? would scale 3 → 9: orders 900 ÷ 100 per replica = 9$/,
    );
    expect(out[2]).toMatch(/ would scale 3 → 15: orders 1,500 ÷ 100 per replica = 15$/);
    const report = await run('shadow');
    expect(report.resources[0]?.explain).toEqual(out.slice(1));
    const missing = await main(['explain', 'nope', '--kubeconfig', cp().kubeconfig('scaler')], io);
    expect(missing).toBe(EXIT.resourceProblems);
  });
});
