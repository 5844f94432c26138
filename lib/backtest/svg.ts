/**
 * A backtest as SVG: its last `days` (2), demand in pods (ceil(demand /
 * averageValue)) as a shaded area, each spec's replicas as a step line, and the forecast (in
 * pods) of the first spec that has one as a dashed line.
 */
import { perPodOf } from './hook.js';
import type { BacktestResult } from './run.js';

const W = 960;
const H = 320;
const PAD = 40;
const COLORS = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#8c564b'];

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function toBacktestSvg(results: readonly BacktestResult[], days = 2): string {
  const first = results[0];
  if (first === undefined) return '<svg xmlns="http://www.w3.org/2000/svg"/>';
  const step = ((first.ticks[1]?.at ?? 0) - (first.ticks[0]?.at ?? 0)) / 1000;
  const points = step > 0 ? Math.round((days * 86_400) / step) : first.demand.length;
  const perPod = perPodOf(first.spec).perPod;
  const from = Math.max(0, first.demand.length - points);
  const demand = first.demand.slice(from).map((d) => Math.ceil(d / perPod));
  const lines = results.map((r) => r.ticks.slice(from).map((t) => t.replicas));
  const withForecast = results.find((r) => r.forecasts.some((f) => f?.status === 'ready'));
  const forecast = withForecast?.forecasts
    .slice(from)
    .map((f) => (f?.status === 'ready' ? f.value / perPod : undefined));
  const top = Math.max(1, ...demand, ...lines.flat());
  const x = (i: number) => PAD + (i / Math.max(1, demand.length - 1)) * (W - 2 * PAD);
  const y = (v: number) => H - PAD - (v / top) * (H - 2 * PAD);
  const path = (vs: readonly (number | undefined)[]) =>
    vs
      .map((v, i) =>
        v === undefined
          ? ''
          : `${i === 0 || vs[i - 1] === undefined ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`,
      )
      .join('');
  const area = `M${x(0)},${y(0)}${demand.map((v, i) => `L${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('')}L${x(demand.length - 1)},${y(0)}Z`;
  const legend = results.map(
    (r, i) =>
      `<text x="${PAD + i * 180}" y="20" fill="${COLORS[i % COLORS.length]}">${esc(r.name)}: replicas</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<path d="${area}" fill="#ccc" stroke="none"><title>demand (pods)</title></path>`,
    ...lines.map(
      (l, i) =>
        `<path d="${path(l)}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1"/>`,
    ),
    ...(forecast
      ? [
          `<path d="${path(forecast)}" fill="none" stroke="#000" stroke-dasharray="3,2" stroke-width="1"/>`,
        ]
      : []),
    ...legend,
    `<text x="${PAD}" y="${H - 10}">grey: demand in pods; dashed: forecast in pods${withForecast ? ` (${esc(withForecast.name)})` : ''}; max ${top}</text>`,
    '</svg>',
  ].join('\n');
}
