/**
 * Fuzzing each body parser with random and adversarial inputs (issue 22): every input ends in a
 * value or a clear error, never a throw, and the parser's work counter stays within its linear
 * bound (JSONPath visits, exposition characters, YAML keys). Inputs are bounded in size.
 */
import fc from 'fast-check';
import YAML from 'yaml';
import { xmlNested } from '../../bench/hostileBodies.js';
import { MAX_DOCUMENT_CHARS, MAX_XML_DEPTH } from '../../lib/metrics/budgets.js';
import { parseXmlBody, parseYamlBody } from '../../lib/metrics/documents.js';
import { parseSelector, selectSamples, type Selector } from '../../lib/metrics/exposition.js';
import { parseJsonPath, selectJsonPath, type Segment } from '../../lib/metrics/jsonpath.js';
import { selectNaively } from '../support/naiveJsonPath.js';

const W = 'm/x';
const fromPieces = (pieces: readonly string[], maxLength: number) =>
  fc.array(fc.constantFrom(...pieces), { maxLength }).map((a) => a.join(''));
/** A random chunk repeated up to `times` times: the shape that exposes superlinear parsers. */
const repeated = (chunk: fc.Arbitrary<string>, times: number) =>
  fc.tuple(chunk, fc.integer({ min: 1, max: times })).map(([c, n]) => c.repeat(n));

function countNodes(value: unknown): number {
  let n = 0;
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    n++;
    if (typeof v === 'object' && v !== null) stack.push(...(Object.values(v) as unknown[]));
  }
  return n;
}

const STEPS = ['..*', '.*', '[*]', '..a', '.a', "['a']", '[0]', '[-1]', '..[0]', '..b', '.b'];
const jsonPath = fromPieces(STEPS, 40).map((s) => '$' + s);
const nested = fc
  .tuple(fc.constantFrom('[', '{"a":'), fc.integer({ min: 1, max: 300 }))
  .map(([open, depth]) => {
    const close = open === '[' ? ']' : '}';
    return JSON.parse(open.repeat(depth) + '1' + close.repeat(depth)) as unknown;
  });
const jsonBody = fc.oneof(fc.jsonValue({ maxDepth: 6 }), nested);

describe('JSONPath fuzzing', () => {
  it('any path text parses to segments or a reason', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fromPieces([...STEPS, '$', '[', "'", '\\', '?'], 20)),
        (p) => {
          const r = parseJsonPath(p);
          expect(typeof r === 'string' || Array.isArray(r)).toBe(true);
        },
      ),
    );
  });

  it('visits at most twice the nodes per step, and selects what a naive walk selects', () => {
    fc.assert(
      fc.property(jsonPath, jsonBody, (path, body) => {
        const segments = parseJsonPath(path) as Segment[];
        const selection = selectJsonPath(body, segments);
        expect(selection.visits).toBeLessThanOrEqual(2 * segments.length * countNodes(body));
        if (!selection.ok) return;
        const sorted = (vs: unknown[]) => vs.map((v) => JSON.stringify(v)).sort();
        expect(sorted(selection.values)).toEqual(sorted(selectNaively(body, segments)));
      }),
      { numRuns: 300 },
    );
  });
});

const PROM_PIECES = ['m', 'm2', 'n', '{', '}', '"', '\\', '=', '!=', ',', 'a', 'l', '1', '.', 'e'];
const PROM_MORE = ['+', '-', ' ', '\t', '\r', '\n', 'x', '# ', 'NaN', '+Inf', '1e3', '2.5'];
const promText = fc.oneof(
  fromPieces([...PROM_PIECES, ...PROM_MORE], 300),
  repeated(fromPieces([...PROM_PIECES, ...PROM_MORE], 12), 5_000),
);

