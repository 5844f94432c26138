/**
 * Every scalingModifiers formula in KEDA's tests and docs (kedacore/keda 8b4f083, keda-docs), with
 * the value KEDA computes: the composite metric, `float(formula)` truncated to milli-units. A
 * metric `null` is a trigger past `fallback.failureThreshold` with `fallback.behavior:
 * scalingModifiers` (expr's nil). Webhook cases are what KEDA's admission webhook runs: every
 * trigger at its dummy value -1; `rejected` is a formula the webhook refuses.
 */
export interface KedaFormulaCase {
  readonly source: string;
  readonly formula: string;
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly keda: number | 'rejected';
}

const WEBHOOK = 'apis/keda/v1alpha1/scaledobject_webhook_test.go';
const E2E_SM = 'tests/internals/scaling_modifiers/scaling_modifiers_test.go';
const E2E_FB = 'tests/internals/fallback/fallback_scaling_modifiers_test.go';
const DOCS =
  'keda-docs content/docs/2.x/reference/scaledobject-spec.md + concepts/scaling-deployments.md';
const w = (...names: string[]) => Object.fromEntries(names.map((n) => [n, -1]));

export const KEDA_FORMULAS: readonly KedaFormulaCase[] = [
  // pkg/scaling/modifiers/formula_test.go
  {
    source: 'formula_test.go',
    formula: 'trigger1 + trigger2',
    metrics: { trigger1: 2, trigger2: 5 },
    keda: 7,
  },
  // pkg/scaling/scale_handler_test.go TestScalingModifiersFormula
  {
    source: 'scale_handler_test.go',
    formula: 'trigger1 + trigger2',
    metrics: { trigger1: 2, trigger2: 5 },
    keda: 7,
  },
  // The webhook compiles with every trigger a float64 and runs it with -1.
  {
    source: WEBHOOK,
    formula: 'workload_trig_1 + workload_trig_2',
    metrics: w('workload_trig_1', 'workload_trig_2'),
    keda: -2,
  },
  {
    source: WEBHOOK,
    formula: 'workload_trig + cron_trig',
    metrics: w('workload_trig', 'cron_trig'),
    keda: -2,
  },
  { source: WEBHOOK, formula: 'workload_trig + cron_trig', metrics: {}, keda: 'rejected' }, // triggers without names
  {
    source: WEBHOOK,
    formula: 'workload_trig + 1',
    metrics: w('workload_trig', 'cron_trig'),
    keda: 0,
  },
  { source: WEBHOOK, formula: 'float(workload_trig + 1)', metrics: w('workload_trig'), keda: 0 },
  {
    source: WEBHOOK,
    formula: 'float(workload_trig < 5 ? cron_trig + workload_trig : 5)',
    metrics: w('workload_trig', 'cron_trig'),
    keda: -2,
  },
  {
    source: WEBHOOK,
    formula: 'workload_trig < 5 ? cron_trig + workload_trig : 5',
    metrics: w('workload_trig', 'cron_trig'),
    keda: -2,
  },
  {
    source: WEBHOOK,
    formula: 'count([trig_one,trig_two],{#>1}) > 1 ? 5 : 0',
    metrics: w('trig_one', 'trig_two'),
    keda: 0,
  },
  {
    source: WEBHOOK,
    formula: 'float(trig_one < 2 ? trig_one+trig_two >= 2 ? 5 : 10 : 0)',
    metrics: w('trig_one', 'trig_two'),
    keda: 10,
  },
  {
    source: WEBHOOK,
    formula: 'float(float(trig_two < 5 ? trig_one + trig_two : 5))',
    metrics: w('trig_one', 'trig_two'),
    keda: -2,
  },
  {
    source: WEBHOOK,
    formula: 'trig_one ?? trig_two ?? 5',
    metrics: w('trig_one', 'trig_two'),
    keda: -1,
  },
  // e2e: scaling_modifiers (0+2=2 → inactive; 3+2=5 → 3 replicas; 2+2=4 → 2 replicas)
  {
    source: E2E_SM,
    formula: 'metrics_api + kw_trig',
    metrics: { metrics_api: 0, kw_trig: 2 },
    keda: 2,
  },
  {
    source: E2E_SM,
    formula: 'metrics_api + kw_trig',
    metrics: { metrics_api: 3, kw_trig: 2 },
    keda: 5,
  },
  {
    source: E2E_SM,
    formula: 'metrics_api + kw_trig',
    metrics: { metrics_api: 2, kw_trig: 2 },
    keda: 4,
  },
  {
    source: E2E_SM,
    formula: 'count([kw_trig,metrics_api],{#>1}) > 1 ? 5 : 0',
    metrics: { metrics_api: 0, kw_trig: 2 },
    keda: 0,
  },
  {
    source: E2E_SM,
    formula: 'count([kw_trig,metrics_api],{#>1}) > 1 ? 5 : 0',
    metrics: { metrics_api: 2, kw_trig: 2 },
    keda: 5,
  },
  // e2e: fallback with behavior scalingModifiers (16 → 8 replicas; 12 → 6; 8 → 4)
  {
    source: E2E_FB,
    formula: 'primary ?? secondary ?? 8',
    metrics: { primary: 16, secondary: 12 },
    keda: 16,
  },
  {
    source: E2E_FB,
    formula: 'primary ?? secondary ?? 8',
    metrics: { primary: null, secondary: 12 },
    keda: 12,
  },
  {
    source: E2E_FB,
    formula: 'primary ?? secondary ?? 8',
    metrics: { primary: null, secondary: null },
    keda: 8,
  },
  // keda-docs
  {
    source: DOCS,
    formula: '(trig_one + trig_two)/2',
    metrics: { trig_one: 3, trig_two: 4 },
    keda: 3.5,
  },
  {
    source: DOCS,
    formula: 'trig_one > 2 ? trig_one + trig_two : 1',
    metrics: { trig_one: 3, trig_two: 4 },
    keda: 7,
  },
  {
    source: DOCS,
    formula: 'trig_one > 2 ? trig_one + trig_two : 1',
    metrics: { trig_one: 2, trig_two: 4 },
    keda: 1,
  },
  {
    source: DOCS,
    formula: 'count([trig_one,trig_two,trig_three],{#>1}) > 1 ? 5 : 0',
    metrics: { trig_one: 2, trig_two: 0, trig_three: 3 },
    keda: 5,
  },
  {
    source: DOCS,
    formula: 'count([trig_one,trig_two,trig_three],{#>1}) > 1 ? 5 : 0',
    metrics: { trig_one: 2, trig_two: 0, trig_three: 1 },
    keda: 0,
  },
  {
    source: DOCS,
    formula: 'trig_one < 2 ? trig_one+trig_two >= 2 ? 5 : 10 : 0',
    metrics: { trig_one: 1, trig_two: 1 },
    keda: 5,
  },
  {
    source: DOCS,
    formula: 'trig_one < 2 ? trig_one+trig_two >= 2 ? 5 : 10 : 0',
    metrics: { trig_one: 1, trig_two: 0.5 },
    keda: 10,
  },
  {
    source: DOCS,
    formula: 'trig_one < 2 ? trig_one+trig_two >= 2 ? 5 : 10 : 0',
    metrics: { trig_one: 2, trig_two: 1 },
    keda: 0,
  },
  {
    source: DOCS,
    formula: 'max(p2d_ratio, qlen/1000)',
    metrics: { p2d_ratio: 1.5, qlen: 2500 },
    keda: 2.5,
  },
  {
    source: DOCS,
    formula: 'best_metric ?? slower_metric ?? metric_backup ?? 8',
    metrics: { best_metric: 3, slower_metric: 4, metric_backup: 5 },
    keda: 3,
  },
  {
    source: DOCS,
    formula: 'best_metric ?? slower_metric ?? metric_backup ?? 8',
    metrics: { best_metric: null, slower_metric: null, metric_backup: 5 },
    keda: 5,
  },
  {
    source: DOCS,
    formula: 'best_metric ?? slower_metric ?? metric_backup ?? 8',
    metrics: { best_metric: null, slower_metric: null, metric_backup: null },
    keda: 8,
  },
  {
    source: DOCS,
    formula:
      '(ExpectedQueueConsumptionTime - (QueueLength / DeliverGetRate)) * pollingInterval + (QueueLength / DeliverGetRate)',
    metrics: {
      ExpectedQueueConsumptionTime: 30,
      QueueLength: 100,
      DeliverGetRate: 8,
      pollingInterval: 2,
    },
    keda: 47.5, // (30 - 12.5) * 2 + 12.5
  },
];

