import { Tag } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { durationParts, RISK_COLORS, STATE_COLORS } from './topic-logic.ts';
import type { TopicState } from './topic-types.ts';

export function StateTag({ state }: { state: TopicState }) {
  const { t } = useI18n();
  return (
    <Tag color={STATE_COLORS[state]} data-testid="topic-state" data-state={state}>
      {t(`topics.state.${state}`)}
    </Tag>
  );
}

export function RiskTag({ level }: { level: 'I' | 'II' | 'III' | 'IV' | null }) {
  const { t } = useI18n();
  if (!level) return <>—</>;
  return (
    <Tag color={RISK_COLORS[level]} data-testid="topic-risk">
      {t(`topics.risk.${level}`)}
    </Tag>
  );
}

export function Duration({ minutes }: { minutes: number | null }) {
  const { t } = useI18n();
  if (minutes === null) return <>{t('topics.notYet')}</>;
  const d = durationParts(minutes);
  return <>{t(d.key, { n: d.n })}</>;
}
