import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PageErrorBoundary, PageFailed } from './PageErrorBoundary';

describe('page error boundary', () => {
  it('turns a thrown error into the message it shows', () => {
    expect(PageErrorBoundary.getDerivedStateFromError(new Error('Cannot read properties of undefined'))).toEqual({
      message: 'Cannot read properties of undefined',
    });
    expect(PageErrorBoundary.getDerivedStateFromError('chunk failed')).toEqual({ message: 'chunk failed' });
    expect(PageErrorBoundary.getDerivedStateFromError(new Error('  '))).toEqual({
      message: 'Something went wrong while drawing it.',
    });
  });

  it('shows the error with a way out instead of a blank page', () => {
    const html = renderToStaticMarkup(<PageFailed message="Loading chunk 3 failed" onReload={() => {}} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('This page could not be shown.');
    expect(html).toContain('Loading chunk 3 failed');
    expect(html).toContain('href="#/portfolio"');
    expect(html).toContain('Reload');
  });

  it('renders its children while nothing has failed', () => {
    expect(renderToStaticMarkup(<PageErrorBoundary>fine</PageErrorBoundary>)).toBe('fine');
  });

  it('clears the error when the route changes, and keeps it while the route stays', () => {
    const boundary = new PageErrorBoundary({ children: null, resetKey: '{"name":"account","id":"a"}' });
    const updates: unknown[] = [];
    boundary.setState = ((patch: unknown) => updates.push(patch)) as never;
    boundary.state = { message: 'boom' };
    boundary.componentDidUpdate({ resetKey: '{"name":"account","id":"a"}' });
    expect(updates).toEqual([]);
    boundary.componentDidUpdate({ resetKey: '{"name":"portfolio"}' });
    expect(updates).toEqual([{ message: null }]);
  });
});
