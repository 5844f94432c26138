/** The lease's times from the settings, and settings that cannot be safe refused at start. */
import { parseSettings } from '../../lib/config.js';
import { leaseTiming, writeLifetimeMs } from '../../lib/lease/writeBound.js';

describe('lease timing from the settings (lib/lease/writeBound.ts)', () => {
  it('defaults: D 30 s, renew deadline 20 s, attempt 10 + 2 s, writes until 8 s after a renewal', () => {
    const s = parseSettings({});
    expect(s).toMatchObject({
      leaseDurationSeconds: 30,
      leaseRenewDeadlineSeconds: 20,
      runDeadlineSeconds: 300,
    });
    expect(leaseTiming(s)).toEqual({
      durationSeconds: 30,
      renewDeadlineMs: 20_000,
      attemptMs: 12_000,
      renewEveryMs: 2_666, // (20,000 − 12,000) / 3
    });
    expect(writeLifetimeMs(s)).toBe(312_000); // 300 s run deadline + 10 s timeout + 2 s landing
  });

  it.each([
    // [env, renew deadline]
    [{ LEASE_DURATION_SECONDS: '15', KUBE_TIMEOUT_MS: '5000' }, 10], // client-go's 10 s of 15 s
    [{ LEASE_DURATION_SECONDS: '60', KUBE_TIMEOUT_MS: '5000' }, 40],
    [{ LEASE_DURATION_SECONDS: '60', LEASE_RENEW_DEADLINE_SECONDS: '30' }, 30],
  ])('%j → renew deadline %i s', (env, rd) => {
    expect(parseSettings(env).leaseRenewDeadlineSeconds).toBe(rd);
  });

  it.each([
    [
      { LEASE_DURATION_SECONDS: '30', LEASE_RENEW_DEADLINE_SECONDS: '30' },
      /LEASE_RENEW_DEADLINE_SECONDS \(30\) must be below LEASE_DURATION_SECONDS \(30\)/,
    ],
    [
      { LEASE_DURATION_SECONDS: '15' }, // renew deadline 10 s: 10 s timeout + 2 s cannot fit
      /KUBE_TIMEOUT_MS \(10000\) \+ 2000 ms .* must fit in LEASE_RENEW_DEADLINE_SECONDS \(10 s\)/,
    ],
    [
      { KUBE_TIMEOUT_MS: '19000' }, // 21 s of a 20 s renew deadline
      /KUBE_TIMEOUT_MS \(19000\).*it leaves -1000 ms/,
    ],
    [
      { RUN_DEADLINE_SECONDS: '5' },
      /RUN_DEADLINE_SECONDS \(5\) must be at least KUBE_TIMEOUT_MS \(10000 ms\)/,
    ],
  ])('refused at start, naming the settings: %j', (env, message) => {
    expect(() => parseSettings(env)).toThrow(/^unsafe settings: /);
    expect(() => parseSettings(env)).toThrow(message);
  });

  it('fits: LEASE_DURATION_SECONDS 15 with KUBE_TIMEOUT_MS 5000 (10 s − 7 s = 3 s of writes)', () => {
    const s = parseSettings({ LEASE_DURATION_SECONDS: '15', KUBE_TIMEOUT_MS: '5000' });
    expect(leaseTiming(s)).toMatchObject({ renewDeadlineMs: 10_000, renewEveryMs: 1_000 });
  });
});
