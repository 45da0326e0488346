import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { CommandInterpretation } from '../../src-shared/contract/commands';
import { plainError } from '../components/errors';
import { bridge } from '../lib/bridge';
import { useSettings } from '../lib/settings';
import { focusAlertsOn } from '../pages/alerts/alertsFocus';
import { answerFor, type Understood } from './answer';
import './commandBar.css';

type State =
  | { phase: 'idle' }
  | { phase: 'working'; question: string }
  | { phase: 'answered'; question: string; summary: string; answer: string }
  | { phase: 'clarify'; question: string; message: string; candidates: Array<{ id: string; name: string }>; typed: string }
  | { phase: 'unknown'; question: string; message: string; suggestions: string[] }
  | { phase: 'error'; question: string; message: string };

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const shortcutLabel = isMac ? '⌘K' : 'Ctrl+K';

function hrefFor(result: Understood): string {
  const route = result.route;
  if (route.page === 'account') return `#/account/${encodeURIComponent(route.customerId)}${route.tab ? `/${route.tab}` : ''}`;
  if (route.page === 'alerts') return '#/alerts';
  return '#/portfolio';
}

/** Puts the chosen customer's name where the typed one was ("sticky is helx" → "sticky is Helix Studios"). */
function withCustomer(question: string, typed: string, name: string): string {
  const words = typed
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (words.length > 0) {
    const pattern = new RegExp(words.join('[\\W_]+'), 'i');
    if (pattern.test(question)) return question.replace(pattern, name);
  }
  return `${question.replace(/[?.!\s]+$/, '')} for ${name}`;
}

/**
 * Ctrl/Cmd+K (or the button in the top bar): ask a question in plain words. The core interprets it
 * (offline, deterministic, typos in names tolerated); the window opens the right page and tab and
 * answers in one line here, from the same channels the page reads.
 */
export function CommandBar() {
  const { settings } = useSettings();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [state, setState] = useState<State>({ phase: 'idle' });
  const [examples, setExamples] = useState<string[]>([]);
  const titleId = useId();
  const currentOwner = settings?.currentOwner ?? null;

  const open = useCallback(() => {
    const d = dialog.current;
    if (!d) return;
    if (!d.open) d.showModal();
    input.current?.focus();
    input.current?.select();
    // The example questions use a real customer's name (an empty question answers with them).
    bridge.call('commands.interpret', { text: '' }).then(
      (r) => setExamples(r.kind === 'unknown' ? r.suggestions : []),
      () => setExamples([]),
    );
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        open();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  const ask = useCallback(
    async (question: string) => {
      const q = question.trim();
      if (!q) return;
      setText(q);
      setState({ phase: 'working', question: q });
      let result: CommandInterpretation;
      try {
        result = await bridge.call('commands.interpret', { text: q });
      } catch (error) {
        setState({ phase: 'error', question: q, message: plainError(error) });
        return;
      }
      if (result.kind === 'unknown') {
        setState({ phase: 'unknown', question: q, message: result.message, suggestions: result.suggestions });
        return;
      }
      if (result.kind === 'needsCustomer') {
        setState({ phase: 'clarify', question: q, message: result.message, candidates: result.candidates, typed: result.typed });
        return;
      }
      if (result.route.page === 'alerts') focusAlertsOn(result.route.mine ? currentOwner : null);
      window.location.hash = hrefFor(result);
      try {
        const answer = await answerFor(result, currentOwner);
        setState({ phase: 'answered', question: q, summary: result.summary, answer });
      } catch (error) {
        setState({
          phase: 'answered',
          question: q,
          summary: result.summary,
          answer: `Opened. The number could not be loaded: ${plainError(error)}`,
        });
      }
    },
    [currentOwner],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void ask(text);
  };

  const shownExamples = state.phase === 'unknown' ? state.suggestions : examples;
  return (
    <>
      <button type="button" className="command-trigger" onClick={open} aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}>
        <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" focusable="false">
          <path
            d="M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM20 20l-4-4"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
          />
        </svg>
        <span>Ask Pulse…</span>
        <kbd>{shortcutLabel}</kbd>
      </button>
      <dialog
        ref={dialog}
        className="command-bar"
        aria-labelledby={titleId}
        onClick={(event) => {
          if (event.target === dialog.current) dialog.current?.close();
        }}
        onKeyDown={() => undefined}
      >
        <h2 id={titleId} className="visually-hidden">
          Ask Pulse
        </h2>
        <form onSubmit={submit} className="command-form">
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
            <path
              d="M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM20 20l-4-4"
              fill="none"
              stroke="currentColor"
              strokeWidth="1.8"
              strokeLinecap="round"
            />
          </svg>
          <input
            ref={input}
            type="text"
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder="Ask about a customer, e.g. How sticky is Acme?"
            aria-label="Ask Pulse a question"
            aria-describedby={`${titleId}-answer`}
            autoComplete="off"
            spellCheck={false}
          />
          <button type="submit" className="button primary small" disabled={state.phase === 'working' || text.trim() === ''}>
            Ask
          </button>
        </form>
        <div id={`${titleId}-answer`} className="command-result" role="status" aria-live="polite">
          {state.phase === 'working' ? (
            <p className="muted">
              <span className="spinner" aria-hidden="true" /> Looking that up…
            </p>
          ) : null}
          {state.phase === 'answered' ? (
            <>
              <p className="command-summary">{state.summary}</p>
              <p className="command-answer" data-testid="command-answer">
                {state.answer}
              </p>
            </>
          ) : null}
          {state.phase === 'error' ? <p className="form-error">{state.message}</p> : null}
          {state.phase === 'clarify' ? (
            <>
              <p className="command-message">{state.message}</p>
              {state.candidates.length > 0 ? (
                <ul className="command-options">
                  {state.candidates.map((c) => (
                    <li key={c.id}>
                      <button type="button" onClick={() => void ask(withCustomer(state.question, state.typed, c.name))}>
                        {c.name}
                      </button>
                    </li>
                  ))}
                </ul>
              ) : null}
            </>
          ) : null}
          {state.phase === 'unknown' ? <p className="command-message">{state.message}</p> : null}
        </div>
        {state.phase === 'idle' || state.phase === 'unknown' ? (
          <div className="command-examples">
            {state.phase === 'idle' ? <p className="muted">Try:</p> : null}
            <ul className="command-options">
              {shownExamples.map((example) => (
                <li key={example}>
                  <button type="button" onClick={() => void ask(example)}>
                    {example}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <p className="command-foot muted">Enter to ask · Esc to close · answers come from this computer's data, offline.</p>
      </dialog>
    </>
  );
}
