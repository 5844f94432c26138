/**
 * Settings in three places that must agree: what lib/config.ts reads, what infra/ sets as app
 * settings, and the settings table of docs/settings.md. A setting added in one place only fails here, and
 * the failure says what to add where.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type Parser from 'web-tree-sitter';
import { tableCells } from '../../lib/permissions/readme.js';
import { namespaceSettings } from '../../lib/permissions/table.js';
import { descendants, loadParser, parseBicepFile, prop, resources } from '../support/bicep.js';

/** Settings read by something other than lib/config.ts, with what reads them. */
const READ_ELSEWHERE: Readonly<Record<string, string>> = {
  KUBECONFIG: '@kubernetes/client-node (kubeconfig loading)',
  AzureWebJobsStorage__accountName: 'the Functions host (identity-based host storage)',
  AzureWebJobsStorage__credential: 'the Functions host',
  AzureWebJobsStorage__clientId: 'the Functions host',
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'the Functions host (telemetry)',
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'the Functions host (Entra ID telemetry)',
  languageWorkers__node__arguments: 'the Functions host (flags of the Node.js worker)',
};

/** `NAME` of every `(env, 'NAME'`, `env.NAME` and `env['NAME']` in lib/config.ts. */
function settingsReadBy(source: string): string[] {
  const names = [
    ...source.matchAll(/\benv\s*,\s*'([A-Za-z][A-Za-z0-9_]*)'/g),
    ...source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g),
    ...source.matchAll(/\benv\[\s*'([A-Za-z][A-Za-z0-9_]*)'\s*\]/g),
  ].map((m) => m[1]!);
  return [...new Set(names)].sort();
}

/** Setting names (backticked, first column) → default column, of docs/settings.md's `## Settings`. */
function readmeSettings(readme: string): Map<string, string> {
  const start = readme.indexOf('## Settings\n');
  const section = readme.slice(start, readme.indexOf('\n#', start + 1));
  const rows = tableCells(section).slice(1);
  const out = new Map<string, string>();
  for (const [names = '', def = ''] of rows) {
    for (const m of names.matchAll(/`([A-Za-z][A-Za-z0-9_]*)`/g)) out.set(m[1]!, def);
  }
  return out;
}

/** `%NAME%` binding expressions and connection names (`'Name'` before `__…`) in functions/. */
const functionsSource = () =>
  readdirSync('functions')
    .map((f) => readFileSync(`functions/${f}`, 'utf8'))
    .join('\n');

// lib/config.ts, and the settings modules of capabilities that it calls (lib/fanout, lib/lease,
// lib/history).
const config = settingsReadBy(
  [
    'lib/config.ts',
    'lib/fanout/settings.ts',
    'lib/lease/settings.ts',
    'lib/history/blobSettings.ts',
  ]
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n'),
);
const readme = readmeSettings(readFileSync('docs/settings.md', 'utf8'));
let parser: Parser;
let infra: string[] = [];

beforeAll(async () => {
  parser = await loadParser();
  const keys = (obj: ReturnType<typeof prop>) =>
    (obj?.namedChildren ?? [])
      .filter((c) => c.type === 'object_property')
      .map((c) => c.namedChildren[0]!.text.replace(/^'|'$/g, ''));
  const main = parseBicepFile(parser, 'infra/main.bicep');
  const app = main.namedChildren.find(
    (n) => n.type === 'module_declaration' && n.text.includes("'app/function.bicep'"),
  );
  const appObject = app && descendants(app).find((n) => n.type === 'object');
  const fn = parseBicepFile(parser, 'infra/app/function.bicep');
  const settings = resources(fn).find((r) => r.type.startsWith('Microsoft.Web/sites/config@'));
  const union = prop(settings?.body, 'properties');
  const fixed = union && descendants(union).find((n) => n.type === 'object');
  infra = [...keys(prop(appObject, 'params.appSettings')), ...keys(fixed)].sort();
});

describe('settings: lib/config.ts, infra/ and docs/settings.md agree', () => {
  it('finds the settings in all three places', () => {
    expect(config).toEqual(expect.arrayContaining(['METRIC_TIMEOUT_MS', 'SECRETS_NAMESPACES']));
    expect(infra).toEqual(expect.arrayContaining(['AKS_CLUSTERS', 'AZURE_CLIENT_ID']));
    expect(readme.get('METRIC_TIMEOUT_MS')).toBe('`5000`');
  });

  it.each(config)(
    '%s (read by lib/config.ts) is set in infra/ or documented with a default',
    (name) => {
      const inInfra = infra.includes(name);
      const documented = (readme.get(name) ?? '') !== '';
      const fix =
        `${name} is read by lib/config.ts but neither set in infra/ nor listed in docs/settings.md. ` +
        `Add it to \`appSettings\` of the app module in infra/main.bicep (from a @description'd ` +
        `param), or, if it is optional, add a row to docs/settings.md's "## Settings" table: ` +
        `| \`${name}\` | <default, e.g. \`10\`> | <what it does> |`;
      expect(inInfra || documented ? 'ok' : fix).toBe('ok');
    },
  );

  it('every settings row of docs/settings.md is read by something', () => {
    const fns = functionsSource();
    const unread = [...readme.keys()].filter(
      (name) => !config.includes(name) && !(name in READ_ELSEWHERE) && !fns.includes(`%${name}%`),
    );
    const fix = (name: string) =>
      `${name} is in docs/settings.md's settings table but nothing reads it: read it in lib/config.ts ` +
      `or remove the row`;
    expect(unread.map(fix)).toEqual([]);
  });

  it('every app setting set in infra/ is read by something', () => {
    const fns = functionsSource();
    const table = namespaceSettings() as string[];
    const unread = infra.filter((name) => {
      const connection = name.split('__')[0]!;
      // The host's AzureWebJobs.<function>.Disabled: only for a function functions/ registers.
      const disabled = /^AzureWebJobs\.(\w+)\.Disabled$/.exec(name)?.[1];
      return !(
        (disabled !== undefined && new RegExp(`app\\.\\w+\\('${disabled}'`).test(fns)) ||
        config.includes(name) ||
        name in READ_ELSEWHERE ||
        fns.includes(`%${name}%`) ||
        (name.includes('__') && fns.includes(`'${connection}'`)) ||
        table.includes(name) // where the rights of lib/permissions/table.ts are granted
      );
    });
    const fix = (name: string) =>
      `${name} is set in infra/ but nothing reads it: read it in lib/config.ts (and document ` +
      `it in docs/settings.md's settings table) or remove it from infra/`;
    expect(unread.map(fix)).toEqual([]);
  });

  it('the check sees a setting added in one place only', () => {
    const added = settingsReadBy(`readInt(\n  env,\n  'NEW_SETTING_SECONDS',\n  30)`);
    expect(added).toEqual(['NEW_SETTING_SECONDS']);
    expect(infra.includes(added[0]!) || readme.has(added[0]!)).toBe(false);
  });
});
