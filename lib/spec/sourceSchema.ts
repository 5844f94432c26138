/** CRD schema of `metrics[].http` and `metrics[].prometheus` (the parser: parseSource.ts). */
import { SOURCE_RULES, SPEC_DEFAULTS, STRING_RULES } from './rules.js';
import { describeString, type JsonSchema } from './schemaTypes.js';

const HEADER_NAME: JsonSchema = {
  type: 'string',
  description:
    'Header name. Not Host, Authorization, Cookie, Metadata, X-IDENTITY-HEADER, ' +
    'Forwarded/X-Forwarded-*, Proxy-* or hop-by-hop headers.',
  maxLength: 64,
  pattern: "^[-!#$%&'*+.^_`|~0-9A-Za-z]+$",
};

const SECRET_KEY_REF: JsonSchema = {
  type: 'object',
  description:
    'A key of a Secret in a namespace of the setting SECRETS_NAMESPACES (default: the first). ' +
    'Sent only to hosts listed in the Secret annotation scaling.example.com/allowed-hosts.',
  required: ['name', 'key'],
  properties: {
    name: describeString('Secret name.', STRING_RULES.name),
    key: describeString('Key in the Secret data.', SOURCE_RULES.secretKey),
    namespace: describeString('Secret namespace.', STRING_RULES.namespace),
  },
};

export const AUTH: JsonSchema = {
  type: 'object',
  description: 'Credentials: Secret-backed headers, an Entra ID or OAuth2 token and/or client TLS.',
  properties: {
    headers: {
      type: 'array',
      maxItems: SOURCE_RULES.maxHeaders,
      items: {
        type: 'object',
        required: ['name', 'secretKeyRef'],
        properties: { name: HEADER_NAME, secretKeyRef: SECRET_KEY_REF },
      },
    },
    azure: {
      type: 'object',
      description:
        'Authorization: Bearer from the function identity. The scope must be listed in the ' +
        'setting METRIC_AZURE_SCOPES; the token is sent only over https to the scope host or its subdomains.',
      required: ['scope'],
      properties: {
        scope: describeString(
          'e.g. https://prometheus.monitor.azure.com/.default',
          SOURCE_RULES.azureScope,
        ),
      },
    },
    oauth2: {
      type: 'object',
      description:
        'Authorization: Bearer from an OAuth2 client-credentials token (not with azure). The ' +
        "client secret's Secret must list the token URL's host; the token is sent only with " +
        'this request. Tokens are cached until shortly before they expire.',
      required: ['tokenUrl', 'clientId', 'clientSecretRef'],
      properties: {
        tokenUrl: describeString('http(s) URL of the token endpoint.', STRING_RULES.url),
        clientId: describeString('OAuth2 client id.', SOURCE_RULES.clientId),
        clientSecretRef: SECRET_KEY_REF,
        scopes: {
          type: 'array',
          maxItems: SOURCE_RULES.maxScopes,
          items: describeString('A scope.', SOURCE_RULES.oauth2Scope),
        },
      },
    },
    tls: {
      type: 'object',
      description:
        'Client TLS from a Secret (tls.crt + tls.key, ca.crt), bound to hosts like headers.',
      required: ['secretName'],
      properties: {
        secretName: describeString('Secret name.', STRING_RULES.name),
        namespace: describeString('Secret namespace.', STRING_RULES.namespace),
      },
    },
  },
};

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
