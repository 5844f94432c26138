/**
 * Which history each metric of a forecasting resource reads (lib/reconcile/forecastOne.ts): a
 * Prometheus metric its own range query, any other the stored history.
 */
import type { HistoryKey, HistorySource } from '../../lib/history/source.js';
import { routeHistory } from '../../lib/reconcile/forecastOne.js';
import type { RunContext } from '../../lib/reconcile/context.js';
import { demandSpec } from '../support/forecastSeries.js';

const PROM = {
  name: 'orders',
  prometheus: { serverAddress: 'http://127.0.0.1:9090', query: 'sum(rate(orders[5m]))' },
  target: { type: 'AverageValue', averageValue: 5 },
};

/** A source that answers with its own name in `stepSeconds`, so the route shows. */
const tagged = (tag: number): HistorySource => ({
  observe: (_k, now) => Promise.resolve({ stepSeconds: tag, endSeconds: now, values: [1] }),
});
const key = (metric: string): HistoryKey => ({ namespace: 'shop', name: 'web', metric });

describe('routeHistory', () => {
  const DEMAND = {
    name: 'demand',
    http: { url: 'http://127.0.0.1:9/demand' },
    target: { type: 'AverageValue', averageValue: 10 },
  };
  const spec = demandSpec(10, { metrics: [DEMAND, PROM] });
  const promSources: unknown[] = [];
  const ctx = {
    history: tagged(1),
    promHistory: (source: unknown) => (promSources.push(source), tagged(2)),
  } as unknown as RunContext;

  it.each([
    ['an http metric reads the store', 'demand', 1],
    ['a Prometheus metric reads its range query', 'orders', 2],
  ])('%s', async (_n, metric, tag) => {
    const h = await routeHistory(ctx, spec)!.observe(key(metric), 600, 1, 300);
    expect(h?.stepSeconds).toBe(tag);
  });

  it('builds the range query from the metric’s own source', () => {
    promSources.length = 0;
    routeHistory(ctx, spec);
    expect(promSources).toEqual([PROM.prometheus]);
  });

  it('without Prometheus metrics it is the store itself; without either, none', () => {
    const plain = demandSpec();
    expect(routeHistory(ctx, plain)).toBe(ctx.history);
    expect(routeHistory({} as RunContext, plain)).toBeUndefined();
  });

  it('a Prometheus metric with no store beside it still has its history', async () => {
    const only = { promHistory: () => tagged(2) } as unknown as RunContext;
    const route = routeHistory(only, spec)!;
    expect((await route.observe(key('orders'), 600, 1, 300))?.stepSeconds).toBe(2);
    expect(await route.observe(key('demand'), 600, 1, 300)).toBeUndefined();
  });
});
