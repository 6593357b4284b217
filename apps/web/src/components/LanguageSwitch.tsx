import { TranslationOutlined } from '@ant-design/icons';
import type { Locale } from '@shouwang/common';
import { Button } from 'antd';
import { api } from '../api/client.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';

// Each language is named in itself, so a user who cannot read the current one still finds theirs.
const OTHER: Record<Locale, { locale: Locale; name: string }> = {
  'zh-CN': { locale: 'en-US', name: 'English' },
  'en-US': { locale: 'zh-CN', name: '中文' },
};

/** Toggles zh-CN / en-US; remembered locally, in the sw_locale cookie and, when signed in, on the account. */
export function LanguageSwitch({ ghost = false }: { ghost?: boolean }) {
  const { locale, setLocale, t } = useI18n();
  const { state } = useAuth();
  const other = OTHER[locale];
  const change = () => {
    setLocale(other.locale);
    if (state.status === 'signedIn') {
      // Best effort: the choice is already saved in the browser; the account copy only matters elsewhere.
      api.PUT('/api/v1/auth/me/locale', { body: { locale: other.locale } }).catch(() => undefined);
    }
  };
  return (
    <Button
      type={ghost ? 'text' : 'default'}
      icon={<TranslationOutlined />}
      onClick={change}
      data-testid="language-switch"
      aria-label={`${t('header.language')}: ${other.name}`}
      lang={other.locale}
    >
      {other.name}
    </Button>
  );
}
