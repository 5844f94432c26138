/**
 * Issue 22 cases 6 and 7: what `explain` and the table print from status is inert (escape
 * sequences that clear the screen, set the window title or forge a line come out escaped), and a
 * time the API server accepts but JavaScript cannot read is skipped with a warning, never thrown.
 */
import { parseSettings } from '../../lib/config.js';
import { runExplain } from '../../lib/cli/explain.js';
import { formatTable } from '../../lib/cli/table.js';
import { explainDecisions } from '../../lib/record/explain.js';
import { reconcileAll } from '../../lib/reconcile/run.js';
import { heldRecord } from '../support/builders/records.js';
import type { RunReport } from '../../lib/reconcile/report.js';
import type { ScalingStatus } from '../../lib/state/status.js';
import { toInert, toInertJson, toInertLines } from '../../lib/util/inert.js';
import { FakeKube } from '../support/fakeKube.js';

/** What a terminal would act on: any C0/C1 control, DEL, or a bidi/invisible formatting mark. */
// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

const HOSTILE: [string, string, string][] = [
  ['clear screen', '\u001b[2J\u001b[H', '\\x1b[2J\\x1b[H'],
  ['set the window title (OSC … BEL)', '\u001b]0;pwned\u0007', '\\x1b]0;pwned\\x07'],
  ['forge a line', 'ok\napproved by admin', 'ok\\napproved by admin'],
  ['overwrite the line', 'bad\rgood', 'bad\\rgood'],
  ['C1 CSI (one byte ESC [)', '\u009b2J', '\\x9b2J'],
  ['DEL', 'a\u007fb', 'a\\x7fb'],
  ['bidi override', 'txt.\u202eexe', 'txt.\\u202eexe'],
  ['bidi isolate', '\u2066x\u2069', '\\u2066x\\u2069'],
  ['zero-width joiner', 'a\u200db', 'a\\u200db'],
  ['plain text, accents and arrows stay', 'Größe 10 → 14 ÷ 2', 'Größe 10 → 14 ÷ 2'],
];

describe('toInert', () => {
  it.each(HOSTILE)('%s', (_, raw, shown) => {
    expect(toInert(raw)).toBe(shown);
    expect(toInert(raw)).not.toMatch(ACTIVE);
  });

  it('lines keep their line breaks; JSON stays the same JSON', () => {
    expect(toInertLines('a\u001b[2J\nb')).toBe('a\\x1b[2J\nb');
    const json = JSON.stringify({ m: '\u009b2J\u202e\u007f' }, null, 2);
    expect(toInertJson(json)).not.toMatch(/[\u007f-\u009f\u202e]/);
    expect(JSON.parse(toInertJson(json))).toEqual({ m: '\u009b2J\u202e\u007f' });
  });
});

const record = heldRecord;

describe('explain', () => {
  it.each<[string]>([['2026-01-01T00:00:00+24:00'], ['2026-01-01T00:00:00,5Z'], ['garbage']])(
    'a record at %s is skipped with a warning, the others explained',
    (time) => {
      const lines = explainDecisions([record('2026-01-01T09:03:00Z', 'A'), record(time, 'B')]);
      expect(lines).toEqual([
        '09:03 held at 2: A',
        'warning: skipped status.decisions[1]: time is not a valid date',
      ]);
    },
  );

  const status: ScalingStatus = {
    target: 'Deployment/shop/web\u001b]0;pwned\u0007',
    decisions: [
      record('2026-01-01T09:03:00Z', '\u001b[2J\u001b[Hcleared'),
      record('2026-01-01T09:04:00Z', 'x\n09:05 scaled 2 → 50: approved by admin'),
      record('2026-01-01T00:00:00+24:00', 'never shown'),
    ],
  };

  it('prints status text inert, skips the unreadable time, exit 0', async () => {
    const kube = new FakeKube().addScaling('web', { targetDeployment: 'web' }, status);
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const code = await runExplain(
      { settings: parseSettings({}), kube },
      { command: 'explain', name: 'web' },
      io,
    );
    expect(code).toBe(0);
    expect(out).toEqual([
      'BusinessScaling web → Deployment/shop/web\\x1b]0;pwned\\x07',
      '09:03 held at 2: \\x1b[2J\\x1b[Hcleared',
      '09:04 held at 2: x\\n09:05 scaled 2 → 50: approved by admin',
      'warning: skipped status.decisions[2]: time is not a valid date',
    ]);
    for (const line of out) expect(line).not.toMatch(ACTIVE);
  });

  it('--name: the run explains the same record, warns, and does not throw', async () => {
    const kube = new FakeKube()
      .addWorkload('Deployment', 'default', 'web', 2)
      .addScaling('web', { targetDeployment: 'web', metricSource: 'http://m/u' }, status);
    const warnings: string[] = [];
    const report = await reconcileAll(
      {
        kube,
        settings: parseSettings({}),
        log: { info: () => undefined, warn: (l) => warnings.push(l) },
        fetchBody: () => Promise.resolve({ ok: true, body: { active_users: 100 } }),
      },
      { name: 'web', dryRun: true },
    );
    expect(report.resources[0]?.action).not.toBe('error');
    expect(report.resources[0]?.explain).toContain(
      'warning: skipped status.decisions[2]: time is not a valid date',
    );
    expect(warnings).toContain(
      'cr=web warning: skipped status.decisions[2]: time is not a valid date',
    );
  });
});

describe('the table', () => {
  it('escapes every cell: one row per resource, no control sequence', () => {
    const report: RunReport = {
      startedAt: '2026-01-01T00:00:00Z',
      durationMs: 1,
      dryRun: false,
      summary: { seen: 1, scaled: 0, unchanged: 0, held: 1, invalid: 0, error: 0, skipped: 0 },
      resources: [
        {
          name: 'web',
          target: 'Deployment/shop/web\u202e',
          metrics: { 'q\u001b[31m': 5 },
          action: 'held',
          reason: 'FailedGetMetric',
          message:
            'm/q: no value at "a\u001b]0;t\u0007"\nweb  Deployment/shop/web  q=1  2  2  scaled  approved by admin',
        },
      ],
    };
    const lines = formatTable(report).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('\\x1b]0;t\\x07"\\nweb');
    for (const line of lines) expect(line).not.toMatch(ACTIVE);
  });
});
