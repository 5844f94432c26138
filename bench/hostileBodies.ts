/**
 * Hostile metric bodies: the regressions of issue 22 and the worst cases per parser at the
 * 1 MiB body cap. Shared by test/unit/hostile-parsers.test.ts and `npm run bench:parsers`.
 */
import type { HttpMetricSource } from '../lib/spec/types.js';

export const BODY_CAP = 1024 * 1024;

/** `n` arrays nested in one another around `inner` (`[[…1…]]`: 2n + inner bytes). */
export const nestedArrays = (n: number, inner = '') => '['.repeat(n) + inner + ']'.repeat(n);

/** `n` mapping keys `key_00000: 12` (14 bytes a line); a duplicate of the first when `dup`. */
export function yamlKeys(n: number, dup = false): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`key_${String(i).padStart(5, '0')}: 12`);
  if (dup) lines.push('key_00000: 13');
  return lines.join('\n') + '\n';
}

/** `m 111…1x`: one sample whose value is `digits` ones and an x (the backtracking regex case). */
export const promDigits = (digits: number) => `m ${'1'.repeat(digits)}x\n`;

/** Sample lines `m{a="…",b="…"} 1` up to about `bytes`. */
export function promSamples(bytes: number): string {
  const line = 'm{region="eu",zone="a",pod="p-123456"} 1.5 1700000000000\n';
  return line.repeat(Math.floor(bytes / line.length));
}

/** Elements nested `depth` deep around a number. */
export const xmlNested = (depth: number) => '<a>'.repeat(depth) + '1' + '</a>'.repeat(depth);

/** `<r>` holding `<v n="i">1</v>` elements up to about `bytes`. */
export function xmlMany(bytes: number): string {
  const item = '<v n="1" m="2">1</v>';
  return `<r>${item.repeat(Math.floor((bytes - 7) / item.length))}</r>`;
}

/** A JSON array of `n` ones (`[1,1,…]`: 2n + 1 bytes). */
export const jsonOnes = (n: number) => `[${Array.from({ length: n }, () => '1').join(',')}]`;

export const source = (s: Partial<HttpMetricSource>): HttpMetricSource => ({
  url: 'http://127.0.0.1:1/m',
  valuePath: '$',
  ...s,
});
