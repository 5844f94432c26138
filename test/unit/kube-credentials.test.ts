/** Reuse of kubeconfig credentials by the REST transport: time-boxed, dropped after a 401. */
import { AUTH_REUSE_MS, kubeconfigCredentials } from '../../lib/kube/client.js';

interface Ctx {
  setHeaderParam(key: string, value: string): void;
}

/** A stand-in for client-node's KubeConfig: token `t1`, `t2`, … per call; can fail once. */
function fakeKubeConfig() {
  const state = { calls: 0, failNext: false };
  const kc = {
    applySecurityAuthentication: (ctx: Ctx) => {
      state.calls += 1;
      if (state.failNext) {
        state.failNext = false;
        return Promise.reject(new Error('exec plugin failed'));
      }
      ctx.setHeaderParam('Authorization', `Bearer t${state.calls}`);
      return Promise.resolve();
    },
  };
  return { kc: kc as unknown as Parameters<typeof kubeconfigCredentials>[0], state };
}

describe('kubeconfigCredentials', () => {
  const setup = () => {
    const clock = { now: 0 };
    const { kc, state } = fakeKubeConfig();
    const source = kubeconfigCredentials(kc, () => clock.now);
    const token = async () => (await source.get()).headers.authorization;
    return { clock, state, source, token };
  };

  it('asks client-node once per AUTH_REUSE_MS, lower-casing header names', async () => {
    const { clock, state, token } = setup();
    expect(await token()).toBe('Bearer t1');
    clock.now += AUTH_REUSE_MS - 1;
    expect(await token()).toBe('Bearer t1');
    expect(state.calls).toBe(1);
    clock.now += 1;
    expect(await token()).toBe('Bearer t2');
    expect(state.calls).toBe(2);
  });

  it('concurrent first requests share one lookup', async () => {
    const { state, token } = setup();
    expect(await Promise.all([token(), token(), token()])).toEqual(Array(3).fill('Bearer t1'));
    expect(state.calls).toBe(1);
  });

  it('a 401 on the current credentials makes the next request ask again', async () => {
    const { state, source, token } = setup();
    const used = await source.get();
    source.rejected?.(used);
    expect(await token()).toBe('Bearer t2');
    expect(state.calls).toBe(2);
  });

  it('a 401 on credentials already replaced does not drop the new ones', async () => {
    const { clock, state, source, token } = setup();
    const old = await source.get();
    clock.now += AUTH_REUSE_MS;
    expect(await token()).toBe('Bearer t2');
    source.rejected?.(old);
    expect(await token()).toBe('Bearer t2');
    expect(state.calls).toBe(2);
  });

  it('a failed lookup is not reused', async () => {
    const { state, source, token } = setup();
    state.failNext = true;
    await expect(source.get()).rejects.toThrow('exec plugin failed');
    expect(await token()).toBe('Bearer t2');
  });
});
