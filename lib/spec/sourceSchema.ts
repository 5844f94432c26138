/** CRD schema of `metrics[].http` and `metrics[].prometheus` (the parser: parseSource.ts). */
import { SOURCE_RULES, SPEC_DEFAULTS, STRING_RULES } from './rules.js';
import { AUTH, HEADER_NAME } from './authSchema.js';
import { describeString, type JsonSchema } from './schemaTypes.js';

export const HTTP_SOURCE: JsonSchema = {
  type: 'object',
  description: 'Where to read the metric: an http(s) endpoint (GET, or POST with a JSON body).',
  required: ['url'],
  properties: {
    url: describeString('http(s) URL of the metric endpoint.', STRING_RULES.url),
    method: { type: 'string', enum: ['GET', 'POST'], description: 'Default GET.' },
    body: {
      type: 'string',
      description: 'JSON text sent with POST (a string, so the schema stays structural).',
      maxLength: SOURCE_RULES.maxBodyBytes,
    },
    format: {
      type: 'string',
      enum: [...SOURCE_RULES.formats],
      description:
        'json (default), text (the body is one number), prometheus (exposition format), ' +
        'yaml (core schema, no custom tags) or xml (no DOCTYPE/entities; attributes as @name).',
    },
    valuePath: {
      ...describeString(
        'json, yaml, xml: dot path (data.items.0.count) or JSONPath ($.items[*].count, no filters); ' +
          'prometheus: series selector (orders_total{region="eu"}).',
        SOURCE_RULES.valuePath,
      ),
      default: SPEC_DEFAULTS.valuePath,
    },
    aggregate: {
      type: 'string',
      enum: [...SOURCE_RULES.aggregates],
      description: 'How several selected values become one; without it, several are an error.',
    },
    headers: {
      type: 'array',
      maxItems: SOURCE_RULES.maxHeaders,
      items: {
        type: 'object',
        required: ['name', 'value'],
        properties: {
          name: HEADER_NAME,
          value: {
            type: 'string',
            maxLength: 4096,
            description: 'Plain value (use auth for secrets).',
          },
        },
      },
    },
    auth: AUTH,
    fromServiceEndpoints: {
      type: 'object',
      description:
        "Read url's scheme, path and query from every ready endpoint of a Service (its " +
        'EndpointSlices) instead of the host, and aggregate. The namespace must be listed in ' +
        'the setting ENDPOINTS_NAMESPACES; pod IPs must be allowed by METRIC_ALLOWED_NETWORKS.',
      required: ['service', 'namespace', 'port', 'aggregate'],
      properties: {
        service: describeString('Service name.', SOURCE_RULES.serviceName),
        namespace: describeString('Namespace of the Service.', STRING_RULES.namespace),
        port: {
          type: 'integer',
          format: 'int32',
          minimum: 1,
          maximum: 65535,
          description: 'Port on each endpoint (the pod port).',
        },
        aggregate: {
          type: 'string',
          enum: [...SOURCE_RULES.aggregates],
          description: "How the endpoints' values become one.",
        },
      },
    },
  },
};

export const PROMETHEUS_SOURCE: JsonSchema = {
  type: 'object',
  description: 'An instant query against a Prometheus server; exactly one series must come back.',
  required: ['serverAddress', 'query'],
  properties: {
    serverAddress: describeString(
      'Base URL, e.g. https://prometheus.example:9090.',
      STRING_RULES.url,
    ),
    query: describeString('PromQL, e.g. sum(rate(orders_total[2m])).', SOURCE_RULES.query),
    auth: AUTH,
  },
};
