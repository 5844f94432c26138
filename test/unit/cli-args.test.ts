import { parseCommand, parseDuration, UsageError } from '../../lib/cli/args.js';

describe('parseCommand', () => {
  it.each([
    [['reconcile'], { command: 'reconcile', dryRun: false, output: 'table', everyMs: undefined }],
    [['reconcile', '--once', '--dry-run'], { dryRun: true, everyMs: undefined }],
    [['reconcile', '--every', '30s'], { everyMs: 30_000 }],
    [['reconcile', '--every', '500ms', '-o', 'json'], { everyMs: 500, output: 'json' }],
    [
      ['reconcile', '--name', 'web', '--context', 'kind-kind', '--kubeconfig', '/k'],
      { name: 'web', context: 'kind-kind', kubeconfig: '/k' },
    ],
    [['reconcile', '--shard', '1/4'], { shard: { index: 1, count: 4 } }],
    [[], { command: 'help' }],
    [['--help'], { command: 'help' }],
    [['--version'], { command: 'version' }],
    [
      ['reconcile', '--every', '30s', '--heartbeat-file', '/tmp/beat'],
      { everyMs: 30_000, heartbeatFile: '/tmp/beat' },
    ],
  ])('%j → %j', (argv, want) => {
    expect(parseCommand(argv)).toMatchObject(want);
  });

  it.each([
    [['scale']], // unknown command
    [['reconcile', '--once', '--every', '1m']], // exclusive
    [['reconcile', '--output', 'yaml']],
    [['reconcile', '--every', 'soon']],
    [['reconcile', '--bogus']],
    [['reconcile', '--shard', '4/4']], // index out of range
    [['reconcile', '--shard', 'one']],
    [['reconcile', '--heartbeat-file', '/tmp/beat']], // a heartbeat needs a loop
  ])('%j is a usage error', (argv) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
  });
});

describe('parseDuration', () => {
  it.each([
    ['100ms', 100],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1h', 3_600_000],
  ])('%s → %i ms', (raw, ms) => expect(parseDuration(raw)).toBe(ms));

  it.each(['50ms', '10', '-1s', '1d', ''])('%s is refused', (raw) => {
    expect(() => parseDuration(raw)).toThrow(UsageError);
  });
});
