/**
 * The work budgets of every parser over a metric body (input a resource controls), in one place.
 * Each parser is linear in its input and counts its work; past a budget the metric fails with a
 * `too-large` result that names the budget, never a throw. docs/budgets.md states each budget and
 * the longest event-loop hold measured at it (`npm run bench:parsers`).
 *
 * The body itself is capped first (`metricMaxBytes`, 1 MiB by default), so a budget bounds the
 * work a capped body may still cause: the number of JSONPath steps times the nodes of the body.
 */

/**
 * JSONPath: nodes examined over all steps of one path (at most twice the nodes of the body per
 * step). A 1 MiB body has at most 524,288 nodes, so one `..` over the largest body fits.
 */
export const MAX_JSONPATH_VISITS = 1_000_000;

/** Values one selection may produce (JSONPath, dot path array, Prometheus samples). */
export const MAX_SELECTED_VALUES = 1_000_000;

/**
 * YAML and XML: characters of a body. Their parsers (the `yaml` package, fast-xml-parser) are
 * linear but slow, several µs of CPU a byte: a 1 MiB body held the event loop for seconds. A
 * metric document is a few hundred bytes; past this it is refused before parsing.
 */
export const MAX_DOCUMENT_CHARS = 16 * 1024;

/** YAML: alias expansions (`*a`); more is refused as an alias bomb ("billion laughs"). */
export const MAX_ALIASES = 16;

/** XML: element nesting depth; 64 levels parse, 65 are refused. */
export const MAX_XML_DEPTH = 64;

/** Prometheus text: characters the scanner may examine (each at most twice); the body cap bounds it. */
export const MAX_EXPOSITION_CHARS = 2 * 1024 * 1024;
