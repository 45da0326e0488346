import { type KeyboardEvent, useCallback, useRef } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { bridge } from '../../lib/bridge';
import { type AccountTab, accountTabs, navigate } from '../../lib/router';
import { useCoreData } from '../../lib/useCoreData';
import { AccountHeader } from './AccountHeader';
import { type AccountData, loadAccount } from './loadAccount';
import { AlertsTab } from './tabs/AlertsTab';
import { EngagementTab } from './tabs/EngagementTab';
import { FeaturesTab } from './tabs/FeaturesTab';
import { FunnelsTab } from './tabs/FunnelsTab';
import { GuidesTab } from './tabs/GuidesTab';
import { RetentionTab } from './tabs/RetentionTab';
import { SourcesTab } from './tabs/SourcesTab';
import { UsersTab } from './tabs/UsersTab';
import './account.css';

const tabLabels: Record<AccountTab, string> = {
  engagement: 'Engagement',
  retention: 'Retention',
  funnels: 'Funnels',
  features: 'Features',
  guides: 'Guides',
  users: 'Users',
  alerts: 'Alerts',
  sources: 'Sources',
};

/** One customer's dashboard: header with health and what changed, then tabs (one URL each). */
export function AccountPage({ id, tab = 'engagement' }: { id: string; tab?: AccountTab | undefined }) {
  // A fresh page (and fresh loads) per customer; switching tabs keeps the loaded data.
  return <AccountView key={id} id={id} tab={tab} />;
}

function AccountView({ id, tab }: { id: string; tab: AccountTab }) {
  // Opened on the Engagement tab, its panels are asked with the page; later loads leave them to the tab.
  const openedOnEngagement = useRef(tab === 'engagement');
  const load = useCallback(() => {
    const engagementPanels = openedOnEngagement.current;
    openedOnEngagement.current = false;
    return loadAccount(id, bridge.call, { engagementPanels });
  }, [id]);
  const data = useCoreData(load, ['metrics', 'alerts', 'customers', 'settings']);
  if (data.status === 'loading') {
    return (
      <div className="page account-page">
        <Loading label="Loading the account…" lines={4} />
      </div>
    );
  }
  if (data.value === null) {
    return (
      <div className="page">
        <Notice tone="error" title="This account could not be loaded.">
          {data.error}{' '}
          <button type="button" className="button small" onClick={data.reload}>
            Try again
          </button>
        </Notice>
      </div>
    );
  }
  if (data.value.missing !== null) {
    return (
      <div className="page">
        <EmptyState
          icon="account"
          title="No data for this account yet"
          actions={
            <a className="button" href="#/portfolio">
              Back to Portfolio
            </a>
          }
        >
          <p>{data.value.missing}</p>
          <p className="muted">
            Accounts appear after a connected source has synced. Then this page shows the account's health and what changed,
            engagement, retention, funnels and feature adoption.
          </p>
        </EmptyState>
      </div>
    );
  }

  const value = data.value.data;
  const customerId = value.metrics.customer.id;
  return (
    <div className="page account-page" data-customer={customerId}>
      {data.status === 'error' ? (
        <Notice tone="warning" title="Showing the last loaded numbers.">
          {data.error}
        </Notice>
      ) : null}
      <AccountHeader data={value} reload={data.reload} />
      <AccountTabs customerId={customerId} current={tab} data={value} reload={data.reload} />
    </div>
  );
}

function AccountTabs({
  customerId,
  current,
  data,
  reload,
}: {
  customerId: string;
  current: AccountTab;
  data: AccountData;
  reload(): void;
}) {
  const refs = useRef<Partial<Record<AccountTab, HTMLButtonElement | null>>>({});
  const go = (tab: AccountTab, focus: boolean) => {
    navigate({ name: 'account', id: customerId, tab });
    if (focus) refs.current[tab]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = accountTabs.indexOf(current);
    let next: number | null = null;
    if (event.key === 'ArrowRight') next = (index + 1) % accountTabs.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + accountTabs.length) % accountTabs.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = accountTabs.length - 1;
    if (next === null) return;
    event.preventDefault();
    const tab = accountTabs[next];
    if (tab) go(tab, true);
  };
  const openAlerts = (data.alerts ?? []).filter((a) => a.status === 'open' || a.status === 'acknowledged').length;
  return (
    <section className="card account-tabs-card">
      <div role="tablist" aria-label="Account views" className="account-tabs" onKeyDown={onKeyDown}>
        {accountTabs.map((tab) => (
          <button
            key={tab}
            ref={(element) => {
              refs.current[tab] = element;
            }}
            type="button"
            role="tab"
            id={`account-tab-${tab}`}
            aria-selected={tab === current}
            aria-controls={`account-panel-${tab}`}
            tabIndex={tab === current ? 0 : -1}
            className="account-tab"
            onClick={() => go(tab, false)}
          >
            {tabLabels[tab]}
            {tab === 'alerts' && openAlerts > 0 ? (
              <span className="account-tab-count">
                {openAlerts}
                <span className="visually-hidden"> open</span>
              </span>
            ) : null}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`account-panel-${current}`}
        aria-labelledby={`account-tab-${current}`}
        className="account-panel"
        tabIndex={-1}
      >
        <TabBody tab={current} data={data} reload={reload} />
      </div>
    </section>
  );
}

function TabBody({ tab, data, reload }: { tab: AccountTab; data: AccountData; reload(): void }) {
  switch (tab) {
    case 'engagement':
      return (
        <EngagementTab metrics={data.metrics} initialPortfolioAverage={data.portfolioAverage} panelCalls={data.engagement} />
      );
    case 'retention':
      return <RetentionTab metrics={data.metrics} />;
    case 'funnels':
      return <FunnelsTab metrics={data.metrics} />;
    case 'features':
      return <FeaturesTab metrics={data.metrics} />;
    case 'guides':
      return <GuidesTab metrics={data.metrics} />;
    case 'users':
      return <UsersTab metrics={data.metrics} />;
    case 'alerts':
      return <AlertsTab alerts={data.alerts} error={data.alertsError} timeZone={data.metrics.timezone} reload={reload} />;
    case 'sources':
      return <SourcesTab metrics={data.metrics} />;
  }
}
