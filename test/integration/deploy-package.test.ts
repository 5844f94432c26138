/**
 * What `azd deploy` uploads, and what the Functions host indexes from it. One bundle, built once
 * by the same step as `npm run build:bundle` (`bundle()` of scripts/package.ts); then:
 * - azd's view: azure.yaml's `dist` is that folder; it holds host.json and a package.json whose
 *   `main` glob matches the entry files; no node_modules; every import resolves inside it.
 * - the host's view: each entry, loaded from a copy outside the project (no node_modules to fall
 *   back on) under Node 22 with a stand-in for `@azure/functions-core`, registers the functions
 *   below. A new function is one more row of FUNCTIONS.
 */
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { bundle, ENTRY_GLOB, PACKAGE_DIR } from '../../scripts/package.js';
import { loadAsHost, type Binding, type HostView } from '../support/functionsHost.js';

/** The function index the host must build: one row per function. */
const FUNCTIONS: readonly {
  entry: string;
  name: string;
  trigger: Record<string, unknown>;
  output?: Record<string, unknown>;
}[] = [
  {
    entry: 'functions/reconcileTimer.js',
    name: 'reconcileTimer',
    trigger: { type: 'timerTrigger', schedule: '%RECONCILE_SCHEDULE%' },
  },
  {
    entry: 'functions/reconcileHttp.js',
    name: 'reconcile',
    trigger: { type: 'httpTrigger', route: 'reconcile', methods: ['POST'], authLevel: 'function' },
    output: { type: 'http' },
  },
  {
    entry: 'functions/reconcileQueue.js',
    name: 'reconcileQueue',
    trigger: { type: 'queueTrigger', queueName: '%WORK_QUEUE%', connection: 'WorkQueue' },
  },
  {
    entry: 'functions/reconcilePoison.js',
    name: 'reconcilePoison',
    trigger: { type: 'queueTrigger', queueName: '%WORK_QUEUE%-poison', connection: 'WorkQueue' },
  },
];

const dist = path.resolve(PACKAGE_DIR);
/** Every file of the bundle, relative to it, with `/`. */
let files: string[] = [];
let isolated = '';
const views = new Map<string, HostView>();
/** Why an entry failed to load, if it did (reported by the tests, not by beforeAll). */
const loadErrors = new Map<string, string>();

/** `functions/*.js` → a RegExp over relative paths (`*` stays inside one folder). */
const globToRegExp = (glob: string) =>
  new RegExp(
    `^${glob
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]*')}$`,
  );

beforeAll(async () => {
  await bundle();
  files = readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dist, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
  isolated = mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
  cpSync(dist, isolated, { recursive: true });
  for (const { entry } of FUNCTIONS) {
    try {
      views.set(entry, await loadAsHost([path.join(isolated, entry)], isolated));
    } catch (e) {
      loadErrors.set(entry, (e as { stderr?: string }).stderr ?? String(e));
    }
  }
}, 120_000);

afterAll(() => {
  if (isolated) rmSync(isolated, { recursive: true, force: true });
});

describe("azd's view: the folder it uploads", () => {
  it("azure.yaml's dist is the folder the prepackage hook (npm run build:bundle) writes", () => {
    const azd = parseYaml(readFileSync('azure.yaml', 'utf8')) as {
      services: { scaler: { dist: string; hooks: { prepackage: { run: string } } } };
    };
    expect(azd.services.scaler.dist).toBe(PACKAGE_DIR);
    expect(azd.services.scaler.hooks.prepackage.run).toBe('npm run build:bundle');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts['build:bundle']).toMatch(/node dist\/scripts\/package\.js$/);
    expect(existsSync(dist)).toBe(true);
  });

  it('holds host.json and a package.json whose main glob matches exactly the entry files', () => {
    expect(readFileSync(path.join(dist, 'host.json'), 'utf8')).toBe(
      readFileSync('host.json', 'utf8'),
    );
    const pkg = JSON.parse(readFileSync(path.join(dist, 'package.json'), 'utf8')) as {
      main: string;
      type: string;
      dependencies?: unknown;
    };
    expect(pkg).toMatchObject({ main: ENTRY_GLOB, type: 'module' });
    expect(pkg.dependencies).toBeUndefined();
    const entries = files.filter((f) => globToRegExp(pkg.main).test(f)).sort();
    const sources = readdirSync('functions')
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `functions/${f.replace(/\.ts$/, '.js')}`)
      .sort();
    expect(entries).toEqual(sources);
    expect(entries).toEqual(FUNCTIONS.map((f) => f.entry).sort());
  });

  it('holds no node_modules', () => {
    expect(files.filter((f) => f.split('/').includes('node_modules'))).toEqual([]);
  });

  it('every import resolves inside the bundle, except Node built-ins and @azure/functions-core', () => {
    const builtins = new Set(builtinModules);
    const outside: string[] = [];
    const IMPORT =
      /\bimport\s*\(\s*"([^"]+)"\s*\)|\b(?:import|export)\b[\w$\s{},*]*?\bfrom\s*"([^"]+)"|\bimport\s*"([^"]+)"/g;
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(path.join(dist, file), 'utf8');
      for (const m of text.matchAll(IMPORT)) {
        const spec = (m[1] ?? m[2] ?? m[3])!;
        if (spec.startsWith('.')) {
          const target = path.posix.join(path.posix.dirname(file), spec);
          if (!files.includes(target)) outside.push(`${file}: ${spec}`);
        } else if (!builtins.has(spec.replace(/^node:/, ''))) {
          outside.push(`${file}: ${spec}`);
        }
      }
    }
    expect(outside).toEqual([]);
    expect([...loadErrors.values()]).toEqual([]);
    // At load time (from the copy outside the project) only these are required:
    const required = [...views.values()].flatMap((v) => v.required);
    expect(
      required.filter(
        (r) => r !== '@azure/functions-core' && !builtins.has(r.replace(/^node:/, '')),
      ),
    ).toEqual([]);
  });
});

describe("the host's view: the function index", () => {
  it.each(FUNCTIONS)('$entry registers $name', ({ entry, name, trigger, output }) => {
    expect(loadErrors.get(entry)).toBeUndefined();
    const { registered } = views.get(entry)!;
    expect(registered.map((r) => r.name)).toEqual([name]);
    const [fn] = registered;
    expect(fn!.handler).toBe('function');
    const bindings = Object.values(fn!.bindings);
    const inputs = bindings.filter((b: Binding) => b.direction === 'in');
    expect(inputs).toEqual([expect.objectContaining(trigger)]);
    const outputs = bindings.filter((b: Binding) => b.direction === 'out');
    expect(outputs).toEqual(output ? [expect.objectContaining(output)] : []);
  });

  it('every function of the index is in the table (add a row for a new one)', () => {
    const names = [...views.values()].flatMap((v) => v.registered.map((r) => r.name));
    expect(names.sort()).toEqual(FUNCTIONS.map((f) => f.name).sort());
  });
});
