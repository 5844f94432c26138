/** Files of the test control plane: serving cert, service-account keys, tokens, kubeconfigs. */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** Self-signed EC serving cert for 127.0.0.1 (via openssl), SA key pair, two bearer tokens. */
export function writeCredentials(dir: string) {
  const caFile = path.join(dir, 'apiserver.crt');
  const keyFile = path.join(dir, 'apiserver.key');
  const subject = [
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ];
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'];
  const out = ['-keyout', keyFile, '-out', caFile];
  execFileSync('openssl', ['req', '-x509', ...ec, ...subject, ...out], { stdio: 'ignore' });
  const sa = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  writeFileSync(path.join(dir, 'sa.key'), sa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(path.join(dir, 'sa.pub'), sa.publicKey.export({ type: 'spki', format: 'pem' }));
  const adminToken = randomBytes(16).toString('hex');
  const scalerToken = randomBytes(16).toString('hex');
  const tokenFile = path.join(dir, 'tokens.csv');
  writeFileSync(
    tokenFile,
    `${adminToken},admin,admin,system:masters\n${scalerToken},scaler,scaler\n`,
  );
  return { caFile, keyFile, adminToken, scalerToken, tokenFile };
}

/** A kubeconfig (JSON is YAML) for one token identity, the CA embedded. */
export function writeKubeconfig(
  file: string,
  server: string,
  caData: string,
  user: string,
  token: string,
) {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'local', cluster: { server, 'certificate-authority-data': caData } }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: 'local', context: { cluster: 'local', user, namespace: 'default' } }],
    'current-context': 'local',
  };
  writeFileSync(file, JSON.stringify(config, null, 2)); // JSON is YAML
}