describe('Prometheus text fuzzing', () => {
  it.each(['m', 'm{a="1"}', 'm{a!=""}'])(
    'selector %s: numbers or a reason, each character examined at most twice',
    (s) => {
      const selector = parseSelector(s) as Selector;
      fc.assert(
        fc.property(promText, (text) => {
          const work = { chars: 0, overBudget: false };
          const r = selectSamples(text, selector, work);
          if (typeof r !== 'string') for (const v of r) expect(typeof v).toBe('number');
          expect(work.chars).toBeLessThanOrEqual(2 * (text.length + 1));
        }),
      );
    },
  );

  it('reads back every well-formed sample line', () => {
    const label = fc.tuple(fc.constantFrom('a', 'b_1', 'zone'), fc.string({ maxLength: 8 }));
    const line = fc.tuple(fc.array(label, { maxLength: 3 }), fc.nat(), fc.constantFrom('', ' 17'));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        const esc = (v: string) =>
          v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
        const text = lines
          .map(([ls, v, ts]) => `m{${ls.map(([k, x]) => `${k}="${esc(x)}"`).join(',')}} ${v}${ts}`)
          .join('\n');
        expect(selectSamples(text, parseSelector('m') as Selector)).toEqual(lines.map((l) => l[1]));
      }),
    );
  });
});

const YAML_PIECES = ['a', 'b', ': ', ':', ' ', '  ', '\n', '- ', '[', ']', '{', '}', ', ', '&x '];
const YAML_MORE = ['*x', '!!str ', '!t ', '? ', '"', "'", '# ', '1', '---\n', '|\n', '<<: '];
const yamlText = fc.oneof(
  fromPieces([...YAML_PIECES, ...YAML_MORE], 200),
  repeated(fromPieces([...YAML_PIECES, ...YAML_MORE], 12), 300),
);

describe('YAML fuzzing', () => {
  it('any text is a body or a clear error, with at most one key check per character', () => {
    fc.assert(
      fc.property(yamlText, (text) => {
        const work = { keys: 0, problems: 0 };
        const r = parseYamlBody(text, W, work);
        if (!r.ok) expect(r.message).toMatch(/^m\/x: (response is not|YAML|a YAML|more than)/);
        expect(work.keys).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a mapping written by a YAML library reads back, and refused once a key repeats', () => {
    const key = fc.string({ minLength: 1, maxLength: 6 });
    const map = fc.dictionary(key, fc.oneof(fc.nat(), fc.string({ maxLength: 5 })), {
      minKeys: 1,
    });
    fc.assert(
      fc.property(map, (m) => {
        const text = YAML.stringify(m);
        expect(parseYamlBody(text, W)).toEqual({ ok: true, body: m });
        const first = Object.keys(m)[0]!;
        const repeated = text + YAML.stringify({ [first]: 0 });
        expect(parseYamlBody(repeated, W)).toMatchObject({ ok: false });
      }),
    );
  });
});

const XML_PIECES = ['<a>', '</a>', '<b x="1">', '</b>', '<c/>', '1', '&amp;', '&x;', '<!--', '-->'];
const XML_MORE = ['<![CDATA[', ']]>', '<?p?>', '"', '<', '>', ' ', '\n', '<a', '=', '/'];
const xmlText = fc.oneof(
  fromPieces([...XML_PIECES, ...XML_MORE], 200),
  repeated(fromPieces([...XML_PIECES, ...XML_MORE], 10), 400),
);

describe('XML fuzzing', () => {
  it('any text is a body, "not XML" or over the size budget', () => {
    const tooLong = `${W}: XML body over ${MAX_DOCUMENT_CHARS} characters (budget)`;
    fc.assert(
      fc.property(xmlText, (text) => {
        const r = parseXmlBody(text, W);
        const refusal = text.length > MAX_DOCUMENT_CHARS ? tooLong : `${W}: response is not XML`;
        if (!r.ok) expect(r.message).toBe(refusal);
      }),
      { numRuns: 300 },
    );
  });

  it('nesting parses up to the depth limit and no further', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 * MAX_XML_DEPTH }), (depth) => {
        expect(parseXmlBody(xmlNested(depth), W).ok).toBe(depth <= MAX_XML_DEPTH);
      }),
    );
  });
});
