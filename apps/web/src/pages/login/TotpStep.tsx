import { Button, Form, Input, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider.tsx';

export const TOTP_PATTERN = /^[0-9]{6}$/;

/** The 6-digit code field shared by verification and enrolment. */
export function TotpCodeForm({
  busy,
  onSubmit,
  submitLabel,
  testId,
}: {
  busy: boolean;
  onSubmit: (code: string) => void;
  submitLabel: string;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <Form
      layout="vertical"
      requiredMark={false}
      disabled={busy}
      onFinish={(v: { code: string }) => onSubmit(v.code)}
    >
      <Form.Item
        name="code"
        label={t('login.totpCode')}
        normalize={(v: string) => v.replace(/\D/g, '').slice(0, 6)}
        rules={[{ required: true, pattern: TOTP_PATTERN, message: t('login.totpCodeInvalid') }]}
      >
        <Input
          inputMode="numeric"
          autoComplete="one-time-code"
          autoFocus
          maxLength={6}
          size="large"
          style={{ letterSpacing: 8, textAlign: 'center', fontSize: 20 }}
          data-testid={`${testId}-code`}
        />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        block
        size="large"
        loading={busy}
        data-testid={`${testId}-submit`}
      >
        {submitLabel}
      </Button>
    </Form>
  );
}

export function TotpStep({ busy, onSubmit }: { busy: boolean; onSubmit: (code: string) => void }) {
  const { t } = useI18n();
  return (
    <>
      <Typography.Paragraph type="secondary">{t('login.totpHint')}</Typography.Paragraph>
      <TotpCodeForm busy={busy} onSubmit={onSubmit} submitLabel={t('login.verify')} testId="totp" />
    </>
  );
}
