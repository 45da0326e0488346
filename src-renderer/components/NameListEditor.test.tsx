import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NameListEditor, type NameListKind, nameListProblem } from './NameListEditor';

const fruit: NameListKind = {
  noun: 'fruit',
  listLabel: 'Fruits',
  emptyText: 'No fruit yet.',
  inputLabel: 'Add a fruit',
  placeholder: 'e.g. pear',
  inputTestId: 'fruit-input',
  maxLength: 5,
  maxCount: 2,
  tooLongText: 'At most 5 letters.',
  tooManyText: 'At most 2 fruits.',
  duplicateText: (name) => `${name} again?`,
};
const saved = async (): Promise<boolean> => true;

describe('name list editor', () => {
  it('accepts a new name within the limits', () => {
    expect(nameListProblem(fruit, ['apple'], 'pear')).toBeNull();
    expect(nameListProblem(fruit, [], 'apple')).toBeNull();
  });

  it('says what is wrong, name first, then the list', () => {
    expect(nameListProblem(fruit, ['apple'], 'banana')).toBe('At most 5 letters.');
    expect(nameListProblem(fruit, ['apple'], 'apple')).toBe('apple again?');
    expect(nameListProblem(fruit, ['apple', 'pear'], 'fig')).toBe('At most 2 fruits.');
    // a duplicate in a full list is reported as a duplicate: adding it would change nothing anyway
    expect(nameListProblem(fruit, ['apple', 'pear'], 'pear')).toBe('pear again?');
  });

  it('shows each name as a chip with a remove button named after it', () => {
    const html = renderToStaticMarkup(<NameListEditor kind={fruit} names={['apple', 'pear']} onChange={saved} />);
    expect(html).toContain('aria-label="Fruits"');
    expect(html).toContain('aria-label="Remove fruit apple"');
    expect(html).toContain('aria-label="Remove fruit pear"');
    expect(html).toContain('Add a fruit');
    expect(html).toContain('placeholder="e.g. pear"');
    expect(html).toContain('data-testid="fruit-input"');
    expect(html).not.toContain('No fruit yet.');
  });

  it('says so when the list is empty, and shows a placeholder while loading', () => {
    expect(renderToStaticMarkup(<NameListEditor kind={fruit} names={[]} onChange={saved} />)).toContain('No fruit yet.');
    const loading = renderToStaticMarkup(<NameListEditor kind={fruit} names={null} onChange={saved} />);
    expect(loading).not.toContain('Add a fruit');
  });
});
