/**
 * The host's view of a Functions app: what the Azure Functions Node.js worker indexes when it
 * loads an entry file. The worker hands the app `@azure/functions-core` by patching
 * `Module.prototype.require` (azure-functions-nodejs-worker, setupCoreModule); `@azure/functions`
 * requires it lazily, calls `setProgrammingModel` once and `registerFunction(metadata, handler)`
 * for each `app.timer`/`app.http`/…; the host builds its function index from those metadata.
 * STAND_IN below does the same with a recording core API, in a child process on the project's
 * Node 22 (node_modules/.bin/node), so nothing of the test process leaks into the load.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/** One binding of a function, as `@azure/functions` hands it to the worker. */
export interface Binding {
  readonly type: string;
  readonly direction: 'in' | 'out';
  readonly [option: string]: unknown;
}

export interface Registration {
  readonly name: string;
  readonly bindings: Readonly<Record<string, Binding>>;
  /** `typeof handler`: the worker calls it per invocation. */
  readonly handler: string;
}

export interface HostView {
  readonly registered: readonly Registration[];
  /** Every `require()` specifier the loaded code asked for (through the worker's hook). */
  readonly required: readonly string[];
}

// Runs in the child (`node --input-type=module -e`); argv: the entry files to load.
const STAND_IN = `
import Module from 'node:module';
import { pathToFileURL } from 'node:url';
const registered = [];
const required = [];
// Stand-in for the worker's core API (only what @azure/functions calls at load time).
const disposable = { dispose() {} };
const core = {
  version: '3.10.1',
  hostVersion: '4.1037.0',
  setProgrammingModel() {},
  getProgrammingModel() { return undefined; },
  registerHook() { return disposable; },
  log() {},
  registerFunction(metadata, handler) {
    registered.push({ name: metadata.name, bindings: metadata.bindings, handler: typeof handler });
    return disposable;
  },
};
Module.prototype.require = new Proxy(Module.prototype.require, {
  apply(target, thisArg, args) {
    required.push(args[0]);
    return args[0] === '@azure/functions-core' ? core : Reflect.apply(target, thisArg, args);
  },
});
for (const file of process.argv.slice(1)) await import(pathToFileURL(file).href);
process.stdout.write(JSON.stringify({ registered, required }));
`;

export const NODE22 = path.resolve('node_modules/.bin/node');

/** Loads `files` (in order) in one Node 22 process with the stand-in; returns what it saw. */
export async function loadAsHost(files: readonly string[], cwd: string): Promise<HostView> {
  const { stdout } = await promisify(execFile)(
    NODE22,
    ['--input-type=module', '-e', STAND_IN, ...files],
    // No settings of this machine: the app must load (index) without any.
    { cwd, env: { PATH: process.env.PATH ?? '' }, timeout: 20_000 },
  );
  return JSON.parse(stdout) as HostView;
}
