import { extractValue, parseBody } from '../../lib/metrics/extract.js';
import { describeUrl } from '../../lib/metrics/redact.js';

const WHERE = 'metrics.example.com/api/users';

describe('describeUrl', () => {
  it.each([
    ['plain https', 'https://metrics.example.com/api/users', 'metrics.example.com/api/users'],
    ['keeps a non-default port', 'http://127.0.0.1:8080/m', '127.0.0.1:8080/m'],
    ['drops a default port', 'https://metrics.example.com:443/m', 'metrics.example.com/m'],
    ['drops userinfo', 'https://user:pa55word@metrics.example.com/m', 'metrics.example.com/m'],
    [
      'drops the query',
      'https://metrics.example.com/m?api_key=s3cr3t&x=1',
      'metrics.example.com/m',
    ],
    ['drops the fragment', 'https://metrics.example.com/m#token=s3cr3t', 'metrics.example.com/m'],
    ['all at once', 'http://u:p@h.example:81/a/b?api_key=s3cr3t#f', 'h.example:81/a/b'],
    ['IPv6 host', 'http://[::1]:9000/m?k=v', '[::1]:9000/m'],
    ['no path', 'https://metrics.example.com?api_key=s3cr3t', 'metrics.example.com/'],
    ['not a URL', 'metrics.example.com/m?api_key=s3cr3t', '<invalid url>'],
    ['empty', '', '<invalid url>'],
    ['garbage with secret', 'http://exa mple.com/?api_key=s3cr3t', '<invalid url>'],
  ])('%s', (_name, url, expected) => {
    const described = describeUrl(url);
    expect(described).toBe(expected);
    expect(described).not.toMatch(/s3cr3t|pa55word/);
  });
});

describe('extractValue', () => {
  it.each([
    ['top-level number', { active_users: 42 }, 'active_users', 42],
    ['nested', { data: { active_users: 7 } }, 'data.active_users', 7],
    ['array index', { items: [{ count: 1 }, { count: 9 }] }, 'items.1.count', 9],
    ['digit key on an object', { a: { '0': 5 } }, 'a.0', 5],
    ['zero', { n: 0 }, 'n', 0],
    ['negative zero reads as 0', { n: -0 }, 'n', 0],
    ['fraction', { n: 3.5 }, 'n', 3.5],
    ['decimal string', { n: '42' }, 'n', 42],
    ['decimal string with fraction', { n: '3.5' }, 'n', 3.5],
    ['decimal string with spaces', { n: ' 7 ' }, 'n', 7],
    ['leading zeros', { n: '007' }, 'n', 7],
    ['empty path is the whole body', 12, '', 12],
  ])('accepts %s', (_name, body, path, expected) => {
    expect(extractValue(body, path, WHERE)).toEqual({ ok: true, value: expected });
  });

  const notNumber = (type: string, path = 'n') =>
    `${WHERE}: value at "${path}" is not a number (${type})`;
  it.each([
    ['NaN', { n: NaN }, 'n', `${WHERE}: value at "n" is not a finite number`],
    ['Infinity', { n: Infinity }, 'n', `${WHERE}: value at "n" is not a finite number`],
    [
      '1e400 from JSON',
      JSON.parse('{"n":1e400}'),
      'n',
      `${WHERE}: value at "n" is not a finite number`,
    ],
    [
      'a huge digit string',
      { n: '9'.repeat(400) },
      'n',
      `${WHERE}: value at "n" is not a finite number`,
    ],
    ['negative', { n: -1 }, 'n', `${WHERE}: value at "n" is negative`],
    ['word string', { n: 'abc' }, 'n', notNumber('string')],
    ['empty string', { n: '' }, 'n', notNumber('string')],
    ['blank string', { n: '   ' }, 'n', notNumber('string')],
    ['negative string', { n: '-1' }, 'n', notNumber('string')],
    ['plus-signed string', { n: '+1' }, 'n', notNumber('string')],
    ['hex string', { n: '0x10' }, 'n', notNumber('string')],
    ['exponent string', { n: '1e3' }, 'n', notNumber('string')],
    ['"Infinity" string', { n: 'Infinity' }, 'n', notNumber('string')],
    ['"NaN" string', { n: 'NaN' }, 'n', notNumber('string')],
    ['leading-dot string', { n: '.5' }, 'n', notNumber('string')],
    ['trailing-dot string', { n: '5.' }, 'n', notNumber('string')],
    ['comma string', { n: '1,000' }, 'n', notNumber('string')],
    ['null', { n: null }, 'n', notNumber('null')],
    ['boolean', { n: true }, 'n', notNumber('boolean')],
    ['array', { n: [1] }, 'n', notNumber('array')],
    ['object', { n: { v: 1 } }, 'n', notNumber('object')],
    ['missing field', { m: 1 }, 'n', `${WHERE}: no field at "n"`],
    ['missing nested field', { a: { b: 1 } }, 'a.c', `${WHERE}: no field at "a.c"`],
    ['path through a number', { a: 1 }, 'a.b', `${WHERE}: no field at "a.b"`],
    ['index out of range', { items: [1] }, 'items.1', `${WHERE}: no field at "items.1"`],
    ['name on an array', { items: [1, 2] }, 'items.length', `${WHERE}: no field at "items.length"`],
    ['prototype property', {}, 'constructor.length', `${WHERE}: no field at "constructor.length"`],
    ['__proto__', {}, '__proto__', `${WHERE}: no field at "__proto__"`],
    ['body is null', null, 'n', `${WHERE}: no field at "n"`],
    ['empty segment', { a: { b: 1 } }, 'a..b', `${WHERE}: invalid value path "a..b"`],
    ['trailing dot', { a: 1 }, 'a.', `${WHERE}: invalid value path "a."`],
  ])('rejects %s', (_name, body, path, message) => {
    expect(extractValue(body, path, WHERE)).toEqual({ ok: false, kind: 'parse', message });
  });

  it('never echoes a string value', () => {
    const result = extractValue({ n: 's3cr3t-value' }, 'n', WHERE);
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('s3cr3t');
  });
});

describe('parseBody', () => {
  it.each([
    ['an object', '{"active_users":42}', 'application/json', { active_users: 42 }],
    ['with charset', '{"a":1}', 'application/json; charset=utf-8', { a: 1 }],
    ['JSON sent as text/plain', '{"a":1}', 'text/plain', { a: 1 }],
    ['no content type', '[1,2]', undefined, [1, 2]],
    ['a bare number', '42', undefined, 42],
    ['surrounding whitespace', '\n {"a":1} \n', 'application/json', { a: 1 }],
  ])('parses %s', (_name, text, contentType, body) => {
    expect(parseBody(text, contentType, WHERE)).toEqual({ ok: true, body });
  });

  it.each([
    ['garbage', 'not json {{ s3cr3t', 'application/json'],
    ['empty', '', 'application/json'],
    ['truncated JSON', '{"a":', 'application/json'],
    ['an HTML page', '<html><body>s3cr3t</body></html>', 'text/html; charset=utf-8'],
    ['HTML with a JSON body', '{"a":1}', 'text/html'],
    ['XHTML', '{"a":1}', 'application/xhtml+xml'],
    ['HTML without a content type', '<!doctype html><p>s3cr3t</p>', undefined],
  ])('rejects %s without echoing it', (_name, text, contentType) => {
    const result = parseBody(text, contentType, WHERE);
    expect(result).toEqual({ ok: false, kind: 'parse', message: `${WHERE}: response is not JSON` });
  });
});
