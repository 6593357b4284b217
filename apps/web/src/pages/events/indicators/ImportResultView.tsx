import { Flex, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { RESULT_COLOUR } from './intel-logic.ts';
import type { ImportResult } from './intel-types.ts';

/** What one import did: the counts, and each item that could not be read with its error. */
export function ImportResultView({ result }: { result: ImportResult }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={8} data-testid="import-result">
      <span>
        <Tag color={RESULT_COLOUR[result.status]}>{t(`intel.feeds.lastStatus.${result.status}`)}</Tag>
        {t('intel.feeds.result', {
          read: result.read,
          created: result.created,
          updated: result.updated,
          unchanged: result.unchanged,
          stale: result.stale,
          notMatchable: result.notMatchable,
          errorCount: result.errorCount,
        })}{' '}
        <Typography.Text type="secondary">
          {t('intel.feeds.duration', { s: (result.durationMs / 1000).toFixed(1) })}
        </Typography.Text>
      </span>
      {result.errors.length > 0 && (
        <>
          {result.errorCount > result.errors.length && (
            <Typography.Text type="secondary">
              {t('intel.feeds.errorsShown', { shown: result.errors.length, total: result.errorCount })}
            </Typography.Text>
          )}
          <Table
            size="small"
            rowKey={(e) => `${e.item}\u0000${e.error}`}
            pagination={result.errors.length > 10 ? { pageSize: 10 } : false}
            dataSource={result.errors}
            columns={[
              { title: t('intel.feeds.item'), dataIndex: 'item', key: 'item', width: 260, ellipsis: true },
              { title: t('intel.feeds.error'), dataIndex: 'error', key: 'error' },
            ]}
            data-testid="import-errors"
          />
        </>
      )}
    </Flex>
  );
}
