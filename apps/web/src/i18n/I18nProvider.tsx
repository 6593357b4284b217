import type { Locale } from '@shouwang/common';
import { ConfigProvider } from 'antd';
import enUSAntd from 'antd/locale/en_US';
import zhCNAntd from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { setApiLocale } from '../api/client.ts';
import { type EnumGroup, enumLabel, type Translate, translator } from './catalogs.ts';
import { initialLocale, saveLocale } from './locale-store.ts';

interface I18nValue {
  locale: Locale;
  t: Translate;
  label: (group: EnumGroup, value: string) => string;
  /** Switches the UI language, remembers it, and tells the server through the sw_locale cookie. */
  setLocale: (locale: Locale) => void;
}

const I18nContext = createContext<I18nValue | null>(null);

function applyLocale(locale: Locale): void {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale;
  setApiLocale(locale);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const start = initialLocale();
    applyLocale(start);
    return start;
  });

  const setLocale = useCallback((next: Locale) => {
    saveLocale(next);
    applyLocale(next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const t = translator(locale);
    document.title = t('app.name');
    return { locale, t, label: (group, v) => enumLabel(locale, group, v), setLocale };
  }, [locale, setLocale]);

  return (
    <I18nContext.Provider value={value}>
      <ConfigProvider
        locale={locale === 'zh-CN' ? zhCNAntd : enUSAntd}
        theme={{ token: { colorPrimary: '#1668dc' } }}
      >
        {children}
      </ConfigProvider>
    </I18nContext.Provider>
  );
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
