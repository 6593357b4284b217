import { SEVERITIES } from '@shouwang/common';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { severityColour } from '../notices/notice-logic.ts';
import { useRegions } from '../org/useRegions.ts';
import { MonitoringNav } from './MonitoringNav.tsx';
import type { RenderingStatus, SeverityPolicy, SeverityPolicyInput } from './monitoring-types.ts';

type PolicyForm = Pick<SeverityPolicy, 'types' | 'tlsExpiringLastDay'>;
type FindingType = keyof SeverityPolicy['types'];

/**
 * The office's monitoring policy: the severity each kind of finding is reported with, on the homepage and
 * on other pages (the notice policy then decides what is issued at once). Per region, inherited below it.
 */
export function MonitoringPolicyPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const me = useMe();
  const regions = useRegions();
  const [regionId, setRegionId] = useState(me.regionId);
  const [form] = Form.useForm<PolicyForm>();
  const [policy, setPolicy] = useState<SeverityPolicy | null>(null);
  const [failed, setFailed] = useState(false);
  const [saving, setSaving] = useState(false);

  const show = useCallback(
    (data: SeverityPolicy) => {
      setPolicy(data);
      form.setFieldsValue({ types: data.types, tlsExpiringLastDay: data.tlsExpiringLastDay });
    },
    [form],
  );

  useEffect(() => {
    setPolicy(null);
    setFailed(false);
    api
      .GET('/api/v1/monitoring/severity-policy', { params: { query: { regionId } } })
      .then(({ data }) => {
        if (data) show(data);
      })
      .catch((err) => {
        setFailed(true);
        showError(err);
      });
  }, [show, showError, regionId]);

  const put = async (body: SeverityPolicyInput) => {
    setSaving(true);
    try {
      const { data } = await api.PUT('/api/v1/monitoring/severity-policy', { body });
      if (data) show(data);
      message.success(t('common.saved'));
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  const editable = policy?.abilities.update === true;
  const own = policy !== null && policy.inheritedFrom === policy.regionId;
  const severityOptions = SEVERITIES.map((s) => ({
    value: s,
    label: <Tag color={severityColour(s)}>{label('severity', s)}</Tag>,
  }));
  const types = policy ? (Object.keys(policy.defaults.types) as FindingType[]) : [];
  const pick = (type: FindingType, where: 'homepage' | 'other') => (
    <Flex gap={8} align="center">
      <Form.Item name={['types', type, where]} style={{ margin: 0 }}>
        <Select options={severityOptions} style={{ width: 120 }} data-testid={`severity-${type}-${where}`} />
      </Form.Item>
      {policy && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('monitoring.policyDefault', { severity: label('severity', policy.defaults.types[type][where]) })}
        </Typography.Text>
      )}
    </Flex>
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('monitoring.title')}
        </Typography.Title>
        <MonitoringNav />
      </Flex>
      <Card title={t('monitoring.policyTitle')}>
        <Typography.Paragraph type="secondary">{t('monitoring.policyHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => put({ ...v, regionId })} disabled={!editable}>
          <Form.Item label={t('notices.region')}>
            <TreeSelect
              value={regionId}
              onChange={(id?: number) => setRegionId(id ?? me.regionId)}
              treeData={regions.treeData}
              treeDefaultExpandAll
              style={{ width: 240 }}
              disabled={false}
              data-testid="severity-policy-region"
            />
          </Form.Item>
          {failed ? (
            <Alert type="error" showIcon title={t('monitoring.policyLoadFailed')} />
          ) : !policy ? (
            <Skeleton active />
          ) : (
            <>
              {!editable && (
                <Alert type="info" showIcon title={t('settings.notAllowed')} style={{ marginBottom: 12 }} />
              )}
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="severity-policy-source"
                title={
                  own
                    ? t('monitoring.policyOwn')
                    : policy.inheritedFrom === null
                      ? t('monitoring.policyShipped')
                      : t('settings.inherited')
                }
              />
              <Table
                size="small"
                pagination={false}
                rowKey={(type) => type}
                dataSource={types}
                scroll={{ x: 'max-content' }}
                columns={[
                  {
                    title: t('monitoring.findingType'),
                    key: 'type',
                    render: (type: FindingType) => label('monitorFinding', type),
                  },
                  {
                    title: t('monitoring.policyHomepage'),
                    key: 'homepage',
                    render: (type: FindingType) => pick(type, 'homepage'),
                  },
                  {
                    title: t('monitoring.policyOther'),
                    key: 'other',
                    render: (type: FindingType) => pick(type, 'other'),
                  },
                ]}
              />
              <Form.Item
                name="tlsExpiringLastDay"
                label={t('monitoring.policyTlsLastDay')}
                style={{ marginTop: 16 }}
              >
                <Select
                  options={severityOptions}
                  style={{ width: 120 }}
                  data-testid="severity-tls-last-day"
                />
              </Form.Item>
              <Space wrap>
                <Button type="primary" htmlType="submit" loading={saving} data-testid="severity-policy-save">
                  {t('common.save')}
                </Button>
                <Button
                  onClick={() => form.setFieldsValue(policy.defaults)}
                  data-testid="severity-policy-defaults"
                >
                  {t('monitoring.policyFillDefaults')}
                </Button>
                {own && (
                  <Popconfirm
                    title={t('monitoring.policyInheritConfirm')}
                    onConfirm={() => put({ regionId, inherit: true })}
                  >
                    <Button danger data-testid="severity-policy-inherit">
                      {t('monitoring.policyInherit')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            </>
          )}
        </Form>
      </Card>
      <RenderingCard />
    </Space>
  );
}

/** Whether suspicious pages are rendered in headless Chromium, with which browser and limits. */
function RenderingCard() {
  const { t } = useI18n();
  const [status, setStatus] = useState<RenderingStatus | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    api
      .GET('/api/v1/monitoring/rendering')
      .then(({ data }) => setStatus(data ?? null))
      .catch(() => setFailed(true));
  }, []);
  return (
    <Card title={t('monitoring.renderingTitle')} size="small">
      {failed ? (
        <Alert type="error" showIcon title={t('monitoring.renderingLoadFailed')} />
      ) : !status ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : (
        <Space
          direction="vertical"
          size={4}
          data-testid="monitoring-rendering-status"
          data-enabled={status.enabled}
        >
          <Typography.Text>
            {status.enabled ? t('monitoring.renderingOn') : t('monitoring.renderingOff')}
          </Typography.Text>
          {status.enabled && !status.sandbox && (
            <Alert type="warning" showIcon title={t('monitoring.renderingNoSandbox')} />
          )}
          {status.enabled && (
            <>
              <Typography.Text type="secondary" data-testid="monitoring-rendering-version">
                {status.chromiumVersion
                  ? t('monitoring.renderingVersion', { version: status.chromiumVersion })
                  : t('monitoring.renderingVersionUnknown')}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t('monitoring.renderingLimits', {
                  minutes: status.intervalMinutes,
                  concurrency: status.concurrency,
                  seconds: status.timeoutSeconds,
                })}
              </Typography.Text>
            </>
          )}
        </Space>
      )}
    </Card>
  );
}
