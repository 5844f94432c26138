/**
 * Duplicate mapping keys in a YAML document, found in one walk. The `yaml` package's own
 * `uniqueKeys` check compares each new key with every earlier key of its mapping (quadratic:
 * 74,000 keys cost about a minute of CPU), so it is off and this walk, with one Set per mapping,
 * takes its place. Scalar keys are equal when their values are (`1` and `"1"` differ, as in
 * `yaml`); other keys (collections, aliases) only when they are the same node.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';

/** Why the keys are refused (a duplicate), or undefined; `work.keys` counts the keys checked. */
export function findKeyProblem(doc: Document, work: { keys: number }): string | undefined {
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) continue; // its anchor is walked where it is defined
    if (isPair(node)) {
      stack.push(node.key, node.value);
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        work.keys++;
        const key: unknown = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) return 'a YAML mapping repeats a key';
        seen.add(key);
        stack.push(pair.key, pair.value);
      }
    }
  }
  return undefined;
}
