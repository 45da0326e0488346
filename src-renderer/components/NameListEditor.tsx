import { useState } from 'react';
import { Button } from './Button';
import { Field } from './Field';
import { Loading } from './Loading';

/** What one list of names is called and how long it may grow; every user-facing word comes from here. */
export interface NameListKind {
  /** Lower-case singular, used in buttons and save messages: "Remove key event X", "Added key event X". */
  noun: string;
  /** Accessible name of the list, e.g. "Key events". */
  listLabel: string;
  /** Shown instead of the list when it is empty. */
  emptyText: string;
  inputLabel: string;
  placeholder: string;
  inputTestId?: string;
  maxLength: number;
  maxCount: number;
  tooLongText: string;
  tooManyText: string;
  duplicateText(name: string): string;
}

/**
 * Why `name` cannot be added to `names`, or null when it can. Checks run in the order a user would fix them:
 * the name itself, then the list it joins. An empty (or blank) name is not an error: there is nothing to add.
 */
export function nameListProblem(kind: NameListKind, names: readonly string[], name: string): string | null {
  if (name.length > kind.maxLength) return kind.tooLongText;
  if (names.includes(name)) return kind.duplicateText(name);
  if (names.length >= kind.maxCount) return kind.tooManyText;
  return null;
}

/**
 * An ordered list of names shown as removable chips, with a box to add one (Enter or the Add button).
 * Each change is handed to `onChange` with a short description for the save status; the box clears only
 * when the change was saved, so a failed save keeps what the user typed.
 */
export function NameListEditor({
  kind,
  names,
  onChange,
}: {
  kind: NameListKind;
  /** null while loading. */
  names: string[] | null;
  onChange(next: string[], what: string): Promise<boolean>;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async (): Promise<void> => {
    if (!names) return;
    const name = text.trim();
    if (name === '') return;
    const problem = nameListProblem(kind, names, name);
    setError(problem);
    if (problem) return;
    if (await onChange([...names, name], `Added ${kind.noun} ${name}`)) setText('');
  };
  if (!names) return <Loading lines={1} />;
  return (
    <>
      {names.length === 0 ? (
        <p className="muted">{kind.emptyText}</p>
      ) : (
        <ol className="chip-list" aria-label={kind.listLabel}>
          {names.map((name) => (
            <li key={name} className="chip">
              <span>{name}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${kind.noun} ${name}`}
                onClick={() =>
                  void onChange(
                    names.filter((n) => n !== name),
                    `Removed ${kind.noun} ${name}`,
                  )
                }
              >
                ×
              </button>
            </li>
          ))}
        </ol>
      )}
      <Field label={kind.inputLabel} error={error}>
        {(control) => (
          <div className="input-with-button">
            <input
              {...control}
              type="text"
              placeholder={kind.placeholder}
              value={text}
              data-testid={kind.inputTestId}
              onChange={(event) => setText(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter') {
                  event.preventDefault();
                  void add();
                }
              }}
            />
            <Button onClick={() => void add()} disabled={text.trim() === ''}>
              Add
            </Button>
          </div>
        )}
      </Field>
    </>
  );
}
