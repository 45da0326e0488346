export { type KeychainProbe, keychainService, probeKeychain } from './keytarSecretStore';
export { memorySecretStore } from './memorySecretStore';
export { secretAccount } from './secretAccount';
export { unavailableSecretStore } from './unavailableSecretStore';
