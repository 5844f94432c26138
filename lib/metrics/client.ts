/**
 * The axios clients of metric requests: keep-alive, no environment proxy, and every socket opened
 * by a GuardedHttp(s)Agent, so a request only ever reaches an address its network policy allows.
 * One client per policy (a process has one), one extra https Agent per client-TLS identity.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import axios, { type AxiosInstance } from 'axios';
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
  const client = axios.create({
    adapter: 'http',
    httpAgent: new GuardedHttpAgent(guard, agent),
    httpsAgent: new GuardedHttpsAgent(guard, agent),
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
