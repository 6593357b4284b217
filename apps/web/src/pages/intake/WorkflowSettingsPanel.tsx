import {
  Alert,
  App,
  Button,
  Checkbox,
  Flex,
  Form,
  Input,
  Skeleton,
  Table,
  TreeSelect,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useMe } from '../../auth/AuthProvider.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useRegions } from '../org/useRegions.ts';
import { useDurationRule } from '../settings/PolicySettings.tsx';
import { intakeLabel } from './intake-types.ts';
import { HANDLING_TYPES, type WorkflowSettings } from './settings-logic.ts';

type WorkflowForm = Pick<
  WorkflowSettings,
  'signDeadline' | 'handleDeadlines' | 'maxExtension' | 'requireLeaderApproval'
>;

/**
 * An office's case deadlines on the working calendar (sign, reply per type, longest extension) and
 * two-step approval, for any region of its jurisdiction; a region without its own settings shows the
 * ones it inherits.
 */
export function WorkflowSettingsPanel() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const durationRule = useDurationRule();
  const me = useMe();
  const regions = useRegions();
  const [regionId, setRegionId] = useState(me.regionId);
  const [settings, setSettings] = useState<WorkflowSettings | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<WorkflowForm>();

  useEffect(() => {
    setSettings(null);
    api
      .GET('/api/v1/intake/settings', { params: { query: { regionId } } })
      .then(({ data }) => {
        if (!data) return;
        setSettings(data);
        form.setFieldsValue(data);
      })
      .catch(showError);
  }, [form, regionId, showError]);

  const save = async (values: WorkflowForm) => {
    setSaving(true);
    try {
      const { data } = await api.PUT('/api/v1/intake/settings', {
        params: { query: { regionId } },
        body: {
          signDeadline: values.signDeadline.trim(),
          handleDeadlines: {
            enquiry: values.handleDeadlines.enquiry.trim(),
            help: values.handleDeadlines.help.trim(),
            suggestion: values.handleDeadlines.suggestion.trim(),
            complaint: values.handleDeadlines.complaint.trim(),
            report: values.handleDeadlines.report.trim(),
          },
          maxExtension: values.maxExtension.trim(),
          requireLeaderApproval: values.requireLeaderApproval,
        },
      });
      if (data) {
        setSettings(data);
        form.setFieldsValue(data);
      }
      message.success(t('common.saved'));
    } catch (err) {
      showError(err, form);
    } finally {
      setSaving(false);
    }
  };

  const regionName = (id: number | null) => regions.regions.find((r) => r.id === id)?.name ?? '';
  const editable = settings?.abilities.update === true;
  const typeLabel = (h: (typeof HANDLING_TYPES)[number]) =>
    h === 'report' ? intakeLabel(t, 'kindValue', 'report') : intakeLabel(t, 'messageTypeValue', h);

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={save}
      style={{ maxWidth: 720 }}
      disabled={!editable}
      data-testid="workflow-form"
    >
      <Form.Item label={t('intake.workflow.region')}>
        <TreeSelect
          value={regionId}
          onChange={(id?: number) => setRegionId(id ?? me.regionId)}
          treeData={regions.treeData}
          treeDefaultExpandAll
          style={{ width: 240 }}
          disabled={false}
          data-testid="workflow-region"
        />
      </Form.Item>
      {!settings ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={12}>
          {!editable && <Alert type="info" showIcon title={t('settings.notAllowed')} />}
          <Alert
            type={settings.inheritedFromRegionId === settings.regionId ? 'success' : 'info'}
            showIcon
            data-testid="workflow-source"
            title={
              settings.inheritedFromRegionId === null
                ? t('intake.workflow.defaults')
                : settings.inheritedFromRegionId === settings.regionId
                  ? t('intake.workflow.own')
                  : t('intake.workflow.inherited', { region: regionName(settings.inheritedFromRegionId) })
            }
          />
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('settings.durationHint')} {t('intake.workflow.calendarNote')}
          </Typography.Paragraph>
          <Form.Item name="signDeadline" label={t('intake.workflow.sign')} rules={[durationRule]}>
            <Input style={{ width: 160 }} data-testid="workflow-sign" />
          </Form.Item>
          <Typography.Text strong>{t('intake.workflow.handle')}</Typography.Text>
          <Table
            size="small"
            pagination={false}
            rowKey={(h) => h}
            dataSource={[...HANDLING_TYPES]}
            columns={[
              { title: t('intake.workflow.type'), key: 'type', width: 200, render: typeLabel },
              {
                title: t('intake.workflow.within'),
                key: 'within',
                render: (h: string) => (
                  <Form.Item name={['handleDeadlines', h]} rules={[durationRule]} style={{ margin: 0 }}>
                    <Input style={{ width: 160 }} data-testid={`workflow-handle-${h}`} />
                  </Form.Item>
                ),
              },
            ]}
          />
          <Form.Item name="maxExtension" label={t('intake.workflow.maxExtension')} rules={[durationRule]}>
            <Input style={{ width: 160 }} data-testid="workflow-max-extension" />
          </Form.Item>
          <Form.Item name="requireLeaderApproval" valuePropName="checked">
            <Checkbox data-testid="workflow-leader-approval">{t('intake.workflow.leaderApproval')}</Checkbox>
          </Form.Item>
          {editable && (
            <Flex>
              <Button type="primary" htmlType="submit" loading={saving} data-testid="workflow-save">
                {t('common.save')}
              </Button>
            </Flex>
          )}
        </Flex>
      )}
    </Form>
  );
}
