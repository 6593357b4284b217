import { ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { severityColour, stateColour } from './notice-logic.ts';

export function SeverityTag({ severity }: { severity: string }) {
  const { label } = useI18n();
  return (
    <Tag color={severityColour(severity)} data-testid="notice-severity">
      {label('severity', severity)}
    </Tag>
  );
}

export function StateTag({ state }: { state: string }) {
  const { label } = useI18n();
  return (
    <Tag color={stateColour(state)} data-testid="notice-state" data-state={state}>
      {label('noticeState', state)}
    </Tag>
  );
}

/** Overdue and supervision (督办) flags; nothing when neither applies. */
export function FlagTags({ overdue, supervisionLevel }: { overdue: boolean; supervisionLevel: number }) {
  const { t } = useI18n();
  const supervision =
    supervisionLevel >= 3
      ? t('notices.supervision3')
      : supervisionLevel === 2
        ? t('notices.supervision2')
        : supervisionLevel === 1
          ? t('notices.supervision1')
          : null;
  if (!overdue && !supervision) return null;
  return (
    <Space size={4} wrap>
      {overdue && (
        <Tag color="red" icon={<ExclamationCircleOutlined />} data-testid="notice-overdue">
          {t('notices.overdue')}
        </Tag>
      )}
      {supervision && (
        <Tag color="magenta" data-testid="notice-supervision">
          {supervision}
        </Tag>
      )}
    </Space>
  );
}

/** A deadline in China time; a provisional one says so, with a tooltip explaining why. */
export function Deadline({
  at,
  provisional,
  overdue = false,
}: {
  at: string | null;
  provisional: boolean;
  overdue?: boolean;
}) {
  const { t } = useI18n();
  if (!at) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={4} wrap>
      <Typography.Text type={overdue ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
        <ClockCircleOutlined style={{ marginRight: 4 }} />
        {formatDateTime(at)}
      </Typography.Text>
      {provisional && (
        <Tooltip title={t('notices.provisionalHint')}>
          <Tag color="orange" style={{ cursor: 'help' }} data-testid="deadline-provisional">
            {t('notices.provisional')}
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
}
