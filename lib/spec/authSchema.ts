/** CRD schema of a metric source's `auth` (the parser: parseAuth.ts). */
import { SOURCE_RULES, STRING_RULES } from './rules.js';
import { describeString, type JsonSchema } from './schemaTypes.js';

export const HEADER_NAME: JsonSchema = {
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
        "client secret's Secret must list both the token URL's host and this request's host; " +
        'the token is sent only with this request. Tokens are cached until shortly before they ' +
        'expire, for at most an hour.',
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
