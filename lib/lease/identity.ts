/**
 * The holder identity of this process: the instance (`WEBSITE_INSTANCE_ID` on Azure Functions,
 * else the host name), the pid and a random suffix, so that a restarted process on the same
 * instance is a different holder. At most 128 characters.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';

export function holderIdentity(env: Readonly<Record<string, string | undefined>> = process.env) {
  const instance = env.WEBSITE_INSTANCE_ID?.trim() || os.hostname();
  return `${instance.slice(0, 96)}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

let processIdentity: string | undefined;

/** One identity per process. */
export const processHolderIdentity = (): string => (processIdentity ??= holderIdentity());
