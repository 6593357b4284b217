import { App, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useShowError } from '../../components/useShowError.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { isoToShanghaiWall, shanghaiWallToIso } from './notice-logic.ts';
import type { NoticeDetail } from './notice-types.ts';

interface Values {
  signDueAt?: Dayjs | null;
  rectifyDueAt?: Dayjs | null;
  reason: string;
}

const FORMAT = 'YYYY-MM-DD HH:mm';
// dayjs reads 'YYYY-MM-DD HH:mm' natively; the picker shows China time whatever the browser's zone.
const toPicker = (iso: string | null) => (iso ? dayjs(isoToShanghaiWall(iso)) : null);
const fromPicker = (d: Dayjs | null | undefined) => (d ? shanghaiWallToIso(d.format(FORMAT)) : undefined);

/** Changes a notice's deadlines with a reason (audited, on the timeline, and the unit is told). */
export function DeadlineDialog({
  notice,
  open,
  onClose,
  onDone,
}: {
  notice: NoticeDetail;
  open: boolean;
  onClose: () => void;
  onDone: (notice: NoticeDetail | null) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open)
      form.setFieldsValue({
        signDueAt: toPicker(notice.signDueAt),
        rectifyDueAt: toPicker(notice.rectifyDueAt),
        reason: '',
      });
  }, [open, notice, form]);

  const submit = async (values: Values) => {
    // Only the deadlines that were changed are sent (pickers show minutes, the server keeps seconds).
    const sign = fromPicker(values.signDueAt);
    const rectify = fromPicker(values.rectifyDueAt);
    const changed = (next: string | undefined, current: string | null) =>
      next !== undefined && (!current || next !== shanghaiWallToIso(isoToShanghaiWall(current)));
    const body = {
      reason: values.reason.trim(),
      signDueAt: changed(sign, notice.signDueAt) ? sign : undefined,
      rectifyDueAt: changed(rectify, notice.rectifyDueAt) ? rectify : undefined,
    };
    if (!body.signDueAt && !body.rectifyDueAt) {
      message.warning(t('notice.deadlineNothing'));
      return;
    }
    setBusy(true);
    try {
      const { data } = await api.POST('/api/v1/notices/{id}/deadline', {
        params: { path: { id: notice.id } },
        body,
      });
      message.success(t('notice.deadlineChanged'));
      onDone(data ?? null);
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('notice.deadlineDialog')}
      okButtonProps={{ loading: busy, 'data-testid': 'deadline-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="deadline-form">
        {notice.state === 'issued' && (
          <Form.Item name="signDueAt" label={t('notices.signDue')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format={FORMAT} data-testid="deadline-sign" />
          </Form.Item>
        )}
        <Form.Item name="rectifyDueAt" label={t('notices.rectifyDue')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format={FORMAT} data-testid="deadline-rectify" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('notice.reason')}
          extra={t('notice.deadlineReasonHint')}
          rules={[{ required: true, whitespace: true, message: t('notice.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="deadline-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
