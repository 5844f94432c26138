/**
 * Local stand-ins for Azure endpoints, on 127.0.0.1: a managed identity endpoint
 * (`$IDENTITY_ENDPOINT`, App Service / Functions protocol) and ARM's
 * `listClusterUserCredential`; plus a scriptable TokenCredential.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import { startFakeServer, type FakeServer } from '../../tools/azureEndpoints.js';

export {
  startFakeServer,
  startIdentityEndpoint,
  type FakeServer,
} from '../../tools/azureEndpoints.js';

/** ARM: `POST <clusterId>/listClusterUserCredential` with `Bearer <armToken>` → a kubeconfig. */
export function startFakeArm(
  armToken: string,
  clusters: Record<string, { server: string; caData: string } | number>,
): Promise<FakeServer> {
  return startFakeServer((req, url) => {
    const m = /^(.*)\/listClusterUserCredential$/.exec(url.pathname);
    if (req.method !== 'POST' || !m?.[1]) return { status: 404, body: {} };
    if (req.headers.authorization !== `Bearer ${armToken}`) {
      return { status: 401, body: { error: { code: 'InvalidAuthenticationToken' } } };
    }
    const answer = clusters[m[1].toLowerCase()];
    if (answer === undefined) return { status: 404, body: { error: { code: 'ResourceNotFound' } } };
    if (typeof answer === 'number') {
      return {
        status: answer,
        body: { error: { code: 'AuthorizationFailed', message: `${armToken} secret detail` } },
      };
    }
    const kubeconfig = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: aks\n  cluster:\n    server: ${answer.server}\n    certificate-authority-data: ${answer.caData}`,
      'users:',
      '- name: clusterUser\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: kubelogin',
    ].join('\n');
    const value = Buffer.from(kubeconfig).toString('base64');
    return { status: 200, body: { kubeconfigs: [{ name: 'clusterUser', value }] } };
  });
}

/** A TokenCredential whose answer per scope the test sets; records every call. */
export class ScriptedCredential implements TokenCredential {
  readonly calls: { scope: string; token: string }[] = [];
  constructor(
    public answer: (scope: string) => string,
    private readonly now: () => number = Date.now,
  ) {}
  getToken(scopes: string | string[]): Promise<AccessToken> {
    const scope = String(scopes);
    const token = this.answer(scope);
    this.calls.push({ scope, token });
    return Promise.resolve({ token, expiresOnTimestamp: this.now() + 3_600_000 });
  }
  tokensFor(scope: string): string[] {
    return this.calls.filter((c) => c.scope === scope).map((c) => c.token);
  }
}
