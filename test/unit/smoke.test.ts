import { KubeConfig } from '@kubernetes/client-node';
it('loads client-node under Node 22 ESM', () => {
  expect(process.versions.node.split('.')[0]).toBe('22');
  expect(typeof KubeConfig).toBe('function');
});
