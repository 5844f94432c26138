/** `backtest --prometheus …` arguments: the range, the step, the token's variable. */
import { parseBacktestArgs } from '../../lib/cli/backtestArgs.js';
import { MAX_BACKTEST_POINTS, parseInstant, parseStep } from '../../lib/cli/backtestPromArgs.js';

const BASE = ['--spec', 'a.yaml', '--prometheus', 'http://127.0.0.1:9090', '--query', 'sum(x)'];
const RANGE = ['--start', '2026-01-01T00:00:00Z', '--end', '2026-01-02T00:00:00Z', '--step', '5m'];
const T0 = Date.parse('2026-01-01T00:00:00Z') / 1000;

describe('parseBacktestArgs with --prometheus', () => {
  it('reads the range query', () => {
    const cmd = parseBacktestArgs([...BASE, ...RANGE, '--metric', 'orders']);
    expect(cmd.series).toBeUndefined();
    expect(cmd.prometheus).toEqual({
      url: 'http://127.0.0.1:9090',
      query: 'sum(x)',
      startSeconds: T0,
      endSeconds: T0 + 86_400, // 289 steps of 300 s
      stepSeconds: 300,
      metric: 'orders',
    });
  });

  it('the last step is at or before --end', () => {
    const cmd = parseBacktestArgs([...BASE, ...RANGE.slice(0, 5), '7m']);
    // 1440 min / 7 = 205 whole steps after the start
    expect(cmd.prometheus?.endSeconds).toBe(T0 + 205 * 420);
  });

  it.each([
    ['both inputs', ['--series', 'd.csv', ...BASE, ...RANGE], 'one of --series and --prometheus'],
    [
      'no --step',
      [...BASE, ...RANGE.slice(0, 4)],
      '--prometheus needs --query, --start, --end and --step',
    ],
    [
      '--query alone',
      ['--spec', 'a.yaml', '--series', 'd.csv', '--query', 'x'],
      '--query goes with --prometheus',
    ],
    [
      '--metric alone',
      ['--spec', 'a.yaml', '--series', 'd.csv', '--metric', 'x'],
      '--metric goes with --prometheus',
    ],
    ['an empty query', [...BASE.slice(0, 5), ' ', ...RANGE], '--query must not be empty'],
    [
      'a file URL',
      [...BASE.slice(0, 3), 'file:///etc/passwd', ...BASE.slice(4), ...RANGE],
      '--prometheus must be an http(s) URL',
    ],
    [
      'end before start',
      [...BASE, ...RANGE.slice(0, 2), '--end', '2025-12-31T00:00:00Z', '--step', '5m'],
      '--end must be after --start',
    ],
    ['two steps', [...BASE, ...RANGE.slice(0, 5), '13h'], 'at least 3 steps'],
    [
      'a year of minutes',
      [...BASE, ...RANGE.slice(0, 2), '--end', '2027-01-01T00:00:00Z', '--step', '1m'],
      `more than ${MAX_BACKTEST_POINTS}`,
    ],
    [
      'a token on the command line',
      [...BASE, ...RANGE, '--bearer-token-env', 'abc def'],
      '--bearer-token-env must name an environment variable',
    ],
  ])('refuses %s', (_name, args, message) => {
    expect(() => parseBacktestArgs(args)).toThrow(message);
  });
});

describe('parseStep and parseInstant', () => {
  it.each([
    ['300', 300],
    ['30s', 30],
    ['5m', 300],
    ['1h', 3600],
    ['1d', 86_400],
  ])('step %s is %i s', (raw, seconds) => expect(parseStep(raw)).toBe(seconds));

  it.each(['0', '0s', '5x', '1.5m', '-5m', ''])('refuses step %p', (raw) => {
    expect(() => parseStep(raw)).toThrow('--step must be a duration');
  });

  it.each([
    ['2026-01-01T00:00:00Z', T0],
    ['2026-01-01T01:00:00+01:00', T0],
    [String(T0), T0],
  ])('instant %s', (raw, seconds) => expect(parseInstant(raw, '--start')).toBe(seconds));

  it.each([
    ['2026-01-01', 'must be an ISO 8601 timestamp or Unix seconds'],
    ['yesterday', 'must be an ISO 8601 timestamp or Unix seconds'],
    ['2026-01-01T00:00:00.5Z', 'must be a whole second'],
  ])('refuses instant %s', (raw, message) => {
    expect(() => parseInstant(raw, '--start')).toThrow(`--start ${message}`);
  });
});
