import { createHmac } from 'node:crypto';

/**
 * Users are stored as HMAC digests keyed with a per-workspace secret (kept in the keychain), so the
 * database alone never reveals who a user is. Scoped by connection: one person's ids differ per vendor.
 */
export function createPseudonymizer(workspaceSecret: string, connectionId: string): (vendorUserId: string) => string {
  return (vendorUserId) =>
    createHmac('sha256', workspaceSecret)
      .update(connectionId)
      .update('\u0000')
      .update(vendorUserId)
      .digest('base64url')
      .slice(0, 22);
}
