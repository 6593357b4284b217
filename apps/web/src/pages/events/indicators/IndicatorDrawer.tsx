import { Alert, Descriptions, Drawer, Flex, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../../api/client.ts';
import { useShowError } from '../../../components/useShowError.tsx';
import { formatDateTime } from '../../../i18n/format.ts';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { levelName, STATUS_COLOUR } from './intel-logic.ts';
import type { IndicatorDetail } from './intel-types.ts';

/** One indicator: its values, validity, the STIX pattern or MISP attribute, and what the matcher looks for. */
export function IndicatorDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const showError = useShowError();
  const [detail, setDetail] = useState<IndicatorDetail | null>(null);
  useEffect(() => {
    setDetail(null);
    if (id === null) return;
    let current = true;
    api
      .GET('/api/v1/events/intel/indicators/{id}', { params: { path: { id } } })
      .then(({ data }) => {
        if (current && data) setDetail(data);
      })
      .catch(showError);
    return () => {
      current = false;
    };
  }, [id, showError]);
  const time = (v: string | null) => (v ? formatDateTime(v) : '—');
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      title={t('intel.detailTitle')}
      size={640}
      data-testid="indicator-drawer"
    >
      {!detail ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16}>
          {detail.unmatchableReason && (
            <Alert
              type="warning"
              showIcon
              title={t('intel.unmatchable')}
              description={detail.unmatchableReason}
            />
          )}
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('intel.value')}>
              <Typography.Text code copyable>
                {detail.value}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('intel.name')}>{detail.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('intel.status')}>
              <Tag color={STATUS_COLOUR[detail.status]}>{t(`intel.status.${detail.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('intel.feed')}>{detail.feedName}</Descriptions.Item>
            <Descriptions.Item label={t('intel.level')}>{levelName(t, detail.level)}</Descriptions.Item>
            <Descriptions.Item label={t('intel.confidence')}>{detail.confidence ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('intel.validFrom')}>{time(detail.validFrom)}</Descriptions.Item>
            <Descriptions.Item label={t('intel.validUntil')}>{time(detail.validUntil)}</Descriptions.Item>
            <Descriptions.Item label={t('intel.expiresAt')}>
              {detail.expiresAt ? formatDateTime(detail.expiresAt) : t('intel.never')}
            </Descriptions.Item>
            <Descriptions.Item label={t('intel.sourceTime')}>{time(detail.sourceTime)}</Descriptions.Item>
            <Descriptions.Item label={t('intel.labels')}>
              {detail.labels.length ? detail.labels.map((l) => <Tag key={l}>{l}</Tag>) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('intel.externalId')}>
              <Typography.Text copyable>{detail.externalId}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('intel.version')}>{detail.version || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('intel.ruleKey')}>
              <Typography.Text code copyable>
                {detail.ruleKey}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {detail.description && <Typography.Paragraph>{detail.description}</Typography.Paragraph>}
          <div>
            <Typography.Title level={5}>{t('intel.pattern')}</Typography.Title>
            <Typography.Paragraph>
              <pre
                style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}
                data-testid="indicator-pattern"
              >
                {detail.pattern}
              </pre>
            </Typography.Paragraph>
          </div>
          {detail.clauses.length > 0 && (
            <div>
              <Typography.Title level={5}>{t('intel.clauses')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('intel.clauseHint')}</Typography.Paragraph>
              <Flex vertical gap={4}>
                {detail.clauses.map((clause) => (
                  <Flex key={clause.map((c) => `${c.kind}:${c.value}`).join('&')} gap={4} wrap>
                    {clause.map((c) => (
                      <Tag key={`${c.kind}:${c.value}`}>
                        {c.kind}: {c.value}
                      </Tag>
                    ))}
                  </Flex>
                ))}
              </Flex>
            </div>
          )}
        </Flex>
      )}
    </Drawer>
  );
}
