/**
 * A CPU profile of one span of the worker (node:inspector, same format as `node --cpu-prof`),
 * written to `<dir>/<label>.cpuprofile`, and the top self-time functions of a profile.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export async function startProfile(): Promise<(dir: string, label: string) => Promise<string>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (dir, label) => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const file = path.join(dir, `${label}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    return file;
  };
}

/** `[name (file:line), self ms]`, biggest first; idle and GC kept as they are. */
export function topSelf(profile: Profile, count: number): [string, number][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => {
    const f = byId.get(id)?.callFrame;
    if (!f) return;
    const file = f.url.replace(/^.*\/(node_modules\/|dist\/)/, '$1');
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}
