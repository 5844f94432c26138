/** format yaml | xml: the same valuePath rules as JSON, and no way to expand entities or aliases. */
import { MAX_ALIASES, parseXmlBody, parseYamlBody } from '../../lib/metrics/documents.js';
import type { MetricResult } from '../../lib/metrics/types.js';
import { extractMetric } from '../../lib/metrics/values.js';

const read = (format: 'yaml' | 'xml' | 'json', valuePath: string, body: string, more = {}) =>
  extractMetric(
    format === 'json' ? (JSON.parse(body) as unknown) : body,
    { url: 'http://m/x', format, valuePath, ...more },
    'm/x',
  );

const YAML_BODY = 'queue:\n  length: 42\n  shards:\n    - n: 3\n    - n: 4\nlabel: "7"\n';
const XML_BODY =
  '<?xml version="1.0"?><queue><length>42</length><shards><n>3</n><n>4</n></shards>' +
  '<depth unit="msgs">9</depth><label>7</label></queue>';
const JSON_BODY = '{"queue":{"length":42,"shards":[{"n":3},{"n":4}]},"label":"7"}';

describe('valuePath works the same for json, yaml and xml', () => {
  it.each<[string, 'yaml' | 'xml' | 'json', string, string, object, number]>([
    ['json dot path', 'json', JSON_BODY, 'queue.length', {}, 42],
    ['yaml dot path', 'yaml', YAML_BODY, 'queue.length', {}, 42],
    ['xml dot path', 'xml', XML_BODY, 'queue.length', {}, 42],
    ['json JSONPath + sum', 'json', JSON_BODY, '$.queue.shards[*].n', { aggregate: 'sum' }, 7],
    ['yaml JSONPath + sum', 'yaml', YAML_BODY, '$.queue.shards[*].n', { aggregate: 'sum' }, 7],
    ['xml repeated element + sum', 'xml', XML_BODY, '$.queue.shards.n[*]', { aggregate: 'sum' }, 7],
    ['xml attribute', 'xml', XML_BODY, 'queue.depth.@unit', {}, NaN],
    ['xml element text beside attributes', 'xml', XML_BODY, 'queue.depth.#text', {}, 9],
    ['yaml string number', 'yaml', YAML_BODY, 'label', {}, 7],
    ['xml text number', 'xml', XML_BODY, 'queue.label', {}, 7],
  ])('%s', (_, format, body, valuePath, more, expected) => {
    const r = read(format, valuePath, body, more);
    if (Number.isNaN(expected)) expect(r).toMatchObject({ ok: false, kind: 'parse' });
    else expect(r).toEqual({ ok: true, value: expected });
  });
});

// 9^9 "lol"s if expanded: the classic billion laughs, in both languages.
const LOLS = ['lol1', 'lol2', 'lol3', 'lol4', 'lol5', 'lol6', 'lol7', 'lol8', 'lol9'];
const XML_BOMB =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
  LOLS.map((l, i) => `<!ENTITY ${l} "${`&${i === 0 ? 'lol' : LOLS[i - 1]};`.repeat(10)}">`).join(
    '',
  ) +
  ']><lolz><v>&lol9;</v></lolz>';
const XXE =
  '<?xml version="1.0"?><!DOCTYPE v [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><v>&xxe;</v>';
const XXE_LOWER = '<!doctype v [<!entity xxe system "http://127.0.0.1:1/">]><v>&xxe;</v>';
const YAML_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'v: [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
].join('\n');

describe('hostile bodies are refused, not expanded', () => {
  it.each<[string, () => unknown, string]>([
    ['XML billion laughs', () => parseXmlBody(XML_BOMB, 'm/x'), 'DOCTYPE or ENTITY is refused'],
    ['XML external entity (XXE)', () => parseXmlBody(XXE, 'm/x'), 'DOCTYPE or ENTITY is refused'],
    ['XXE in lower case', () => parseXmlBody(XXE_LOWER, 'm/x'), 'DOCTYPE or ENTITY is refused'],
    ['YAML billion laughs', () => parseYamlBody(YAML_BOMB, 'm/x'), `more than ${MAX_ALIASES}`],
    [
      'YAML: more aliases than the limit',
      () =>
        parseYamlBody(
          `a: &a 1\nv: [${Array(MAX_ALIASES + 4)
            .fill('*a')
            .join(',')}]`,
          'm/x',
        ),
      `more than ${MAX_ALIASES}`,
    ],
    ['YAML custom tag', () => parseYamlBody('v: !!js/function "x"', 'm/x'), 'tags other than'],
    ['YAML local tag', () => parseYamlBody('v: !shell 1', 'm/x'), 'tags other than'],
    ['two YAML documents', () => parseYamlBody('v: 1\n---\nv: 2\n', 'm/x'), 'one YAML document'],
    ['YAML syntax error', () => parseYamlBody('v: [1, 2', 'm/x'), 'not YAML'],
    ['XML not well-formed', () => parseXmlBody('<v><n>1</n>', 'm/x'), 'not XML'],
    [
      'XML __proto__ element',
      () => parseXmlBody('<__proto__><a>1</a></__proto__>', 'm/x'),
      'not XML',
    ],
  ])('%s', (_, parse, reason) => {
    const r = parse() as MetricResult;
    expect(r).toMatchObject({ ok: false, kind: 'parse' });
    if (!r.ok) {
      expect(r.message).toContain(reason);
      expect(r.message).not.toMatch(/lol|passwd|shell|js\/function/);
    }
  });

  it('an entity reference without a DTD stays text (nothing is expanded)', () => {
    expect(parseXmlBody('<v>&amp;1</v>', 'm/x')).toEqual({ ok: true, body: { v: '&amp;1' } });
  });

  it('a few aliases are fine', () => {
    const r = parseYamlBody('base: &b 5\nv: *b\n', 'm/x');
    expect(r).toEqual({ ok: true, body: { base: 5, v: 5 } });
  });
});
