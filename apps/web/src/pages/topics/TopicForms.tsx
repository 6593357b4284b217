import { DatePicker, Form, Input, InputNumber, Modal, Select, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useRegions } from '../org/useRegions.ts';
import type { AssessInput, TopicDetail } from './topic-types.ts';

interface FormProps {
  topicId: number;
  open: boolean;
  onClose: () => void;
  onSaved: (detail: TopicDetail) => void;
}

/** 研判: risk level, summary, affected regions and units, recommended action. */
export function AssessModal({ topicId, open, onClose, onSaved }: FormProps) {
  const { t } = useI18n();
  const showError = useShowError();
  const regions = useRegions();
  const [form] = Form.useForm<AssessInput & { unitId?: number | null }>();
  const [busy, setBusy] = useState(false);
  const submit = async (values: AssessInput & { unitId?: number | null }) => {
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/topics/{id}/assessments', {
        params: { path: { id: topicId } },
        body: {
          riskLevel: values.riskLevel,
          summary: values.summary,
          recommendedAction: values.recommendedAction,
          affectedRegionIds: values.affectedRegionIds ?? [],
          affectedUnitIds: values.unitId ? [values.unitId] : [],
        },
      });
      if (data) onSaved(data);
      form.resetFields();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('topics.assess.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'assess-save' }}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ affectedRegionIds: [] }}
      >
        <Form.Item name="riskLevel" label={t('topics.assess.level')} rules={[{ required: true }]}>
          <Select
            data-testid="assess-level"
            options={(['I', 'II', 'III', 'IV'] as const).map((l) => ({
              value: l,
              label: t(`topics.risk.${l}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="summary" label={t('topics.assess.summary')} rules={[{ required: true, max: 5000 }]}>
          <Input.TextArea rows={3} data-testid="assess-summary" />
        </Form.Item>
        <Form.Item name="affectedRegionIds" label={t('topics.assess.regions')}>
          <TreeSelect multiple treeData={regions.treeData} treeDefaultExpandAll allowClear />
        </Form.Item>
        <Form.Item name="unitId" label={t('topics.assess.units')}>
          <UnitSelect />
        </Form.Item>
        <Form.Item
          name="recommendedAction"
          label={t('topics.assess.recommended')}
          rules={[{ required: true, max: 5000 }]}
        >
          <Input.TextArea rows={3} data-testid="assess-action" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Links a notice or a citizen case by its number. */
export function LinkModal({ topicId, open, onClose, onSaved }: FormProps) {
  const { t } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm<{ kind: 'notice' | 'intake_case'; targetId: number }>();
  const [busy, setBusy] = useState(false);
  const submit = async (values: { kind: 'notice' | 'intake_case'; targetId: number }) => {
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/topics/{id}/links', {
        params: { path: { id: topicId } },
        body: values,
      });
      if (data) onSaved(data);
      form.resetFields();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('topics.link.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'link-save' }}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ kind: 'notice' }}>
        <Form.Item name="kind" label={t('topics.link.kind')} rules={[{ required: true }]}>
          <Select
            options={(['notice', 'intake_case'] as const).map((k) => ({
              value: k,
              label: t(`topics.link.kind.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="targetId" label={t('topics.link.target')} rules={[{ required: true }]}>
          <InputNumber min={1} style={{ width: '100%' }} data-testid="link-target" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ResponseValues {
  kind: 'statement' | 'clarification' | 'briefing' | 'interview' | 'other';
  channel: string;
  respondedAt: Dayjs;
  summary: string;
  url?: string;
}

/** Records a public response: kind, channel, time, what was said. */
export function RespondModal({ topicId, open, onClose, onSaved }: FormProps) {
  const { t } = useI18n();
  const showError = useShowError();
  const [form] = Form.useForm<ResponseValues>();
  const [busy, setBusy] = useState(false);
  const submit = async (values: ResponseValues) => {
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/topics/{id}/responses', {
        params: { path: { id: topicId } },
        body: {
          kind: values.kind,
          channel: values.channel,
          respondedAt: values.respondedAt.toDate().toISOString(),
          summary: values.summary,
          url: values.url?.trim() || null,
        },
      });
      if (data) onSaved(data);
      form.resetFields();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('topics.respond.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'respond-save' }}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ kind: 'statement', respondedAt: dayjs() }}
      >
        <Form.Item name="kind" label={t('topics.respond.kind')} rules={[{ required: true }]}>
          <Select
            options={(['statement', 'clarification', 'briefing', 'interview', 'other'] as const).map((k) => ({
              value: k,
              label: t(`topics.respond.kind.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="channel" label={t('topics.respond.channel')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="respond-channel" />
        </Form.Item>
        <Form.Item name="respondedAt" label={t('topics.respond.at')} rules={[{ required: true }]}>
          <DatePicker showTime style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="summary" label={t('topics.respond.summary')} rules={[{ required: true, max: 5000 }]}>
          <Input.TextArea rows={3} data-testid="respond-summary" />
        </Form.Item>
        <Form.Item name="url" label={t('topics.respond.url')} rules={[{ type: 'url' }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
