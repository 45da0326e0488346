import { useId } from 'react';
import { Checkbox } from '../../../components/Field';
import type { FormErrors, HealthForm } from './model';
import { NumberField } from './NumberField';

type Rules = HealthForm['rules'];
type RuleId = keyof Rules;

const ruleText: Record<RuleId, { title: string; description: string }> = {
  usageDrop: { title: 'Usage drop', description: 'Active users or events fell sharply against the previous window.' },
  featureAbandoned: {
    title: 'Feature abandoned',
    description: 'A core feature used in the previous window was not used at all in the latest one.',
  },
  noActivity: { title: 'No activity', description: 'Nobody at the account has used the product for a while.' },
  championInactive: {
    title: 'Champion inactive',
    description: 'The account’s most active user has gone quiet.',
  },
  guideDismissals: {
    title: 'Guides dismissed',
    description: 'Users dismiss a guide much more often than elsewhere (Pendo only).',
  },
  healthBandWorsened: {
    title: 'Health band worsened',
    description: 'The band is worse than it was a while ago (green → yellow, yellow → red).',
  },
  anomaly: {
    title: 'Anomaly',
    description:
      'Daily active users, events, sessions or minutes fall outside the account’s own usual range for that weekday (last weeks’ median ± spread).',
  },
};

/** Every alert rule: on or off, and its main parameters (greyed out while the rule is off). */
export function AlertRulesCard({
  rules,
  errors,
  onChange,
}: {
  rules: Rules;
  errors: FormErrors;
  onChange<R extends RuleId>(rule: R, patch: Partial<Rules[R]>): void;
}) {
  const measureId = useId();
  const sensitivityId = useId();
  const rule = <R extends RuleId>(id: R, body: React.ReactNode) => (
    <li className="hs-rule" data-rule={id} data-enabled={rules[id].enabled}>
      <Checkbox
        label={ruleText[id].title}
        description={ruleText[id].description}
        checked={rules[id].enabled}
        onChange={(enabled) => onChange(id, { enabled } as Partial<Rules[R]>)}
      />
      <fieldset className="hs-rule-params" disabled={!rules[id].enabled}>
        <legend className="visually-hidden">{ruleText[id].title} settings</legend>
        {body}
      </fieldset>
    </li>
  );
  const u = rules.usageDrop;
  const fa = rules.featureAbandoned;
  const ch = rules.championInactive;
  const gd = rules.guideDismissals;
  const hb = rules.healthBandWorsened;
  const an = rules.anomaly;
  return (
    <section className="card hs-rules-card" aria-labelledby="settings-health-rules">
      <h3 id="settings-health-rules">Alert rules</h3>
      <p className="muted">
        Alerts open on the Alerts page when a rule fires. Turn off the ones that are noise for your product.
      </p>
      <ul className="hs-rules">
        {rule(
          'usageDrop',
          <>
            <NumberField
              field="rules.usageDrop.minDrop"
              label="Drop of more than"
              unit="%"
              value={u.minDrop}
              error={errors['rules.usageDrop.minDrop']}
              onChange={(minDrop) => onChange('usageDrop', { minDrop })}
            />
            <div className="hs-number">
              <label htmlFor={measureId} className="hs-number-label">
                Measured in
              </label>
              <select
                id={measureId}
                value={u.measure}
                onChange={(event) =>
                  onChange('usageDrop', { measure: event.target.value === 'events' ? 'events' : 'activeUsers' })
                }
              >
                <option value="activeUsers">Active users</option>
                <option value="events">Events</option>
              </select>
            </div>
            <NumberField
              field="rules.usageDrop.windowDays"
              label="Window"
              unit="days"
              value={u.windowDays}
              error={errors['rules.usageDrop.windowDays']}
              onChange={(windowDays) => onChange('usageDrop', { windowDays })}
            />
            <NumberField
              field="rules.usageDrop.minBaseline"
              label="Ignore accounts below"
              unit={u.measure === 'events' ? 'events' : 'users'}
              value={u.minBaseline}
              error={errors['rules.usageDrop.minBaseline']}
              onChange={(minBaseline) => onChange('usageDrop', { minBaseline })}
            />
            <div className="hs-rule-wide">
              <Checkbox
                label="Compare whole calendar weeks"
                checked={u.alignToWeeks}
                onChange={(alignToWeeks) => onChange('usageDrop', { alignToWeeks })}
              />
            </div>
          </>,
        )}
        {rule(
          'featureAbandoned',
          <>
            <NumberField
              field="rules.featureAbandoned.windowDays"
              label="Window"
              unit="days"
              value={fa.windowDays}
              error={errors['rules.featureAbandoned.windowDays']}
              onChange={(windowDays) => onChange('featureAbandoned', { windowDays })}
            />
            <NumberField
              field="rules.featureAbandoned.minPreviousUsers"
              label="Used before by at least"
              unit="users"
              value={fa.minPreviousUsers}
              error={errors['rules.featureAbandoned.minPreviousUsers']}
              onChange={(minPreviousUsers) => onChange('featureAbandoned', { minPreviousUsers })}
            />
          </>,
        )}
        {rule(
          'noActivity',
          <NumberField
            field="rules.noActivity.days"
            label="No activity for"
            unit="days"
            value={rules.noActivity.days}
            error={errors['rules.noActivity.days']}
            onChange={(days) => onChange('noActivity', { days })}
          />,
        )}
        {rule(
          'championInactive',
          <>
            <NumberField
              field="rules.championInactive.days"
              label="Champion inactive for"
              unit="days"
              value={ch.days}
              error={errors['rules.championInactive.days']}
              onChange={(days) => onChange('championInactive', { days })}
            />
            <NumberField
              field="rules.championInactive.referenceDays"
              label="Champion chosen over"
              unit="days"
              value={ch.referenceDays}
              error={errors['rules.championInactive.referenceDays']}
              onChange={(referenceDays) => onChange('championInactive', { referenceDays })}
            />
            <NumberField
              field="rules.championInactive.minActiveDays"
              label="Champion active on at least"
              unit="days"
              value={ch.minActiveDays}
              error={errors['rules.championInactive.minActiveDays']}
              onChange={(minActiveDays) => onChange('championInactive', { minActiveDays })}
            />
          </>,
        )}
        {rule(
          'guideDismissals',
          <>
            <NumberField
              field="rules.guideDismissals.maxDismissRate"
              label="Dismissed by more than"
              unit="%"
              value={gd.maxDismissRate}
              error={errors['rules.guideDismissals.maxDismissRate']}
              onChange={(maxDismissRate) => onChange('guideDismissals', { maxDismissRate })}
            />
            <NumberField
              field="rules.guideDismissals.minAboveWorkspace"
              label="And above all accounts by"
              unit="points"
              value={gd.minAboveWorkspace}
              error={errors['rules.guideDismissals.minAboveWorkspace']}
              onChange={(minAboveWorkspace) => onChange('guideDismissals', { minAboveWorkspace })}
            />
            <NumberField
              field="rules.guideDismissals.minReach"
              label="Guide seen by at least"
              unit="users"
              value={gd.minReach}
              error={errors['rules.guideDismissals.minReach']}
              onChange={(minReach) => onChange('guideDismissals', { minReach })}
            />
            <NumberField
              field="rules.guideDismissals.windowDays"
              label="Window"
              unit="days"
              value={gd.windowDays}
              error={errors['rules.guideDismissals.windowDays']}
              onChange={(windowDays) => onChange('guideDismissals', { windowDays })}
            />
          </>,
        )}
        {rule(
          'healthBandWorsened',
          <>
            <NumberField
              field="rules.healthBandWorsened.lookbackDays"
              label="Compared with"
              unit="days ago"
              value={hb.lookbackDays}
              error={errors['rules.healthBandWorsened.lookbackDays']}
              onChange={(lookbackDays) => onChange('healthBandWorsened', { lookbackDays })}
            />
            <NumberField
              field="rules.healthBandWorsened.recoveryPoints"
              label="Clears once back by"
              unit="points"
              value={hb.recoveryPoints}
              error={errors['rules.healthBandWorsened.recoveryPoints']}
              onChange={(recoveryPoints) => onChange('healthBandWorsened', { recoveryPoints })}
            />
          </>,
        )}
        {rule(
          'anomaly',
          <>
            <div className="hs-number">
              <label htmlFor={sensitivityId} className="hs-number-label">
                Sensitivity
              </label>
              <select
                id={sensitivityId}
                data-field="rules.anomaly.sensitivity"
                value={an.sensitivity}
                onChange={(event) => {
                  const v = event.target.value;
                  onChange('anomaly', { sensitivity: v === 'low' || v === 'high' ? v : 'medium' });
                }}
              >
                <option value="low">Low: stark departures only</option>
                <option value="medium">Medium</option>
                <option value="high">High: smaller departures too</option>
              </select>
            </div>
            <NumberField
              field="rules.anomaly.baselineWeeks"
              label="Compared with the last"
              unit="weeks"
              value={an.baselineWeeks}
              error={errors['rules.anomaly.baselineWeeks']}
              onChange={(baselineWeeks) => onChange('anomaly', { baselineWeeks })}
            />
            <NumberField
              field="rules.anomaly.minActiveUsers"
              label="Ignore days usually below"
              unit="users"
              value={an.minActiveUsers}
              error={errors['rules.anomaly.minActiveUsers']}
              onChange={(minActiveUsers) => onChange('anomaly', { minActiveUsers })}
            />
            <div className="hs-rule-wide">
              <Checkbox
                label="Also flag unusual rises (info)"
                checked={an.spikes}
                onChange={(spikes) => onChange('anomaly', { spikes })}
              />
            </div>
          </>,
        )}
      </ul>
    </section>
  );
}
