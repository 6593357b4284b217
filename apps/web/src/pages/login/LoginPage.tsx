import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { safeNextPath } from '../../auth/next-path.ts';
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { EnrolStep } from './EnrolStep.tsx';
import { TotpStep } from './TotpStep.tsx';

type Step = 'password' | 'totp' | 'totp_enrol';

/** Sign-in: password, then the second factor (a code, or enrolling an authenticator the first time). */
export function LoginPage() {
  const { t } = useI18n();
  const { state, refresh } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const [step, setStepState] = useState<Step>('password');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const setStep = (next: Step) => {
    setError(null);
    setStepState(next);
  };

  if (state.status === 'signedIn') return <Navigate to={next} replace />;

  /** Moves on from a login/verify answer; 'done' loads the user and leaves this page. */
  const advance = async (answer: Step | 'done') => {
    if (answer === 'done') {
      await refresh();
      navigate(next, { replace: true });
    } else {
      setStep(answer);
    }
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('error.boundary'));
    } finally {
      setBusy(false);
    }
  };

  const submitPassword = (values: { username: string; password: string }) =>
    run(async () => {
      const { data } = await api.POST('/api/v1/auth/login', { body: values });
      if (data) await advance(data.next === 'done' ? 'done' : data.next);
    });

  const title =
    step === 'password' ? t('login.title') : step === 'totp' ? t('login.totpTitle') : t('login.enrolTitle');

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        background: 'linear-gradient(160deg, #e6f0ff 0%, #f5f5f5 60%)',
      }}
    >
      <div style={{ position: 'absolute', top: 12, right: 12 }}>
        <LanguageSwitch ghost />
      </div>
      <div style={{ textAlign: 'center', marginBottom: 24 }}>
        <Typography.Title level={1} style={{ margin: 0, color: '#1668dc', letterSpacing: 6 }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
      </div>
      <Card title={title} style={{ width: '100%', maxWidth: 400 }}>
        {params.get('expired') && step === 'password' && !error && (
          <Alert type="info" showIcon title={t('login.sessionExpired')} style={{ marginBottom: 16 }} />
        )}
        {error && (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        {step === 'password' && (
          <Form layout="vertical" onFinish={submitPassword} requiredMark={false} disabled={busy}>
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                autoComplete="username"
                autoFocus
                size="large"
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                size="large"
                data-testid="login-password"
              />
            </Form.Item>
            <Button
              type="primary"
              htmlType="submit"
              block
              size="large"
              loading={busy}
              data-testid="login-submit"
            >
              {t('login.submit')}
            </Button>
          </Form>
        )}
        {step === 'totp' && (
          <TotpStep
            busy={busy}
            onSubmit={(code) =>
              run(async () => {
                const { data } = await api.POST('/api/v1/auth/totp', { body: { code } });
                await advance(data?.next === 'done' || !data ? 'done' : data.next);
              })
            }
          />
        )}
        {step === 'totp_enrol' && (
          <EnrolStep
            busy={busy}
            onError={setError}
            onSubmit={(code) =>
              run(async () => {
                const { data } = await api.POST('/api/v1/auth/totp/enrolment', { body: { code } });
                await advance(data?.next === 'done' || !data ? 'done' : data.next);
              })
            }
          />
        )}
        {step !== 'password' && (
          <Button
            type="link"
            block
            icon={<SafetyOutlined />}
            onClick={() => setStep('password')}
            style={{ marginTop: 8 }}
          >
            {t('login.backToLogin')}
          </Button>
        )}
      </Card>
    </div>
  );
}
