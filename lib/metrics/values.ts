/**
 * From a fetched body to one number, per source format. Pure. Messages name the path or selector
 * the resource wrote and counts, never a value or any other part of the body.
 */
import type { HttpMetricSource, MetricAggregate } from '../spec/types.js';
import { aggregateValues } from './aggregate.js';
import { MAX_SELECTED_VALUES } from './budgets.js';
import { parseXmlBody, parseYamlBody } from './documents.js';
import { parseSelector, selectSamples } from './exposition.js';
import { extractValue, readDotPath } from './extract.js';
import { parseJsonPath, selectJsonPath } from './jsonpath.js';
import type { MetricResult } from './types.js';

type Failure = Extract<MetricResult, { ok: false }>;

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

const failParse = (where: string, reason: string): Failure => ({
  ok: false,
  kind: 'parse',
  message: `${where}: ${reason}`,
});

/** Over a work budget (see budgets.ts): the metric fails, the process goes on. */
const failBudget = (where: string, reason: string): Failure => ({
  ok: false,
  kind: 'too-large',
  message: `${where}: ${reason}`,
});

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && PLAIN_DECIMAL.test(value.trim())) return Number(value.trim());
  return undefined;
}

/**
 * One value from the selected ones: exactly one, or several with `aggregate`. Each must be a
 * finite number >= 0 (or a plain decimal string, as `extractValue` accepts).
 */
export function combineSelected(
  selected: readonly unknown[],
  aggregate: MetricAggregate | undefined,
  where: string,
  what: string,
): MetricResult {
  if (selected.length === 0) return failParse(where, `no value at ${what}`);
  if (selected.length > MAX_SELECTED_VALUES) {
    return failBudget(where, `${what} selects more than ${MAX_SELECTED_VALUES} values (budget)`);
  }
  if (selected.length > 1 && aggregate === undefined) {
    return failParse(where, `${what} selects ${selected.length} values (set aggregate)`);
  }
  const numbers: number[] = [];
  for (const value of selected) {
    const n = toNumber(value);
    if (n === undefined) return failParse(where, `a value at ${what} is not a number`);
    if (!Number.isFinite(n)) return failParse(where, `a value at ${what} is not a finite number`);
    if (n < 0) return failParse(where, `a value at ${what} is negative`);
    numbers.push(n);
  }
  const value = aggregate === undefined ? numbers[0]! : aggregateValues(numbers, aggregate);
  if (!Number.isFinite(value)) return failParse(where, `the ${aggregate} at ${what} is not finite`);
  return { ok: true, value: value === 0 ? 0 : value };
}

function fromJson(body: unknown, source: HttpMetricSource, where: string): MetricResult {
  const { valuePath, aggregate } = source;
  if (!valuePath.startsWith('$')) {
    if (aggregate === undefined) return extractValue(body, valuePath, where);
    // with aggregate, a dot path may name an array: its elements are the values
    const at = readDotPath(body, valuePath);
    const selected = !at.found
      ? []
      : Array.isArray(at.value)
        ? (at.value as unknown[])
        : [at.value];
    return combineSelected(selected, aggregate, where, `"${valuePath}"`);
  }
  const segments = parseJsonPath(valuePath);
  if (typeof segments === 'string') return failParse(where, `invalid JSONPath: ${segments}`);
  const selection = selectJsonPath(body, segments);
  if (!selection.ok) return failBudget(where, `JSONPath "${valuePath}" ${selection.reason}`);
  return combineSelected(selection.values, aggregate, where, `"${valuePath}"`);
}

function fromText(body: unknown, where: string): MetricResult {
  const text = typeof body === 'string' ? body.trim() : '';
  if (!PLAIN_DECIMAL.test(text)) return failParse(where, 'response is not a plain number');
  const value = Number(text);
  if (!Number.isFinite(value)) return failParse(where, 'response is not a finite number');
  return { ok: true, value: value === 0 ? 0 : value };
}

function fromExposition(body: unknown, source: HttpMetricSource, where: string): MetricResult {
  const selector = parseSelector(source.valuePath);
  if (typeof selector === 'string') return failParse(where, `invalid series selector: ${selector}`);
  const work = { chars: 0, overBudget: false };
  const samples = selectSamples(typeof body === 'string' ? body : '', selector, work);
  if (typeof samples === 'string') {
    return work.overBudget ? failBudget(where, samples) : failParse(where, samples);
  }
  return combineSelected(samples, source.aggregate, where, `series ${selector.name}`);
}

/** The metric value of an http source's body (JSON value, or text for the other formats). */
export function extractMetric(
  body: unknown,
  source: HttpMetricSource,
  where: string,
): MetricResult {
  if (source.format === 'text') return fromText(body, where);
  if (source.format === 'prometheus') return fromExposition(body, source, where);
  if (source.format === 'yaml' || source.format === 'xml') {
    const text = typeof body === 'string' ? body : '';
    const doc = source.format === 'yaml' ? parseYamlBody(text, where) : parseXmlBody(text, where);
    return doc.ok ? fromJson(doc.body, source, where) : doc;
  }
  return fromJson(body, source, where);
}
