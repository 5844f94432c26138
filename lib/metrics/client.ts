/**
 * The axios clients of metric requests: keep-alive, no environment proxy, and every socket opened
 * by a GuardedHttp(s)Agent, so a request only ever reaches an address its network policy allows.
 * One client per policy (a process has one), one extra https Agent per client-TLS identity.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import axios, {
  AxiosHeaders,
  type AxiosInstance,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { GuardedHttpAgent, GuardedHttpsAgent, type GuardOptions } from '../net/agent.js';
import { STRICT_POLICY, type NetworkPolicy } from '../net/policy.js';
import type { ClientTls } from './types.js';

const tlsAgents = new WeakMap<AxiosInstance, Map<string, GuardedHttpsAgent>>();
const guards = new WeakMap<AxiosInstance, { guard: GuardOptions; maxSockets: number }>();

/** An axios instance whose agents dial only what `guard.policy` allows. */
export function createHttpClient(
  maxSocketsPerHost = 64,
  guard: GuardOptions = { policy: STRICT_POLICY },
): AxiosInstance {
  const agent = { keepAlive: true, maxSockets: maxSocketsPerHost };
  // Everything that is the same for every request is set once here, so a request passes only
  // what varies (axios merges the two per request; fewer keys, less work).
  const client = axios.create({
    adapter: 'http',
    httpAgent: new GuardedHttpAgent(guard, agent),
    httpsAgent: new GuardedHttpsAgent(guard, agent),
    maxRedirects: 0,
    proxy: false,
    decompress: true,
    responseType: 'text',
    responseEncoding: 'utf8',
    transformRequest: [],
    transformResponse: [],
    validateStatus: null,
  });
  guards.set(client, { guard, maxSockets: maxSocketsPerHost });
  tlsAgents.set(client, new Map());
  return client;
}

/** The https Agent presenting `tls` (client certificate and/or private CA), made once. */
export function httpsAgentFor(client: AxiosInstance, tls: ClientTls): http.Agent | undefined {
  const made = guards.get(client);
  const agents = tlsAgents.get(client);
  if (!made || !agents) return undefined;
  const id = createHash('sha256')
    .update(JSON.stringify([tls.ca, tls.cert, tls.key]))
    .digest('hex');
  let agent = agents.get(id);
  if (!agent) {
    const { ca, cert, key } = tls;
    agent = new GuardedHttpsAgent(made.guard, {
      keepAlive: true,
      maxSockets: made.maxSockets,
      ...(ca === undefined ? {} : { ca }),
      ...(cert === undefined ? {} : { cert }),
      ...(key === undefined ? {} : { key }),
    });
    agents.set(id, agent);
  }
  return agent;
}

/** Closes the pooled sockets of a client made by `createHttpClient`. */
export function destroyHttpClient(client: AxiosInstance): void {
  const extra = [...(tlsAgents.get(client)?.values() ?? [])];
  for (const agent of [client.defaults.httpAgent, client.defaults.httpsAgent, ...extra]) {
    if (agent instanceof http.Agent) agent.destroy();
  }
}

const byPolicy = new WeakMap<NetworkPolicy, AxiosInstance>();

/** The process-wide client of a policy (settings are parsed once, so there is one). */
export function clientFor(policy: NetworkPolicy = STRICT_POLICY): AxiosInstance {
  let client = byPolicy.get(policy);
  if (!client) {
    client = createHttpClient(64, { policy });
    byPolicy.set(policy, client);
  }
  return client;
}

/** What varies from one metric request to the next; everything else is the instance's. */
export interface MetricRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly data?: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The request's one deadline (connect + headers + body). */
  readonly signal: AbortSignal;
  readonly maxBytes: number;
  readonly httpsAgent?: http.Agent;
}

type Send = (req: MetricRequest) => Promise<AxiosResponse<string>>;
const senders = new WeakMap<AxiosInstance, Send>();

/**
 * axios the cheap way: the instance's options are flattened once, and each request goes
 * straight to its http adapter (the one `client.request` would call, with the same options),
 * so no per-request config merge, header-default merge or interceptor chain. The adapter keeps
 * doing all that matters: the agents (network guard), no redirects, no proxy, decompression
 * and the decompressed-size cap, and the abort signal. No axios `timeout`: the signal is the
 * request's whole deadline, and `timeout` would add two timers of its own per request.
 */
export function senderFor(client: AxiosInstance): Send {
  let send = senders.get(client);
  if (send) return send;
  // The instance's default headers are replaced per request, as `headers` below.
  const defaults: Omit<typeof client.defaults, 'headers'> = { ...client.defaults };
  delete (defaults as Partial<typeof client.defaults>).headers;
  const adapter = axios.getAdapter(defaults.adapter);
  send = (req) => {
    const config = {
      ...defaults,
      url: req.url,
      method: req.method,
      data: req.data,
      headers: new AxiosHeaders(req.headers),
      signal: req.signal,
      maxContentLength: req.maxBytes,
      maxBodyLength: req.maxBytes,
      ...(req.httpsAgent && { httpsAgent: req.httpsAgent }),
    } as InternalAxiosRequestConfig;
    return adapter(config) as Promise<AxiosResponse<string>>;
  };
  senders.set(client, send);
  return send;
}
