/**
 * An SVG chart of a simulation: replicas as a step line over the shaded min..max band, open
 * schedule windows as vertical bands, each metric scaled to the chart height on its own axis.
 * Self-contained (no script, no external font), readable at a glance.
 */
import type { SimTick } from './replay.js';

const W = 960;
const H = 420;
const PAD = { left: 56, right: 190, top: 36, bottom: 48 };
const COLORS = ['#1f77b4', '#2ca02c', '#9467bd', '#8c564b'];

function esc(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function toSvg(ticks: readonly SimTick[], title: string): string {
  if (ticks.length === 0)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"/>`;
  const t0 = ticks[0]!.at;
  const t1 = Math.max(ticks.at(-1)!.at, t0 + 1);
  const x = (at: number) => PAD.left + ((at - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  const yMax = Math.max(1, ...ticks.map((t) => Math.max(t.replicas, t.maxReplicas)));
  const y = (v: number) => H - PAD.bottom - (v / yMax) * (H - PAD.top - PAD.bottom);
  const parts: string[] = [];
  const windows: string[] = [];
  // schedule windows: a band per tick that has an open window
  ticks.forEach((t, i) => {
    if (t.activeSchedules.length === 0) return;
    const next = ticks[i + 1]?.at ?? t1;
    windows.push(
      `<rect x="${x(t.at)}" y="${PAD.top}" width="${Math.max(1, x(next) - x(t.at))}" height="${H - PAD.top - PAD.bottom}" fill="#f5b700" opacity="0.22"><title>${esc(t.activeSchedules.join(', '))}</title></rect>`,
    );
  });
  // min..max band, stepped
  const band = ticks.flatMap((t, i) => {
    const next = ticks[i + 1]?.at ?? t1;
    return [`${x(t.at)},${y(t.maxReplicas)}`, `${x(next)},${y(t.maxReplicas)}`];
  });
  const bandBottom = [...ticks].reverse().flatMap((t, i, arr) => {
    const next = i === 0 ? t1 : arr[i - 1]!.at;
    return [`${x(next)},${y(t.minReplicas)}`, `${x(t.at)},${y(t.minReplicas)}`];
  });
  parts.push(
    `<polygon points="${[...band, ...bandBottom].join(' ')}" fill="#d8e6f3" opacity="0.7"><title>min..max</title></polygon>`,
  );
  parts.push(...windows);
  // metrics, each on its own scale (right axis labels show the peak)
  const names = Object.keys(ticks[0]!.metrics);
  names.forEach((name, k) => {
    const peak = Math.max(1, ...ticks.map((t) => t.metrics[name] ?? 0));
    const my = (v: number) => H - PAD.bottom - (v / peak) * (H - PAD.top - PAD.bottom);
    const pts = ticks
      .filter((t) => t.metrics[name] !== null)
      .map((t) => `${x(t.at)},${my(t.metrics[name]!)}`);
    const color = COLORS[k % COLORS.length]!;
    parts.push(
      `<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
    );
    ticks
      .filter((t) => t.metrics[name] === null)
      .forEach((t) =>
        parts.push(
          `<text x="${x(t.at)}" y="${H - PAD.bottom + 14}" font-size="11" fill="#d62728" text-anchor="middle">✕</text>`,
        ),
      );
    parts.push(
      `<text x="${W - PAD.right + 8}" y="${PAD.top + 16 + k * 16}" font-size="12" fill="${color}">${esc(name)} (peak ${peak})</text>`,
    );
  });
  // replicas as a step line
  const steps = ticks.flatMap((t, i) => {
    const next = ticks[i + 1]?.at ?? t1;
    return [`${x(t.at)},${y(t.replicas)}`, `${x(next)},${y(t.replicas)}`];
  });
  parts.push(
    `<polyline points="${steps.join(' ')}" fill="none" stroke="#d62728" stroke-width="2.5"/>`,
  );
  const legendY = PAD.top + 16 + names.length * 16;
  parts.push(
    `<text x="${W - PAD.right + 8}" y="${legendY}" font-size="12" fill="#d62728">replicas</text>`,
  );
  parts.push(
    `<text x="${W - PAD.right + 8}" y="${legendY + 16}" font-size="12" fill="#5b7fa6">min..max</text>`,
  );
  parts.push(
    `<text x="${W - PAD.right + 8}" y="${legendY + 32}" font-size="12" fill="#b08000">schedule</text>`,
  );
  parts.push(
    `<text x="${W - PAD.right + 8}" y="${legendY + 48}" font-size="12" fill="#d62728">✕ failed read</text>`,
  );
  // axes: replicas on the left, time below
  for (const v of [0, Math.round(yMax / 2), yMax]) {
    parts.push(
      `<text x="${PAD.left - 8}" y="${y(v) + 4}" font-size="11" text-anchor="end">${v}</text>`,
    );
    parts.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ccc"/>`,
    );
  }
  const labels = [
    [ticks[0]!, 'start'],
    [ticks[Math.floor(ticks.length / 2)]!, 'middle'],
    [ticks.at(-1)!, 'end'],
  ] as const;
  for (const [t, anchor] of labels) {
    parts.push(
      `<text x="${x(t.at)}" y="${H - PAD.bottom + 30}" font-size="11" text-anchor="${anchor}">${esc(String(t.time))}</text>`,
    );
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${PAD.left}" y="22" font-size="15" font-weight="bold">${esc(title)}</text>`,
    ...parts,
    `<text x="16" y="${(H - PAD.bottom + PAD.top) / 2}" font-size="11" transform="rotate(-90 16 ${(H - PAD.bottom + PAD.top) / 2})" text-anchor="middle">replicas</text>`,
    '</svg>',
  ].join('\n');
}
