/**
 * Schedule windows and fallback on a real kube-apiserver, run after run with a fresh client and a
 * controllable clock: a window opens and closes around a metric that does not move; a failing
 * metric engages the fallback after `failureThreshold` runs and releases it when it recovers.
 * All state comes back from status (the server prunes undeclared fields).
 */
import { createDeployment, createScaling, getScaling } from '../../tools/admin.js';
import { describeIfCluster } from '../harness/controlPlane.js';
import { useOrdersWorld } from '../support/builders/ordersWorld.js';

/** Never to appear in status: the body of a failed metric response. */
const BODY_SECRET = 'body-secret-7f3a';
const FAIL_BODY = `internal error ${BODY_SECRET}`;

describeIfCluster('schedule windows and fallback on a real API server', () => {
  const { cp, values, failing, replicas, status, condition, spec, ...world } = useOrdersWorld({
    failBody: FAIL_BODY,
  });
  const runAt = (iso: string) => world.runAt(new Date(iso));

  it('a schedule window raises the floor while open, in its own time zone', async () => {
    await createDeployment(cp(), 'shop', 'campaign', 2);
    values.set('campaign', 300); // ceil(300/100) = 3, all along
    const schedules = [
      {
        name: 'morning-campaign',
        start: '0 9 * * 1-5', // 09:00 Berlin on weekdays = 08:00Z in November (CET, UTC+1)
        duration: '1h',
        timeZone: 'Europe/Berlin',
        minReplicas: 8,
      },
    ];
    await createScaling(cp(), {
      metadata: { name: 'campaign' },
      spec: spec('campaign', { schedules }),
    });

    // Wednesday 08:45 Berlin: before the window → the metric's 3
    await runAt('2026-11-25T07:45:00Z');
    expect(await replicas('campaign')).toBe(3);
    const before = await status('campaign');
    expect(before?.activeSchedules).toBeUndefined();
    expect(before).toMatchObject({ minReplicas: 1, maxReplicas: 20, desiredReplicas: 3 });

    // 09:15 Berlin (08:15Z; a UTC reading would still be before 09:00): floor 8 > 3 → 8,
    // corrected at once as the HPA does for current < min (so no computedReplicas this run)
    await runAt('2026-11-25T08:15:00Z');
    expect(await replicas('campaign')).toBe(8);
    const inside = await status('campaign');
    expect(inside).toMatchObject({
      activeSchedules: ['morning-campaign'],
      minReplicas: 8,
      maxReplicas: 20,
      desiredReplicas: 8,
      limitedBy: 'Schedule',
    });

    // 10:00 Berlin: start + 1h is exclusive → closed, base bounds again → back to 3
    await runAt('2026-11-25T09:00:00Z');
    expect(await replicas('campaign')).toBe(3);
    const after = await status('campaign');
    // the merge patch must remove the list and the rule, not keep the window's stale values
    expect(after?.activeSchedules).toBeUndefined();
    expect(after?.limitedBy).toBeUndefined();
    expect(after).toMatchObject({
      minReplicas: 1,
      maxReplicas: 20,
      computedReplicas: 3,
      desiredReplicas: 3,
    });

    // Saturday 09:15 Berlin: `1-5` excludes it → stays at 3
    await runAt('2026-11-28T08:15:00Z');
    expect(await replicas('campaign')).toBe(3);
    expect((await status('campaign'))?.activeSchedules).toBeUndefined();
  });

  it('fallback holds for failureThreshold runs, engages after, releases on recovery', async () => {
    await createDeployment(cp(), 'shop', 'fb', 2);
    values.set('fb', 300); // ceil(300/100) = 3
    await createScaling(cp(), {
      metadata: { name: 'fb' },
      spec: spec('fb', { fallback: { failureThreshold: 2, replicas: 7, behavior: 'static' } }),
    });

    await runAt('2026-11-25T10:00:00Z');
    expect(await replicas('fb')).toBe(3);
    expect((await status('fb'))?.failureCount).toBe(0);
    expect(await condition('fb', 'Fallback')).toMatchObject({
      status: 'False',
      reason: 'NoFallbackNeeded',
    });

    failing.add('fb');
    // failures 1 and 2 are not > threshold 2 → held at 3; failure 3 > 2 → static 7, capped
    // at max(2 × 3, 4) = 6 (no behavior: the HPA's legacy path)
    const rows: [string, number, number][] = [
      ['2026-11-25T10:01:00Z', 1, 3],
      ['2026-11-25T10:02:00Z', 2, 3],
      ['2026-11-25T10:03:00Z', 3, 6],
    ];
    for (const [at, count, want] of rows) {
      await runAt(at);
      expect({ at, replicas: await replicas('fb') }).toEqual({ at, replicas: want });
      expect({ at, failureCount: (await status('fb'))?.failureCount }).toEqual({
        at,
        failureCount: count,
      });
    }
    const engaged = await status('fb');
    expect(engaged?.limitedBy).toBe('Fallback');
    expect(await condition('fb', 'Fallback')).toMatchObject({
      status: 'True',
      reason: 'FallbackActive',
    });
    expect(await condition('fb', 'Ready')).toMatchObject({
      status: 'False',
      reason: 'FailedGetMetric',
    });
    expect(JSON.stringify(engaged)).not.toContain(BODY_SECRET);

    // recovered: ceil(500/100) = 5, the count back to 0; no behavior is the HPA's legacy
    // path: the 300 s downscale window's highest recommendation (7 at 10:03) wins until
    // 10:08:01, and it is not clamped to current, so 6 → 7 first (as the HPA does)
    failing.delete('fb');
    values.set('fb', 500);
    await runAt('2026-11-25T10:04:00Z');
    expect(await replicas('fb')).toBe(7);
    expect((await status('fb'))?.limitedBy).toBe('ScaleDownStabilized');
    await runAt('2026-11-25T10:08:01Z');
    expect(await replicas('fb')).toBe(5);
    const released = await status('fb');
    expect(released?.failureCount).toBe(0);
    expect(released?.limitedBy).toBeUndefined();
    expect(await condition('fb', 'Fallback')).toMatchObject({
      status: 'False',
      reason: 'NoFallbackNeeded',
    });
    expect(await condition('fb', 'Ready')).toMatchObject({ status: 'True' });
  });
});

