export { SettingsRepository } from './settingsRepository';
