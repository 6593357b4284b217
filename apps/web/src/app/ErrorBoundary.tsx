import { Button, Result } from 'antd';
import { Component, type ReactNode } from 'react';
import { translator } from '../i18n/catalogs.ts';
import { initialLocale } from '../i18n/locale-store.ts';

interface State {
  failed: boolean;
}

/** Catches render errors (including a page chunk that failed to load after a deploy) and offers a reload. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error(error);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    const t = translator(initialLocale());
    return (
      <Result
        status="error"
        title={t('error.boundary')}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
}
