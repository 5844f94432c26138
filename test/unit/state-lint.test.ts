/** The one-owner check of `npm run lint` (tools/lint/state.ts): it finds each way in, and only those. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ALLOWED, findStatusAccess } from '../../tools/lint/state.js';

const FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      strict: true,
      target: 'ES2023',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2023'],
      types: [],
      noEmit: true,
    },
    include: ['lib'],
  }),
  'lib/state/status.ts': `export interface ScalingStatus {
  readonly recordedAt?: string;
  readonly history?: { readonly recommendations?: readonly number[] };
}`,
  'lib/kube/port.ts': `import type { ScalingStatus } from '../state/status.js';
export interface ScalingObject { readonly spec: unknown; readonly status?: ScalingStatus }
export interface Scale { readonly status: { readonly replicas: number } }`,
  'lib/state/read.ts': `import type { ScalingObject } from '../kube/port.js';
export const recordedAt = (o: ScalingObject) => o.status?.recordedAt;`,
  'lib/other/fine.ts': `import type { Scale, ScalingObject } from '../kube/port.js';
import { recordedAt } from '../state/read.js';
export const replicas = (s: Scale) => s.status.replicas;
export const stamp = (o: ScalingObject) => recordedAt(o);
export const answer = { status: 200 };`,
  'lib/other/stray.ts': `import type { ScalingObject } from '../kube/port.js';
import type { ScalingStatus } from '../state/status.js';
export const a = (o: ScalingObject) => o.status;
export const b = (o: ScalingObject) => o['status'];
export const c = ({ status }: ScalingObject) => status;
export const d = (o: ScalingObject): ScalingObject => ({ ...o, status: {} });
export const e = (s: ScalingStatus) => s.history?.recommendations;`,
};

describe('findStatusAccess', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'state-lint-'));
    for (const [path, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds every way in outside lib/state, and nothing else (a Scale, an answer, lib/state)', () => {
    const found = findStatusAccess(root).map((f) => `${f.file}:${f.line}: ${f.what}`);
    expect(found.sort()).toEqual(
      [
        'lib/other/stray.ts:2: imports lib/state/status.ts',
        'lib/other/stray.ts:3: uses `status` of a ScalingObject',
        'lib/other/stray.ts:4: uses `status` of a ScalingObject',
        'lib/other/stray.ts:5: uses `status` of a ScalingObject',
        'lib/other/stray.ts:6: uses `status` of a ScalingObject',
        'lib/other/stray.ts:7: uses status field `history`',
        'lib/other/stray.ts:7: uses status field `recommendations`',
      ].sort(),
    );
  });

  it('the exceptions are few, each with its reason', () => {
    expect(Object.keys(ALLOWED).length).toBeLessThanOrEqual(4);
    for (const reason of Object.values(ALLOWED)) expect(reason.length).toBeGreaterThan(20);
  });
});
