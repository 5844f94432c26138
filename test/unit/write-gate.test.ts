/**
 * The run's write gate is asked by the REST adapter itself, before each try of each write: a
 * retry after the deadline is not sent (and says an earlier try may have landed); reads and the
 * Lease's own requests are not gated. A scripted Transport stands in for the API server.
 */
import { HttpStatusError, type Transport } from '../../lib/kube/http.js';
import { createRestPort } from '../../lib/kube/restPort.js';
import { runWithWriteGate, WriteRefusedError } from '../../lib/kube/writeGate.js';

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'a' };
const noWait = { baseMs: 0, capMs: 0, sleep: () => Promise.resolve(), random: () => 0 };

function scripted(answers: (() => unknown)[]) {
  const sent: string[] = [];
  const send: Transport = (method, path) => {
    sent.push(`${method} ${path}`);
    const next = answers.shift();
    return Promise.resolve().then(() => next?.());
  };
  return { send, sent };
}

const fail503 = () => {
  throw new HttpStatusError(503, '{}');
};

describe('the write gate in the REST adapter', () => {
  it('a retry whose deadline passed is not sent; the error says the first try may have landed', async () => {
    let open = true;
    const { send, sent } = scripted([
      () => {
        open = false; // the deadline passes while the first try is in flight
        return fail503();
      },
      () => ({}),
    ]);
    const port = createRestPort(send, { retry: noWait });
    const gate = () => (open ? undefined : 'the write deadline of lease x passed');
    const err = await runWithWriteGate(gate, () => port.patchScale(ref, 2, '7')).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WriteRefusedError);
    expect(err).toMatchObject({ mayHaveLanded: true });
    expect((err as Error).message).toBe(
      'PATCH apps/v1 deployments shop/a/scale: not sent, the write deadline of lease x passed ' +
        '(an earlier try got no clear answer: it may have landed)',
    );
    expect(sent).toHaveLength(1);
  });

  it.each([
    ['patchStatus', (p: ReturnType<typeof createRestPort>) => p.patchStatus('a', {}, '1')],
    ['patchScale', (p: ReturnType<typeof createRestPort>) => p.patchScale(ref, 2)],
  ])('%s after the deadline: nothing sent, mayHaveLanded false', async (_name, write) => {
    const { send, sent } = scripted([() => ({})]);
    const port = createRestPort(send, { retry: noWait });
    const err = await runWithWriteGate(
      () => 'the run’s deadline passed',
      async () => void (await write(port)),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'WriteRefusedError', mayHaveLanded: false, status: 0 });
    expect(sent).toEqual([]);
  });

  it('reads and the Lease’s own writes are not gated', async () => {
    const { send, sent } = scripted([
      () => ({ spec: { replicas: 1 } }),
      () => ({ metadata: { resourceVersion: '1' } }),
    ]);
    const port = createRestPort(send, { retry: noWait });
    const spec = {
      holderIdentity: 'me',
      leaseDurationSeconds: 30,
      acquireTime: 'x',
      renewTime: 'x',
      leaseTransitions: 0,
    };
    await runWithWriteGate(
      () => 'closed',
      async () => {
        await port.getScale(ref);
        await port.createLease('ns', 'l', spec);
      },
    );
    expect(sent).toEqual([
      'GET /apis/apps/v1/namespaces/shop/deployments/a/scale',
      'POST /apis/coordination.k8s.io/v1/namespaces/ns/leases',
    ]);
  });

  it('outside a run (no gate) writes are sent', async () => {
    const { send, sent } = scripted([() => ({})]);
    await createRestPort(send).patchScale(ref, 2);
    expect(sent).toHaveLength(1);
  });
});
