import { randomBytes } from 'node:crypto';
import type { SecretStore } from '../ports';
import { secretAccount } from '../secrets';

const account = secretAccount('workspace', 'userKeySecret');

/**
 * The key behind pseudonymous user ids. Lives in the keychain, never in the database, so a copied
 * database file does not let anyone test whether a given email is in it.
 */
export async function workspaceUserKeySecret(secrets: SecretStore): Promise<string> {
  const existing = await secrets.get(account);
  if (existing) return existing;
  const created = randomBytes(32).toString('base64url');
  await secrets.set(account, created);
  return created;
}
