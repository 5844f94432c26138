/**
 * The decision record in plain words, one line per decision, e.g.
 * "09:03 scaled 10 → 14: orders 1,130 ÷ 80 per replica = 15, limited to +4 per 15 s
 * (ScaleUpLimit); next allowed step at 09:03:15". Pure: the record and the spec come in.
 */
import type { ScalingRules } from '../behavior/types.js';
import type { ScalingSpec } from '../spec/types.js';
import type { DecisionRecord, MetricRecord } from './types.js';

const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const fmt = (n: number) => NUMBER.format(n);

/** `09:03`, or `09:03:15` when the seconds are not 0 (UTC); `?` past what a Date can hold. */
function clock(ms: number): string {
  const date = new Date(ms);
  if (!Number.isFinite(date.getTime())) return '?';
  const iso = date.toISOString();
  return iso.slice(17, 19) === '00' ? iso.slice(11, 16) : iso.slice(11, 19);
}

/**
 * Epoch ms of a record's time, or undefined when JavaScript cannot read it although the API
 * server accepted it (`2026-01-01T00:00:00+24:00`, `…,5Z`).
 */
function timeOf(r: DecisionRecord): number | undefined {
  const ms = typeof r.time === 'string' ? Date.parse(r.time) : NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

function describeMetric(m: MetricRecord): string {
  if (m.error !== undefined) return `${m.name} failed (${m.error})`;
  if (m.value === undefined) return `${m.name} no value`;
  const v = `${m.name} ${fmt(m.value)}`;
  if (m.proposal === undefined) return v;
  if (m.averageValue !== undefined)
    return `${v} ÷ ${fmt(m.averageValue)} per replica = ${m.proposal}`;
  if (m.targetValue !== undefined) return `${v} vs ${fmt(m.targetValue)} → ${m.proposal}`;
  return `${v} → ${m.proposal}`;
}

function verb(r: DecisionRecord): string {
  if (r.action === 'held') return `held at ${r.from}`;
  if (r.from === r.to) return `kept ${r.to}`;
  return `${r.observe === true ? 'would scale' : 'scaled'} ${r.from} → ${r.to}`;
}

const shortestPeriod = (rules: ScalingRules) =>
  Math.min(...rules.policies.map((p) => p.periodSeconds));

/** The rate limit in words, with when the next step is allowed (the shortest period ends). */
function describeLimit(r: DecisionRecord, spec: ScalingSpec | undefined, at: number): string {
  const step = r.to - r.from;
  const signed = `${step >= 0 ? '+' : ''}${step}`;
  const rule = r.limitedBy;
  if (rule !== 'ScaleUpLimit' && rule !== 'ScaleDownLimit') {
    return rule === undefined ? '' : `, limited to ${r.to} (${rule})`;
  }
  const b = spec?.behavior;
  if (b === undefined) return `, limited to ${signed} this run (${rule})`;
  const rules = rule === 'ScaleUpLimit' ? b.scaleUp : b.scaleDown;
  const period = shortestPeriod(rules);
  const next = clock(at + period * 1000);
  return `, limited to ${signed} per ${period} s (${rule}); next allowed step at ${next}`;
}

/** `; forecast (mean(day×2)) asked for 20: raised the answer` (or not used, or not above). */
function describeForecast(f: NonNullable<DecisionRecord['forecast']>, to: number): string {
  const model = f.model === undefined ? '' : ` (${f.model})`;
  const asked = f.replicas === undefined ? 'no replicas' : String(f.replicas);
  const above = f.replicas !== undefined && f.replicas > to;
  const used = f.used ? 'raised the answer' : above ? 'not used' : 'not above the metrics';
  return `; forecast${model} asked for ${asked}: ${used}`;
}

export function explainDecision(
  r: DecisionRecord,
  spec?: ScalingSpec,
  at = Date.parse(r.time),
): string {
  const metrics = r.formula === undefined ? r.metrics : [...r.metrics, r.formula];
  const parts = [metrics.map(describeMetric).join(', ') || r.reason];
  let text = parts.join('');
  if (r.stabilized !== undefined && r.recommended !== undefined && r.stabilized !== r.recommended)
    text += `, stabilized to ${r.stabilized}`;
  if (r.limitedBy === 'ScaleUpStabilized' || r.limitedBy === 'ScaleDownStabilized')
    text += ` (${r.limitedBy})`;
  else text += describeLimit(r, spec, at);
  if (r.schedules !== undefined && r.schedules.length > 0)
    text += `; schedule ${r.schedules.join(', ')} in force`;
  if (r.forecast !== undefined) text += describeForecast(r.forecast, r.to);
  return `${clock(at)} ${verb(r)}: ${text}`;
}

/**
 * All records, newest last; a note when there are none. A record whose time cannot be read is
 * skipped, and one warning line says how many (never the text itself).
 */
export function explainDecisions(
  records: readonly DecisionRecord[] | undefined,
  spec?: ScalingSpec,
): string[] {
  if (records === undefined || records.length === 0) {
    return ['no decisions recorded yet (setting DECISION_HISTORY, default 10)'];
  }
  const lines: string[] = [];
  const skipped: number[] = [];
  records.forEach((r, i) => {
    const at = timeOf(r);
    if (at === undefined) skipped.push(i);
    else lines.push(explainDecision(r, spec, at));
  });
  if (skipped.length === 0) return lines;
  const which = skipped.map((i) => `status.decisions[${i}]`).join(', ');
  return [...lines, `warning: skipped ${which}: time is not a valid date`];
}
