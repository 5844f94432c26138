/** Simulation output as a table, JSON (`{"ticks":[…]}`) or CSV. */
import type { SimTick } from './replay.js';

/** The metrics' cells, then the formula's when the spec has one. */
function metricCells(t: SimTick): string[] {
  const values = [...Object.values(t.metrics), ...(t.formula === undefined ? [] : [t.formula])];
  return values.map((v) => (v === null ? '' : String(v)));
}

function metricNames(ticks: readonly SimTick[]): string[] {
  const first = ticks[0];
  const names = Object.keys(first?.metrics ?? {});
  return first?.formula === undefined ? names : [...names, 'formula'];
}

export function toJson(ticks: readonly SimTick[]): string {
  const out = ticks.map((t) => ({
    time: t.time,
    metrics: t.metrics,
    ...(t.formula !== undefined && { formula: t.formula }),
    recommended: t.recommended,
    replicas: t.replicas,
    reason: t.reason,
    ...(t.limitedBy !== undefined && { limitedBy: t.limitedBy }),
    minReplicas: t.minReplicas,
    maxReplicas: t.maxReplicas,
    ...(t.activeSchedules.length > 0 && { activeSchedules: t.activeSchedules }),
    ...(t.lastKnown !== undefined && { lastKnown: t.lastKnown }),
  }));
  return JSON.stringify({ ticks: out }, null, 2);
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(ticks: readonly SimTick[]): string {
  const names = metricNames(ticks);
  const header = [
    'time',
    ...names,
    'recommended',
    'replicas',
    'min',
    'max',
    'limitedBy',
    'schedules',
    'reason',
  ];
  const rows = ticks.map((t) =>
    [
      String(t.time),
      ...metricCells(t),
      t.recommended === null ? '' : String(t.recommended),
      String(t.replicas),
      String(t.minReplicas),
      String(t.maxReplicas),
      t.limitedBy ?? '',
      t.activeSchedules.join(' '),
      t.reason,
    ].map(csvCell),
  );
  return [header, ...rows].map((r) => r.join(',')).join('\n');
}

export function toTable(ticks: readonly SimTick[]): string {
  const names = metricNames(ticks);
  const header = [
    'TIME',
    ...names.map((n) => n.toUpperCase()),
    'RECOMMENDED',
    'REPLICAS',
    'BOUNDS',
    'LIMITED BY',
    'REASON',
  ];
  let prev: number | undefined;
  const rows = ticks.map((t) => {
    const replicas =
      prev === undefined || prev === t.replicas ? String(t.replicas) : `${prev} → ${t.replicas}`;
    prev = t.replicas;
    const window = t.activeSchedules.length > 0 ? ` (${t.activeSchedules.join(',')})` : '';
    return [
      String(t.time),
      ...metricCells(t).map((c, i) => {
        if (c !== '') return c;
        const last = t.lastKnown?.[names[i] ?? ''];
        return last === undefined ? '!failed' : `!failed, last ${last}`;
      }),
      t.recommended === null ? '-' : String(t.recommended),
      replicas,
      `${t.minReplicas}..${t.maxReplicas}${window}`,
      t.limitedBy ?? '',
      t.reason,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
