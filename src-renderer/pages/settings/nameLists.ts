import type { NameListKind } from '../../components/NameListEditor';

/** Limits match the settings contract (keyEvents: 100 names of up to 200 characters). */
export const keyEventList: NameListKind = {
  noun: 'key event',
  listLabel: 'Key events',
  emptyText: 'No key events yet: funnels stay empty until you add some.',
  inputLabel: 'Add a key event',
  placeholder: 'e.g. Report Created',
  maxLength: 200,
  maxCount: 100,
  tooLongText: 'Event names are at most 200 characters.',
  tooManyText: 'Pulse keeps at most 100 key events.',
  duplicateText: (name) => `“${name}” is already a key event.`,
};

/**
 * The property names kept at ingest for breakdowns (events and funnels by plan, platform, role...).
 * Only listed names are stored; a change applies to windows synced afterwards. Limits match the settings
 * contract (breakdownProperties: 10 names of up to 100 characters).
 */
export const breakdownPropertyList: NameListKind = {
  noun: 'breakdown property',
  listLabel: 'Breakdown properties',
  emptyText: 'No breakdown properties: events are kept without property values.',
  inputLabel: 'Add a property',
  placeholder: 'e.g. plan',
  inputTestId: 'breakdown-property-input',
  maxLength: 100,
  maxCount: 10,
  tooLongText: 'Property names are at most 100 characters.',
  tooManyText: 'Pulse keeps at most 10 breakdown properties.',
  duplicateText: (name) => `“${name}” is already listed.`,
};
