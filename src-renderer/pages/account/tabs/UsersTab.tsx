import { useMemo } from 'react';
import { formatDay, formatNumber } from '../../../../src-shared/charts/format';
import { lifecycleBarsOption } from '../../../../src-shared/charts/lifecycleBars';
import type { AccountMetrics, UserActivity } from '../../../../src-shared/contract/metrics';
import { useSettings } from '../../../lib/settings';
import { Chart } from '../Chart';
import { metricUnavailableText } from '../text';
import { Kpi, NoData } from './shared';

export function UsersTab({ metrics }: { metrics: AccountMetrics }) {
  const users = metrics.users;
  const { settings } = useSettings();
  const lifecycle = useMemo(
    () => (users ? lifecycleBarsOption({ weeks: users.lifecycle, timeZone: metrics.timezone }) : null),
    [users, metrics.timezone],
  );
  if (!users) return <NoData title="No user data for this account yet">{metricUnavailableText(metrics.unavailable)}</NoData>;
  const readable = settings?.storeReadableUserIds ?? false;
  return (
    <div className="account-tab-body" data-testid="users-tab">
      <p className="muted">
        {readable
          ? 'User ids are shown as the source sends them (Settings → Privacy allows readable ids).'
          : 'Users are shown by pseudonymous keys: Settings → Privacy keeps readable user ids off this computer.'}
      </p>
      <div className="kpi-grid">
        <Kpi label="Power users" value={formatNumber(users.powerUsers.length)} testId="kpi-power" />
        <Kpi label="At-risk users" value={formatNumber(users.atRiskUsers.length)} testId="kpi-at-risk" />
        <Kpi label="High frequency" value={formatNumber(users.frequency.high)} note="users active on many days of the last 30" />
        <Kpi label="Medium frequency" value={formatNumber(users.frequency.medium)} />
        <Kpi label="Low frequency" value={formatNumber(users.frequency.low)} />
      </div>
      <div className="account-grid-2">
        <UserTable
          title="Power users"
          testId="power-users"
          rows={users.powerUsers}
          empty="Nobody was active in the last 30 complete days."
          explain="Most active days in the last 30 complete days, then most events."
        />
        <UserTable
          title="At-risk users"
          testId="at-risk-users"
          rows={users.atRiskUsers}
          empty="No regular user has gone quiet."
          explain="Active in the 30 days before, and inactive for 14 or more complete days."
        />
      </div>
      <section aria-labelledby="users-lifecycle">
        <h3 id="users-lifecycle">Lifecycle by week</h3>
        {users.lifecycle.length === 0 || !lifecycle ? (
          <NoData title="No weekly activity">No user activity in the synced weeks.</NoData>
        ) : (
          <Chart
            option={lifecycle}
            label="New, returning, resurrecting and dormant users per week"
            height={260}
            caption="Above the line: new, returning and resurrecting users; below: users who went dormant that week. Hollow: the week is not over."
            testId="chart-lifecycle"
          />
        )}
      </section>
      <section aria-labelledby="users-cohorts">
        <h3 id="users-cohorts">Cohorts</h3>
        {users.cohorts.length === 0 ? (
          <p className="muted">No synced cohort has members in this account.</p>
        ) : (
          <table className="table compact" data-testid="cohorts">
            <caption className="visually-hidden">Cohort membership</caption>
            <thead>
              <tr>
                <th scope="col">Cohort</th>
                <th scope="col" className="numeric">
                  Members from this account
                </th>
              </tr>
            </thead>
            <tbody>
              {users.cohorts.map((c) => (
                <tr key={c.cohortId}>
                  <td>{c.name}</td>
                  <td className="numeric">{formatNumber(c.members)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function UserTable({
  title,
  rows,
  empty,
  explain,
  testId,
}: {
  title: string;
  rows: UserActivity[];
  empty: string;
  explain: string;
  testId: string;
}) {
  return (
    <section aria-label={title} data-testid={testId}>
      <h3>
        {title} <span className="muted">({formatNumber(rows.length)})</span>
      </h3>
      <p className="muted small">{explain}</p>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <table className="table compact">
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col" className="numeric">
                Active days
              </th>
              <th scope="col" className="numeric">
                Events
              </th>
              <th scope="col">Last active</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, 10).map((u) => (
              <tr key={u.userKey}>
                <td className={u.readableId ? undefined : 'mono'} title={u.readableId ? `key ${u.userKey}` : 'pseudonymous key'}>
                  {u.readableId ?? u.userKey}
                </td>
                <td className="numeric">{formatNumber(u.activeDays)}</td>
                <td className="numeric">{formatNumber(u.events)}</td>
                <td className="nowrap">{formatDay(u.lastActiveDay)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
