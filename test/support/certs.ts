/** A throwaway CA with a server certificate for given DNS names or IPv4 addresses and a client certificate (openssl). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestCerts {
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeCerts(serverNames: readonly string[]): TestCerts {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bs-certs-'));
  const f = (name: string) => path.join(dir, name);
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  try {
    run([
      'req',
      '-x509',
      ...EC,
      '-days',
      '2',
      '-subj',
      '/CN=test-ca',
      '-keyout',
      f('ca.key'),
      '-out',
      f('ca.crt'),
    ]);
    const sign = (name: string, subject: string, ext: string) => {
      run(['req', ...EC, '-subj', subject, '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`)]);
      writeFileSync(f(`${name}.ext`), ext);
      run([
        'x509',
        '-req',
        '-in',
        f(`${name}.csr`),
        '-CA',
        f('ca.crt'),
        '-CAkey',
        f('ca.key'),
        '-CAcreateserial',
        '-days',
        '2',
        '-extfile',
        f(`${name}.ext`),
        '-out',
        f(`${name}.crt`),
      ]);
    };
    const ip = (n: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(n);
    const sans = serverNames.map((n) => (ip(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
    sign(
      'server',
      `/CN=${serverNames[0] ?? 'server'}`,
      `subjectAltName=${sans}\nextendedKeyUsage=serverAuth\n`,
    );
    sign('client', '/CN=business-scaler', 'extendedKeyUsage=clientAuth\n');
    const read = (name: string) => readFileSync(f(name), 'utf8');
    return {
      ca: read('ca.crt'),
      serverCert: read('server.crt'),
      serverKey: read('server.key'),
      clientCert: read('client.crt'),
      clientKey: read('client.key'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
