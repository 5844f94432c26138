/**
 * format yaml | xml against a real server on 127.0.0.1: the body goes through the same fetch
 * (network guard, size cap, no redirects) and then the same valuePath rules as JSON. Hostile
 * bodies (billion laughs, XXE) come back as parse failures that quote nothing of the body.
 */
import http from 'node:http';
import { MetricReader } from '../../lib/metrics/reader.js';
import { createPolicy } from '../../lib/net/policy.js';
import type { HttpMetricSource } from '../../lib/spec/types.js';
import { useLoopbackServer, useTripwire } from '../support/builders/servers.js';

const BODIES: Record<string, [string, string]> = {
  '/q.yaml': ['application/yaml', 'queue:\n  length: 42\n  shards: [{n: 3}, {n: 4}]\n'],
  '/q.xml': [
    'application/xml',
    '<?xml version="1.0"?><queue><length>42</length><n>3</n><n>4</n></queue>',
  ],
  '/bomb.xml': [
    'application/xml',
    '<!DOCTYPE l [<!ENTITY a "secretlol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><l><v>&b;</v></l>',
  ],
  '/xxe.xml': [
    'text/xml',
    '<!DOCTYPE v [<!ENTITY x SYSTEM "http://127.0.0.1:9/steal">]><v>&x;</v>',
  ],
  '/bomb.yaml': [
    'text/yaml',
    `a: &a [secretlol, secretlol]\nv: [${Array(40).fill('*a').join(', ')}]\n`,
  ],
};

const accepts: string[] = [];
const server = http.createServer((req, res) => {
  accepts.push(req.headers.accept ?? '');
  const found = BODIES[new URL(req.url ?? '/', 'http://x').pathname];
  if (!found) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': found[0] }).end(found[1]);
});

const tripwire = useTripwire();
const base = useLoopbackServer(server);
const reader = () =>
  new MetricReader({
    timeoutMs: 3000,
    maxBytes: 1 << 20,
    concurrency: 4,
    network: createPolicy('127.0.0.0/8'),
  });

afterEach(() => expect(tripwire().stopped.splice(0)).toEqual([]));

const at = (path: string, extra: Partial<HttpMetricSource>): HttpMetricSource => ({
  url: `${base()}${path}`,
  valuePath: 'value',
  ...extra,
});

describe('yaml and xml bodies', () => {
  it.each<[string, () => HttpMetricSource, number]>([
    ['yaml, dot path', () => at('/q.yaml', { format: 'yaml', valuePath: 'queue.length' }), 42],
    [
      'yaml, JSONPath sum',
      () => at('/q.yaml', { format: 'yaml', valuePath: '$.queue.shards[*].n', aggregate: 'sum' }),
      7,
    ],
    ['xml, dot path', () => at('/q.xml', { format: 'xml', valuePath: 'queue.length' }), 42],
    [
      'xml, repeated element max',
      () => at('/q.xml', { format: 'xml', valuePath: '$.queue.n[*]', aggregate: 'max' }),
      4,
    ],
  ])('%s', async (_, source, value) => {
    expect(await reader().read(source())).toEqual({ ok: true, value });
  });

  it('asks for the format it reads', async () => {
    accepts.length = 0;
    await reader().read(at('/q.yaml', { format: 'yaml', valuePath: 'queue.length' }));
    await reader().read(at('/q.xml', { format: 'xml', valuePath: 'queue.length' }));
    expect(accepts).toEqual([
      expect.stringMatching(/^application\/yaml/),
      expect.stringMatching(/^application\/xml/),
    ]);
  });

  it.each<[string, string, 'yaml' | 'xml', string]>([
    ['XML billion laughs', '/bomb.xml', 'xml', 'XML with a DOCTYPE or ENTITY is refused'],
    ['XML external entity', '/xxe.xml', 'xml', 'XML with a DOCTYPE or ENTITY is refused'],
    ['YAML alias bomb', '/bomb.yaml', 'yaml', 'more than 16 YAML aliases'],
  ])('%s is refused without quoting the body', async (_, path, format, reason) => {
    const before = accepts.length;
    const r = await reader().read(at(path, { format, valuePath: 'v' }));
    expect(r).toEqual({
      ok: false,
      kind: 'parse',
      message: `${base().slice(7)}${path}: ${reason}`,
    });
    expect(accepts.length).toBe(before + 1); // the external entity was never fetched
  });
});
