export {
  type ConnectionRecord,
  ConnectionRepository,
  ownerOf,
  type SettingsValidator,
  toRunSummary,
} from './connectionRepository';
