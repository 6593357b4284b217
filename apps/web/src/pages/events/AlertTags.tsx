import { Tag } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { ALERT_STATES, type AlertState, LEVEL_COLOUR, levelOf } from './alerts-logic.ts';

const STATE_COLOUR: Record<AlertState, string> = {
  new: 'red',
  acknowledged: 'blue',
  false_positive: 'default',
  closed: 'green',
};

export function LevelTag({ level }: { level: string }) {
  const { t } = useI18n();
  const l = levelOf(level);
  return (
    <Tag color={LEVEL_COLOUR[l]} data-testid="alert-level">
      {t(`alerts.levelName.${l}`)}
    </Tag>
  );
}

export function AlertStateTag({ state }: { state: string }) {
  const { t } = useI18n();
  const s = (ALERT_STATES as readonly string[]).includes(state) ? (state as AlertState) : 'new';
  return (
    <Tag color={STATE_COLOUR[s]} data-testid="alert-state" data-state={s}>
      {t(`alerts.state.${s}`)}
    </Tag>
  );
}
