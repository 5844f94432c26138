/**
 * `business-scaler from-keda <scaledobject.yaml>`: the equivalent BusinessScaling on stdout, one
 * line per thing that could not be carried over on stderr (`file:line: …`).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { convertKeda, hasDropped, renderResources } from '../keda/convert.js';
import { formatNote } from '../keda/notes.js';

/** 0 converted completely; 3 converted, but something was not carried over (see stderr). */
export const FROM_KEDA_EXIT = { converted: 0, failed: 1, usage: 2, partial: 3 } as const;

export interface FromKedaCommand {
  readonly command: 'from-keda';
  /** A path, or `-` for stdin. */
  readonly file: string;
  readonly namespace?: string;
  readonly observe: boolean;
}

export const FROM_KEDA_USAGE = `       business-scaler from-keda <scaledobject.yaml | -> [--namespace <ns>] [--observe]

  from-keda           print the BusinessScaling equivalent to each ScaledObject of the file
                      (TriggerAuthentications and Secrets in the same file are read for auth);
                      what cannot be carried over is listed on stderr as file:line: …
                      --namespace: of a ScaledObject that names none (default "default");
                      --observe: add mode: Observe, to run beside the ScaledObject first
                      exit 0 converted completely, 1 unreadable or no ScaledObject, 2 usage,
                      3 converted but something was not carried over`;

/** Throws a plain Error with a usage message; the caller maps it to its UsageError. */
export function parseFromKedaArgs(args: readonly string[]): FromKedaCommand {
  const { values, positionals } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: true,
    options: { namespace: { type: 'string', short: 'n' }, observe: { type: 'boolean' } },
  });
  if (positionals.length !== 1)
    throw new Error('from-keda needs exactly one file (or - for stdin)');
  return {
    command: 'from-keda',
    file: positionals[0]!,
    ...(values.namespace !== undefined && { namespace: values.namespace }),
    observe: values.observe === true,
  };
}

interface Io {
  out(text: string): void;
  err(text: string): void;
}

export function runFromKeda(
  cmd: FromKedaCommand,
  io: Io,
  stdin = () => readFileSync(0, 'utf8'),
): number {
  const name = cmd.file === '-' ? '<stdin>' : cmd.file;
  let conversion;
  try {
    const text = cmd.file === '-' ? stdin() : readFileSync(cmd.file, 'utf8');
    conversion = convertKeda(text, { namespace: cmd.namespace, observe: cmd.observe });
  } catch (err) {
    io.err(`from-keda: ${name}: ${err instanceof Error ? err.message : String(err)}`);
    return FROM_KEDA_EXIT.failed;
  }
  for (const note of conversion.notes) io.err(formatNote(name, note));
  if (conversion.resources.length === 0) {
    io.err(`from-keda: ${name}: no ScaledObject found`);
    return FROM_KEDA_EXIT.failed;
  }
  io.out(renderResources(conversion, name).trimEnd());
  return hasDropped(conversion) ? FROM_KEDA_EXIT.partial : FROM_KEDA_EXIT.converted;
}
