import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../src-shared/contract/settings';
import { nameListProblem } from '../../components/NameListEditor';
import { breakdownPropertyList, keyEventList } from './nameLists';

const lists = [
  ['keyEvents', keyEventList],
  ['breakdownProperties', breakdownPropertyList],
] as const;

describe('settings name lists', () => {
  it.each(lists)('%s: the editor allows exactly what the settings contract accepts', (key, kind) => {
    const full = Array.from({ length: kind.maxCount }, (_, i) => `name ${i}`);
    expect(settingsSchema.shape[key].safeParse(full).success).toBe(true);
    expect(settingsSchema.shape[key].safeParse([...full, 'one more']).success).toBe(false);
    expect(nameListProblem(kind, full.slice(1), 'one more')).toBeNull();
    expect(nameListProblem(kind, full, 'one more')).toBe(kind.tooManyText);

    const longest = 'x'.repeat(kind.maxLength);
    expect(settingsSchema.shape[key].safeParse([longest]).success).toBe(true);
    expect(settingsSchema.shape[key].safeParse([`${longest}x`]).success).toBe(false);
    expect(nameListProblem(kind, [], longest)).toBeNull();
    expect(nameListProblem(kind, [], `${longest}x`)).toBe(kind.tooLongText);
  });

  it('keeps the wording users saw before the two editors were merged', () => {
    expect(nameListProblem(keyEventList, ['Login'], 'Login')).toBe('“Login” is already a key event.');
    expect(nameListProblem(breakdownPropertyList, ['plan'], 'plan')).toBe('“plan” is already listed.');
    expect(keyEventList.tooManyText).toBe('Pulse keeps at most 100 key events.');
    expect(breakdownPropertyList.tooManyText).toBe('Pulse keeps at most 10 breakdown properties.');
  });
});