describeIfCluster('fallback lastKnownValue on a real API server', () => {
  const { cp, values, failing, replicas, spec, ...world } = useOrdersWorld({
    failBody: FAIL_BODY,
  });
  const runAt = (iso: string) => world.runAt(new Date(iso));

  it('a failed metric uses its last good value (status) until maxAgeSeconds, then the fallback', async () => {
    await createDeployment(cp(), 'shop', 'lkv', 4);
    values.set('lkv', 400); // ceil(400/100) = 4: unchanged
    const fallback = {
      failureThreshold: 0,
      replicas: 2,
      behavior: 'lastKnownValue',
      maxAgeSeconds: 120,
    };
    await createScaling(cp(), {
      metadata: { name: 'lkv' },
      // no downscale window, so the fallback's 2 shows at once
      spec: spec('lkv', {
        fallback,
        behavior: { scaleDown: { stabilizationWindowSeconds: 0 } },
      }),
    });
    await runAt('2026-11-25T10:00:00Z');
    const s = (await getScaling(cp(), 'lkv')).status;
    expect(s?.lastKnownValues).toEqual([
      { name: 'orders', value: 400, time: '2026-11-25T10:00:00Z' },
    ]);
    failing.add('lkv');
    await runAt('2026-11-25T10:02:00Z'); // 120 s old: still used, 4 kept, no failure counted
    expect(await replicas('lkv')).toBe(4);
    expect((await getScaling(cp(), 'lkv')).status?.failureCount).toBe(0);
    await runAt('2026-11-25T10:02:01Z'); // 121 s old: the normal fallback, static 2
    expect(await replicas('lkv')).toBe(2);
    expect((await getScaling(cp(), 'lkv')).status?.limitedBy).toBe('Fallback');
  });
});