/**
 * expr's own precedence and typing, as KEDA runs it (expr v1.17.8, metrics float64): each is the
 * value KEDA computes, or `rejected` where expr refuses the formula (KEDA's webhook with it).
 */
export const EXPR_CASES: readonly KedaFormulaCase[] = [
  { source: 'expr ??', formula: 'a ?? b + 1', metrics: { a: 4, b: 10 }, keda: 'rejected' },
  { source: 'expr ??', formula: 'a ?? b * 2', metrics: { a: 4, b: 10 }, keda: 'rejected' },
  { source: 'expr ??', formula: '(a ?? b) + 1', metrics: { a: 4, b: 10 }, keda: 5 },
  { source: 'expr ??', formula: '1 + a ?? b', metrics: { a: null, b: 10 }, keda: 11 },
  { source: 'expr ??', formula: 'a * b ?? 2 + 1', metrics: { a: 3, b: null }, keda: 7 },
  { source: 'expr ** right-assoc', formula: '2 ** 3 ** 2', metrics: {}, keda: 512 },
  { source: 'expr ^ = **', formula: '2 ^ 3 ^ 2', metrics: {}, keda: 512 },
  { source: 'expr unary - (90) < ** (100)', formula: '-2 ** 2', metrics: {}, keda: -4 },
  { source: 'expr % ints only', formula: '7 % 4', metrics: {}, keda: 3 },
  { source: 'expr % ints only', formula: 'a % 4', metrics: { a: 7 }, keda: 'rejected' },
  { source: 'expr % ints only', formula: 'int(a) % 4', metrics: { a: 7.9 }, keda: 3 },
  { source: 'expr bool arithmetic', formula: '(a > 1) + 1', metrics: { a: 2 }, keda: 'rejected' },
  { source: 'expr non-bool condition', formula: 'a ? 1 : 2', metrics: { a: 2 }, keda: 'rejected' },
  { source: 'expr bool result', formula: 'a > 1', metrics: { a: 2 }, keda: 'rejected' },
  { source: 'expr chained comparison', formula: '1 < a < 3 ? 1 : 0', metrics: { a: 2 }, keda: 1 },
  {
    source: 'expr and/or',
    formula: 'a > 1 and b > 1 || not (a > 5) ? 1 : 0',
    metrics: { a: 9, b: 0 },
    keda: 0,
  },
  { source: 'expr && before ||', formula: 'true || false && false ? 1 : 0', metrics: {}, keda: 1 },
  { source: 'expr in', formula: 'a in [1, 2, 3] ? 10 : 20', metrics: { a: 2 }, keda: 10 },
  { source: 'expr not in', formula: 'a not in [1, 2, 3] ? 10 : 20', metrics: { a: 2 }, keda: 20 },
  { source: 'expr / is float', formula: '7 / 2', metrics: {}, keda: 3.5 },
  { source: 'expr round half away', formula: 'round(-a)', metrics: { a: 2.5 }, keda: -3 },
  {
    source: 'expr builtins',
    formula: 'ceil(a) + floor(a) + abs(-a) + int(a)',
    metrics: { a: 2.5 },
    keda: 9.5,
  },
  {
    source: 'expr aggregates',
    formula: 'mean([a, b]) + median([a, b, 10]) + sum([a, b])',
    metrics: { a: 1, b: 3 },
    keda: 9,
  },
  {
    source: 'expr predicates',
    formula: 'sum(map(filter([a, b, c], {# > 1}), {# * 2}))',
    metrics: { a: 1, b: 2, c: 3 },
    keda: 10,
  },
  {
    source: 'expr predicates',
    formula:
      'all([a, b], {# > 0}) && one([a, b], {# > 1}) && none([a], {# > 5}) && any([b], # > 1) ? 1 : 0',
    metrics: { a: 1, b: 2 },
    keda: 1,
  },
  {
    source: 'expr min/max of arrays',
    formula: 'max([a, b], 1) - min(a, b)',
    metrics: { a: 2, b: 5 },
    keda: 3,
  },
  {
    source: 'expr nested predicates: # is the innermost element',
    formula: 'count([a, b], {count([#, 1], {# > 1}) > 0})',
    metrics: { a: 2, b: 0 },
    keda: 1,
  },
  { source: 'expr member access', formula: 'a.b', metrics: { a: 1 }, keda: 'rejected' },
  { source: 'expr unknown function', formula: 'len([a])', metrics: { a: 1 }, keda: 'rejected' },
  { source: 'issue 22 case 9', formula: '9'.repeat(309), metrics: {}, keda: 'rejected' },
  {
    source: 'issue 22 case 9',
    formula: '9'.repeat(309) + '.0',
    metrics: {},
    keda: 'rejected',
  },
];
