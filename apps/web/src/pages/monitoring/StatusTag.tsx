import { Tag } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { STATUS_COLOURS } from './monitoring-logic.ts';
import type { MonitorStatus } from './monitoring-types.ts';

export function StatusTag({ status }: { status: MonitorStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="monitor-status" data-status={status}>
      {label('monitorStatus', status)}
    </Tag>
  );
}
