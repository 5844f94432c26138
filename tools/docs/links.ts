/**
 * The relative links of the project's Markdown (README.md and docs/): each must name a file that
 * exists and, with `#anchor`, a heading of that file as GitHub renders its anchors. Pure: the
 * caller passes the files' text, so a test can check a broken page without writing one.
 */
import { posix } from 'node:path';

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function toAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = fenced ? null : /^#{1,6} (.*)$/.exec(line);
    if (!m) continue;
    const base = m[1]!
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\- _]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Every `[text](target)` outside code fences whose target is not a URL, with its line. */
function relativeLinks(markdown: string): { line: number; target: string }[] {
  const out: { line: number; target: string }[] = [];
  let fenced = false;
  markdown.split('\n').forEach((text, i) => {
    if (text.startsWith('```')) fenced = !fenced;
    if (fenced) return;
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) out.push({ line: i + 1, target });
    }
  });
  return out;
}

/**
 * Broken links, as `file:line: target (why)`. `files` maps a path relative to the repository root
 * to its text (Markdown) or to null (any other file that exists).
 */
export function findBrokenLinks(files: ReadonlyMap<string, string | null>): string[] {
  const broken: string[] = [];
  for (const [path, text] of files) {
    if (text === null) continue;
    for (const { line, target } of relativeLinks(text)) {
      const [file = '', anchor] = target.split('#', 2);
      const to = file === '' ? path : posix.normalize(posix.join(posix.dirname(path), file));
      const body = files.get(to);
      const why =
        body === undefined
          ? 'no such file'
          : anchor !== undefined && body !== null && !toAnchors(body).has(anchor)
            ? `no heading #${anchor} in ${to}`
            : undefined;
      if (why) broken.push(`${path}:${line}: ${target} (${why})`);
    }
  }
  return broken;
}
