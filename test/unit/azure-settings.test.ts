/** AKS settings, cluster resource IDs and the kubeconfig in a listClusterUserCredential answer. */
import { readKubeconfig } from '../../lib/azure/arm.js';
import { describeCluster, parseClusterId } from '../../lib/azure/clusterId.js';
import { parseSettings } from '../../lib/config.js';

const SUB = '00000000-1111-2222-3333-444444444444';
const id = (rg: string, name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
const CA = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString(
  'base64',
);

describe('parseClusterId', () => {
  it.each([
    [id('rg-a', 'aks1'), 'rg-a/aks1'],
    [id('My.Rg(1)', 'aks_2') + '/', 'My.Rg(1)/aks_2'], // trailing slash dropped
    [id('rg', 'aks').toLowerCase(), 'rg/aks'], // ARM IDs are case-insensitive
  ])('%s → %s', (raw, short) => {
    const parsed = parseClusterId(raw);
    expect(parsed && describeCluster(parsed)).toBe(short);
    expect(parsed?.subscriptionId.toLowerCase()).toBe(SUB);
  });

  it.each([
    ['aks1'],
    [
      `/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/a`,
    ],
    [id('rg', 'aks').replace('managedClusters', 'fleets')],
    [id('rg', 'aks') + '/agentPools/np1'],
    [id('rg', 'aks') + '?api-version=1'],
  ])('rejects %s', (raw) => expect(parseClusterId(raw)).toBeUndefined());
});

describe('parseSettings: AKS', () => {
  it('defaults: no cluster, no endpoint, public ARM', () => {
    const s = parseSettings({});
    expect(s.aksClusters).toEqual([]);
    expect(s.aksEndpoint).toBeUndefined();
    expect(s.armEndpoint).toBe('https://management.azure.com');
    expect(Object.isFrozen(s)).toBe(true);
  });

  it('reads a comma-separated fleet, the identity and ARM endpoint', () => {
    const s = parseSettings({
      AKS_CLUSTERS: ` ${id('rg-a', 'a')} ,${id('rg-b', 'b')},`,
      AZURE_CLIENT_ID: 'client-guid',
      ARM_ENDPOINT: 'http://127.0.0.1:9999',
    });
    expect(s.aksClusters.map(describeCluster)).toEqual(['rg-a/a', 'rg-b/b']);
    expect(s.azureClientId).toBe('client-guid');
    expect(s.armEndpoint).toBe('http://127.0.0.1:9999');
  });

  it('reads AKS_SERVER + AKS_CA_DATA', () => {
    const s = parseSettings({
      AKS_SERVER: 'https://aks-abc.hcp.westeurope.azmk8s.io:443',
      AKS_CA_DATA: CA,
    });
    expect(s.aksEndpoint).toEqual({
      server: 'https://aks-abc.hcp.westeurope.azmk8s.io:443',
      caData: CA,
    });
  });

  it.each([
    [{ AKS_CLUSTERS: 'aks1' }, /AKS_CLUSTERS: not an AKS cluster resource ID/],
    [{ AKS_SERVER: 'https://x' }, /AKS_SERVER and AKS_CA_DATA go together/],
    [{ AKS_CA_DATA: CA }, /go together/],
    [{ AKS_SERVER: 'http://x', AKS_CA_DATA: CA }, /https/],
    [{ AKS_SERVER: 'https://u:p@x', AKS_CA_DATA: CA }, /https/],
    [{ AKS_SERVER: 'https://x/path?q', AKS_CA_DATA: CA }, /https/],
    [{ AKS_SERVER: 'https://x', AKS_CA_DATA: 'not base64!' }, /base64/],
    [
      { AKS_SERVER: 'https://x', AKS_CA_DATA: CA, AKS_CLUSTERS: `${id('a', 'a')},${id('b', 'b')}` },
      /at most one/,
    ],
    [{ ARM_ENDPOINT: 'management.azure.com' }, /ARM_ENDPOINT/],
  ])('%j fails: %s', (env, message) => expect(() => parseSettings(env)).toThrow(message));
});

describe('readKubeconfig (listClusterUserCredential answer)', () => {
  const answer = (kubeconfig: string) => ({
    kubeconfigs: [{ name: 'clusterUser', value: Buffer.from(kubeconfig).toString('base64') }],
  });
  const yaml = (server: string, ca: string) =>
    `apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ${ca}\n    server: ${server}\n  name: aks\nusers:\n- name: u\n  user:\n    exec: {command: kubelogin}\n`;

  it('takes server and CA of the first cluster, ignoring the exec user', () => {
    expect(readKubeconfig(answer(yaml('https://aks.example:443', CA)), 'aks')).toEqual({
      name: 'aks',
      server: 'https://aks.example:443',
      caData: CA,
    });
  });

  it.each([
    ['no kubeconfigs', {}],
    ['value not a string', { kubeconfigs: [{ value: 3 }] }],
    ['not YAML', answer(': : :\n\t- [')],
    ['http server', answer(yaml('http://aks.example', CA))],
    ['no CA', answer(yaml('https://aks.example', "''"))],
  ])('%s → undefined', (_why, body) => expect(readKubeconfig(body, 'aks')).toBeUndefined());
});
