import { createHmac } from 'node:crypto';

/** Vendor ids remembered per pseudonymizer (one sync): a user active every day is hashed once, not once a window. */
const REMEMBERED_USERS = 100_000;

/**
 * Users are stored as HMAC digests keyed with a per-workspace secret (kept in the keychain), so the
 * database alone never reveals who a user is. Scoped by connection: one person's ids differ per vendor.
 */
export function createPseudonymizer(workspaceSecret: string, connectionId: string): (vendorUserId: string) => string {
  const remembered = new Map<string, string>();
  return (vendorUserId) => {
    let key = remembered.get(vendorUserId);
    if (key === undefined) {
      key = createHmac('sha256', workspaceSecret)
        .update(connectionId)
        .update('\u0000')
        .update(vendorUserId)
        .digest('base64url')
        .slice(0, 22);
      if (remembered.size >= REMEMBERED_USERS) remembered.clear();
      remembered.set(vendorUserId, key);
    }
    return key;
  };
}
