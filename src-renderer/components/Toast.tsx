import { useSyncExternalStore } from 'react';
import './components.css';

export type ToastTone = 'success' | 'error' | 'info';
interface ToastItem {
  id: number;
  tone: ToastTone;
  message: string;
}

let items: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const publish = (next: ToastItem[]): void => {
  items = next;
  for (const listener of listeners) listener();
};

export function dismissToast(id: number): void {
  publish(items.filter((item) => item.id !== id));
}

/**
 * A short confirmation ("Connection saved") in the corner, announced politely to screen readers.
 * Errors stay until dismissed; the rest fade after a few seconds. Anything a user must act on belongs
 * in an inline Notice next to the thing that failed, not only here.
 */
export function toast(message: string, tone: ToastTone = 'success'): number {
  const id = nextId++;
  publish([...items.slice(-3), { id, tone, message }]);
  if (tone !== 'error') setTimeout(() => dismissToast(id), 5000);
  return id;
}

const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Render once near the root of the app. */
export function Toaster() {
  const list = useSyncExternalStore(subscribe, () => items);
  return (
    <section className="toaster" aria-label="Notifications" aria-live="polite">
      {list.map((item) => (
        <div key={item.id} className={`toast toast-${item.tone}`} role={item.tone === 'error' ? 'alert' : 'status'}>
          <span>{item.message}</span>
          <button type="button" className="toast-close" aria-label="Dismiss notification" onClick={() => dismissToast(item.id)}>
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
