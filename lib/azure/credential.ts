/**
 * The Azure credential, loaded on first use only (`@azure/identity` and MSAL are not loaded by a
 * kubeconfig run): a user-assigned managed identity when `AZURE_CLIENT_ID` is set, else
 * `DefaultAzureCredential` (system-assigned identity, or `az login` on a developer machine).
 */
import type { TokenCredential } from '@azure/identity';

export async function loadCredential(clientId: string | undefined): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  return clientId
    ? new identity.ManagedIdentityCredential({ clientId })
    : new identity.DefaultAzureCredential();
}

/** One credential per process, created on first use. */
export function lazyCredential(clientId: string | undefined): () => Promise<TokenCredential> {
  let credential: Promise<TokenCredential> | undefined;
  return () => {
    credential ??= loadCredential(clientId).catch((e: unknown) => {
      credential = undefined;
      throw e;
    });
    return credential;
  };
}
