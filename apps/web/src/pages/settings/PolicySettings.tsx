import { SEVERITIES } from '@shouwang/common';
import { parseDuration } from '@shouwang/common/calendar/validate';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Form,
  Input,
  Select,
  Skeleton,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { severityColour } from '../notices/notice-logic.ts';
import type { NoticePolicy } from '../notices/notice-types.ts';
import { useRegions } from '../org/useRegions.ts';

type PolicyForm = Pick<
  NoticePolicy,
  'deadlines' | 'requireLeaderApproval' | 'docNumberPrefix' | 'officeShortName' | 'autoRaise'
>;

/** A form rule: the text is a duration the working calendar understands (5wd, 4wh, 3d). */
export function useDurationRule() {
  const { t } = useI18n();
  return {
    validator: async (_: unknown, value: unknown) => {
      if (typeof value !== 'string' || !parseDuration(value.trim()).ok)
        throw new Error(t('settings.durationInvalid'));
    },
  };
}

/** Deadlines per severity, leader approval by default and the document number prefix of this office. */
export function PolicySettings() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const durationRule = useDurationRule();
  const me = useMe();
  const regions = useRegions();
  const [regionId, setRegionId] = useState(me.regionId);
  const [form] = Form.useForm<PolicyForm>();
  const [policy, setPolicy] = useState<NoticePolicy | null>(null);
  const [saving, setSaving] = useState(false);
  const prefix = Form.useWatch('docNumberPrefix', form);
  const shortName = Form.useWatch('officeShortName', form);

  useEffect(() => {
    setPolicy(null);
    api
      .GET('/api/v1/notices/policy', { params: { query: { regionId } } })
      .then(({ data }) => {
        if (!data) return;
        setPolicy(data);
        form.setFieldsValue(data);
      })
      .catch(showError);
  }, [form, showError, regionId]);

  const save = async (values: PolicyForm) => {
    setSaving(true);
    try {
      const { data } = await api.PUT('/api/v1/notices/policy', {
        body: { ...values, officeShortName: values.officeShortName?.trim() || null, regionId },
      });
      if (data) {
        setPolicy(data);
        form.setFieldsValue(data);
      }
      message.success(t('common.saved'));
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  const severityOptions = SEVERITIES.map((s) => ({ value: s, label: label('severity', s) }));
  const editable = policy?.abilities.update === true;
  return (
    <Form form={form} layout="vertical" onFinish={save} style={{ maxWidth: 720 }} disabled={!editable}>
      <Form.Item label={t('notices.region')}>
        <TreeSelect
          value={regionId}
          onChange={(id?: number) => setRegionId(id ?? me.regionId)}
          treeData={regions.treeData}
          treeDefaultExpandAll
          style={{ width: 240 }}
          disabled={false}
          data-testid="policy-region"
        />
      </Form.Item>
      {!policy ? (
        <Skeleton active />
      ) : (
        <>
          {!editable && (
            <Alert type="info" showIcon title={t('settings.notAllowed')} style={{ marginBottom: 12 }} />
          )}
          {policy.inheritedFrom !== policy.regionId && (
            <Alert type="info" showIcon title={t('settings.inherited')} style={{ marginBottom: 12 }} />
          )}
          <Typography.Paragraph type="secondary">{t('settings.durationHint')}</Typography.Paragraph>
          <Table
            size="small"
            pagination={false}
            rowKey={(s) => s}
            dataSource={[...SEVERITIES]}
            columns={[
              {
                title: t('notices.severity'),
                key: 'severity',
                width: 160,
                render: (s: string) => <Tag color={severityColour(s)}>{label('severity', s)}</Tag>,
              },
              {
                title: t('settings.signWithin'),
                key: 'sign',
                render: (s: string) => (
                  <Form.Item name={['deadlines', s, 'sign']} rules={[durationRule]} style={{ margin: 0 }}>
                    <Input style={{ width: 120 }} data-testid={`policy-sign-${s}`} />
                  </Form.Item>
                ),
              },
              {
                title: t('settings.rectifyWithin'),
                key: 'rectify',
                render: (s: string) => (
                  <Form.Item name={['deadlines', s, 'rectify']} rules={[durationRule]} style={{ margin: 0 }}>
                    <Input style={{ width: 120 }} data-testid={`policy-rectify-${s}`} />
                  </Form.Item>
                ),
              },
            ]}
          />
          <Form.Item name="requireLeaderApproval" valuePropName="checked" style={{ marginTop: 16 }}>
            <Checkbox data-testid="policy-leader-approval">{t('settings.requireLeaderApproval')}</Checkbox>
          </Form.Item>
          <Form.Item
            name="docNumberPrefix"
            label={t('settings.docNumberPrefix')}
            rules={[{ required: true, whitespace: true, message: t('common.required') }]}
            extra={t('settings.docNumberExample', {
              example: t('settings.docNumberFormat', {
                office: shortName ?? '',
                prefix: prefix ?? '',
                year: new Date().getFullYear(),
                seq: 1,
              }),
            })}
          >
            <Input style={{ width: 200 }} maxLength={20} data-testid="policy-prefix" />
          </Form.Item>
          <Form.Item name="officeShortName" label={t('settings.officeShortName')}>
            <Input style={{ width: 200 }} maxLength={40} data-testid="policy-office" />
          </Form.Item>
          <Form.Item name={['autoRaise', 'issueHomepage']} label={t('settings.autoIssueHomepage')}>
            <Select mode="multiple" options={severityOptions} style={{ maxWidth: 420 }} />
          </Form.Item>
          <Form.Item name={['autoRaise', 'draft']} label={t('settings.autoDraft')}>
            <Select mode="multiple" options={severityOptions} style={{ maxWidth: 420 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="policy-save">
            {t('common.save')}
          </Button>
        </>
      )}
    </Form>
  );
}
