import { lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { CommandBar } from './commandBar/CommandBar';
import { Icon, type IconName } from './components/Icon';
import { Loading } from './components/Loading';
import { Notice } from './components/Notice';
import { PageErrorBoundary } from './components/PageErrorBoundary';
import { Toaster } from './components/Toast';
import { DemoBanner } from './firstRun/DemoBanner';
import { bridge, type ConnectionState } from './lib/bridge';
import { type Route, type RouteName, useRoute } from './lib/router';
import { SettingsProvider, useSettings } from './lib/settings';
import { resolveTheme, ThemeContext, useApplyTheme, useSystemTheme } from './lib/theme';
import { accountPage } from './pages/account/lazyAccountPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PortfolioPage } from './pages/portfolio/PortfolioPage';

// Code-split routes: the portfolio (the home screen) loads with the app; every other page is its own
// chunk fetched on first visit, so opening Pulse does not parse and evaluate pages it does not show.
// The Account page can also be preloaded (pages/account/lazyAccountPage.ts), so a row opens without suspending.
const AccountPage = accountPage.Page;
const AlertsPage = lazy(() => import('./pages/alerts/AlertsPage').then((m) => ({ default: m.AlertsPage })));
const ChurnAnalysisPage = lazy(() =>
  import('./pages/churnAnalysis/ChurnAnalysisPage').then((m) => ({ default: m.ChurnAnalysisPage })),
);
const SettingsPage = lazy(() => import('./pages/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const SyncPage = lazy(() => import('./pages/sync/SyncPage').then((m) => ({ default: m.SyncPage })));

const navItems: Array<{ route: Exclude<RouteName, 'account' | 'notFound'>; label: string; icon: IconName }> = [
  { route: 'portfolio', label: 'Portfolio', icon: 'portfolio' },
  { route: 'alerts', label: 'Alerts', icon: 'alerts' },
  { route: 'churn', label: 'Churn analysis', icon: 'clock' },
  { route: 'sync', label: 'Sync', icon: 'sync' },
  { route: 'settings', label: 'Settings', icon: 'settings' },
];

function titleFor(route: Route): string {
  switch (route.name) {
    case 'portfolio':
      return 'Portfolio';
    case 'account':
      return 'Account';
    case 'alerts':
      return 'Alerts';
    case 'churn':
      return 'Churn analysis';
    case 'sync':
      return 'Sync';
    case 'settings':
      return 'Settings';
    case 'notFound':
      return 'Not found';
  }
}

/** Which nav item is current: the Account page belongs to the Portfolio. */
function sectionOf(route: Route): RouteName {
  return route.name === 'account' ? 'portfolio' : route.name;
}

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'portfolio':
      return <PortfolioPage />;
    case 'account':
      return <AccountPage id={route.id} tab={route.tab} />;
    case 'alerts':
      return <AlertsPage />;
    case 'churn':
      return <ChurnAnalysisPage />;
    case 'sync':
      return <SyncPage />;
    case 'settings':
      return <SettingsPage />;
    case 'notFound':
      return <NotFoundPage path={route.path} />;
  }
}

// The event socket may already be up before the shell renders (main.tsx's early portfolio calls open
// it): read the current state on subscribing, not only the changes after it.
const subscribeConnection = (onChange: () => void) => bridge.onConnection(onChange);
const currentConnection = () => bridge.connection;

function useConnection(): ConnectionState {
  return useSyncExternalStore(subscribeConnection, currentConnection);
}

function Shell() {
  const route = useRoute();
  const { settings } = useSettings();
  const theme = resolveTheme(settings?.theme, useSystemTheme());
  useApplyTheme(theme);
  const connection = useConnection();
  const [restart, setRestart] = useState<string | null>(null);
  useEffect(() => bridge.on('core.restarted', ({ reason }) => setRestart(reason)), []);

  const title = titleFor(route);
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    document.title = `${title} · CSCX Pulse`;
  }, [title]);

  return (
    <ThemeContext.Provider value={theme}>
      <div className="app" data-route={route.name}>
        <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
          Skip to content
        </button>
        <nav className="sidebar" aria-label="Main">
          <div className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span>
              CSCX <strong>Pulse</strong>
            </span>
          </div>
          <ul>
            {navItems.map((item) => {
              const current = sectionOf(route) === item.route;
              return (
                <li key={item.route}>
                  <a href={`#/${item.route}`} className="nav-link" aria-current={current ? 'page' : undefined}>
                    <Icon name={item.icon} />
                    <span>{item.label}</span>
                  </a>
                </li>
              );
            })}
          </ul>
          <p className="sidebar-foot">Offline · data stays on this computer</p>
        </nav>
        <div className="main-column">
          <header className="topbar">
            <h1>{title}</h1>
            <CommandBar />
            <div className="topbar-meta">
              {settings ? (
                <span title="Reporting time zone and week start (change them in Settings)">
                  Times in <strong>{settings.timezone.replaceAll('_', ' ')}</strong> · weeks start{' '}
                  {settings.weekStart === 'sunday' ? 'Sunday' : 'Monday'}
                </span>
              ) : null}
              {bridge.transport === 'web' ? (
                <span className={`live live-${connection}`} role="status">
                  {connection === 'live' ? 'Live' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
                </span>
              ) : null}
            </div>
          </header>
          <main id="main" ref={main} tabIndex={-1}>
            {restart ? (
              <Notice tone="warning" title="Pulse restarted its core." onDismiss={() => setRestart(null)}>
                Anything in progress was stopped; your data is safe. ({restart})
              </Notice>
            ) : null}
            <DemoBanner />
            <PageErrorBoundary resetKey={JSON.stringify(route)}>
              <Suspense fallback={<Loading label="Opening the page…" />}>
                <Page route={route} />
              </Suspense>
            </PageErrorBoundary>
          </main>
        </div>
        <Toaster />
      </div>
    </ThemeContext.Provider>
  );
}

export function App() {
  return (
    <SettingsProvider>
      <Shell />
    </SettingsProvider>
  );
}
