import { Flex, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { TotpCodeForm } from './TotpStep.tsx';

interface Enrolment {
  secret: string;
  qrDataUrl: string;
}

/** First sign-in of a user who needs a second factor: scan the QR code, then confirm with a code. */
export function EnrolStep({
  busy,
  onSubmit,
  onError,
}: {
  busy: boolean;
  onSubmit: (code: string) => void;
  onError: (message: string) => void;
}) {
  const { t } = useI18n();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);

  useEffect(() => {
    let cancelled = false;
    api
      .GET('/api/v1/auth/totp/enrolment')
      .then(({ data }) => {
        if (!cancelled && data) setEnrolment({ secret: data.secret, qrDataUrl: data.qrDataUrl });
      })
      .catch((err: unknown) => {
        if (!cancelled) onError(err instanceof ApiError ? err.message : t('error.boundary'));
      });
    return () => {
      cancelled = true;
    };
  }, [onError, t]);

  return (
    <>
      <Typography.Paragraph type="secondary">{t('login.enrolHint')}</Typography.Paragraph>
      <Flex vertical align="center" gap={8} style={{ marginBottom: 16 }}>
        {enrolment ? (
          <>
            <img
              src={enrolment.qrDataUrl}
              alt={t('login.qrAlt')}
              width={180}
              height={180}
              data-testid="enrol-qr"
            />
            <Typography.Text type="secondary">{t('login.secret')}</Typography.Text>
            <Typography.Text code copyable data-testid="enrol-secret" style={{ wordBreak: 'break-all' }}>
              {enrolment.secret}
            </Typography.Text>
          </>
        ) : (
          <Skeleton.Node active style={{ width: 180, height: 180 }} />
        )}
      </Flex>
      <TotpCodeForm busy={busy} onSubmit={onSubmit} submitLabel={t('login.enrolConfirm')} testId="enrol" />
    </>
  );
}
