/**
 * Case 9 of issue 20, measured on Azurite (`@azure/storage-queue`): what happens to a work
 * message whose worker dies mid-run. The steps are the Functions host's own (its QueueListener
 * receives with a 10-minute visibility timeout, renewed while the function runs; on a failure
 * it sets the visibility to host.json's `visibilityTimeout`, 0 here; with `maxDequeueCount: 1` it
 * moves a message dequeued a second time to `-poison`). The message lives one period (TTL; 3 s
 * here instead of 30 s, so the test is short).
 * - the worker process dies (nothing deletes or releases the message): it stays invisible (until
 *   10 minutes after the last renewal), its TTL ends first, and the queue service removes it:
 *   never seen again, never dequeued a second time, so never moved to `-poison`, and no line logged.
 * - the function throws (the host survives): the message is visible again at once, the next
 *   receive has dequeueCount 2, and only then does the host move it to `-poison`.
 */
import type { QueueClient } from '@azure/storage-queue';
import { startAzuriteQueue, type AzuriteQueue } from '../../tools/azurite.js';

const HOST_VISIBILITY_S = 600; // the host's receive visibility timeout (10 minutes)
const TTL_S = 3; // one period (WORK_MESSAGE_TTL_SECONDS), shortened
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const body = Buffer.from(JSON.stringify({ v: 1, cluster: 'rg/aks-a' })).toString('base64');

async function count(queue: QueueClient): Promise<number> {
  return (await queue.getProperties()).approximateMessagesCount ?? -1;
}

describe('a work message whose worker dies mid-run (Azurite)', () => {
  let azurite: AzuriteQueue;
  beforeAll(async () => {
    azurite = await startAzuriteQueue();
  }, 60_000);
  afterAll(() => azurite?.stop());

  it('the worker dies: invisible for the host’s 10 minutes, removed by its TTL first, never poisoned', async () => {
    const queue = azurite.queueClient('crash-work');
    const poison = azurite.queueClient('crash-work-poison');
    await queue.create();
    await poison.create();
    const sent = await queue.sendMessage(body, { messageTimeToLive: TTL_S });
    const receivedAt = Date.now();
    const got = await queue.receiveMessages({ visibilityTimeout: HOST_VISIBILITY_S });
    const m = got.receivedMessageItems[0]!;
    // the measured message, as the host holds it while the function runs
    const measured = {
      ttlS: (sent.expiresOn.getTime() - sent.insertedOn.getTime()) / 1000,
      dequeueCount: m.dequeueCount,
    };
    expect(measured).toEqual({ ttlS: TTL_S, dequeueCount: 1 });
    // Invisible for the host's 10 minutes from the receive (Azurite keeps whole seconds, and a
    // loaded machine may receive a second or more after the insert: measured from the receive).
    const invisibleForS = (m.nextVisibleOn.getTime() - receivedAt) / 1000;
    expect(Math.abs(invisibleForS - HOST_VISIBILITY_S)).toBeLessThanOrEqual(1.5);
    // the worker dies here: no delete, no visibility reset
    expect((await queue.peekMessages()).peekedMessageItems).toHaveLength(0);
    expect(await count(queue)).toBe(1); // still stored, invisible
    await queue.deleteMessage(m.messageId, m.popReceipt); // (its 10 minutes are not waited here)
    // Scaled down (10 minutes against a 30 s TTL → 5 s against 3 s): a second message, received
    // by a worker that dies; it becomes visible only after its TTL ended.
    const sent2 = await queue.sendMessage(body, { messageTimeToLive: TTL_S });
    const m2 = (await queue.receiveMessages({ visibilityTimeout: TTL_S + 2 }))
      .receivedMessageItems[0]!;
    while (Date.now() <= m2.nextVisibleOn.getTime() + 200) await sleep(100);
    const again = await queue.receiveMessages({ visibilityTimeout: 1 });
    const measuredAfter = {
      expiredBeforeVisible: sent2.expiresOn.getTime() < m2.nextVisibleOn.getTime(),
      received: again.receivedMessageItems.length,
      peeked: (await queue.peekMessages()).peekedMessageItems.length,
      approximateCount: await count(queue),
      poisoned: await count(poison),
    };
    console.log(`case 9 measured: ${JSON.stringify({ ...measured, after: measuredAfter })}`);
    expect(measuredAfter).toEqual({
      expiredBeforeVisible: true,
      received: 0, // never dequeued a second time: the host has nothing to move to -poison
      peeked: 0,
      approximateCount: 0,
      poisoned: 0,
    });
  }, 30_000);

  it('the function throws (the host survives): visible again at once, dequeueCount 2 → poison', async () => {
    const queue = azurite.queueClient('throw-work');
    await queue.create();
    await queue.sendMessage(body, { messageTimeToLive: 30 });
    const first = (await queue.receiveMessages({ visibilityTimeout: HOST_VISIBILITY_S }))
      .receivedMessageItems[0]!;
    // the host's failure path: visibility back to host.json's visibilityTimeout (0)
    await queue.updateMessage(first.messageId, first.popReceipt, undefined, 0);
    const second = (await queue.receiveMessages({ visibilityTimeout: HOST_VISIBILITY_S }))
      .receivedMessageItems[0];
    // dequeueCount 2 > maxDequeueCount 1: this is the one case the host moves it to -poison
    expect(second?.dequeueCount).toBe(2);
  }, 30_000);
});
