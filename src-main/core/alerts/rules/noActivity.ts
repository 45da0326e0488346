import { formatDay } from '../../../../src-shared/charts/format';
import { addDays, dayList } from '../../metrics/calendar';
import type { AlertRule } from '../rule';

/**
 * No activity from any user of the account for `days` complete days up to the evaluated day. An
 * account without any activity in the synced history fires only once that history is at least `days`
 * long (otherwise we simply do not know yet).
 */
export const noActivityRule: AlertRule<'noActivity'> = {
  type: 'noActivity',
  label: 'No activity',
  evaluate({ inputs, settings }) {
    const last = inputs.lastActivityDay();
    const quietSince = last === null ? inputs.historyStart : addDays(last, 1);
    const quietDays = dayList(quietSince, inputs.day).length;
    if (quietDays < settings.days) return [];
    return [
      {
        subject: 'account',
        severity: 'critical',
        title:
          last === null
            ? `No activity in the ${quietDays} days of synced history`
            : `No activity for ${quietDays} days (last active ${formatDay(last)})`,
        evidence: {
          lastActivityDay: last,
          quietDays,
          thresholdDays: settings.days,
          evaluatedDay: inputs.day,
          source: inputs.source.label,
        },
        suggestedAction:
          'Contact the account owner now: a silent account is the strongest churn signal. Confirm the product is still deployed and who uses it.',
      },
    ];
  },
};
