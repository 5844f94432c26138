/** Command-line flags of the control plane's etcd and kube-apiserver (tools/controlPlane.ts). */
import path from 'node:path';

export function etcdFlags(dir: string, etcdUrl: string, peerUrl: string): Record<string, string> {
  return {
    'data-dir': path.join(dir, 'etcd-data'),
    'listen-client-urls': etcdUrl,
    'advertise-client-urls': etcdUrl,
    'listen-peer-urls': peerUrl,
    'initial-advertise-peer-urls': peerUrl,
    'initial-cluster': `default=${peerUrl}`,
  };
}

export function apiServerFlags(
  dir: string,
  etcdUrl: string,
  apiPort: number,
  files: { caFile: string; keyFile: string; tokenFile: string },
  opts: { featureGates?: string },
): Record<string, string> {
  const { caFile, keyFile, tokenFile } = files;
  return {
    'etcd-servers': etcdUrl,
    'bind-address': '127.0.0.1',
    'advertise-address': '127.0.0.1',
    'secure-port': String(apiPort),
    'tls-cert-file': caFile,
    'tls-private-key-file': keyFile,
    'service-account-issuer': 'https://kubernetes.default.svc',
    'service-account-key-file': path.join(dir, 'sa.pub'),
    'service-account-signing-key-file': path.join(dir, 'sa.key'),
    'token-auth-file': tokenFile,
    'authorization-mode': 'RBAC',
    'service-cluster-ip-range': '10.96.0.0/24',
    'endpoint-reconciler-type': 'none',
    'disable-admission-plugins': 'ServiceAccount',
    ...(opts.featureGates !== undefined && { 'feature-gates': opts.featureGates }),
  };
}
