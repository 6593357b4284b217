import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../api/errors.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { fieldErrorsFor } from './form-errors.ts';

/**
 * Shows a failed request to the user: inline on the form's fields when the server named them (nested
 * fields too; `rename` maps a server field to the form field that shows it under another name), otherwise
 * as a message (client errors) or a notification with the request id (server and network errors).
 */
export function useShowError() {
  const { message, notification } = App.useApp();
  const { t } = useI18n();
  return useCallback(
    (err: unknown, form?: FormInstance, rename?: Readonly<Record<string, string>>) => {
      if (!(err instanceof ApiError)) {
        console.error(err);
        message.error(t('error.boundary'));
        return;
      }
      // The sign-in redirect explains itself.
      if (err.needsSignIn) return;
      if (form && err.details.length > 0) {
        const names = form.getFieldsError().map((f) => f.name.join('.'));
        const { fields, other } = fieldErrorsFor(err.details, names, rename);
        form.setFields(fields);
        if (other.length === 0 && fields.length > 0) return;
        message.error([err.message, ...other].join('；'));
        return;
      }
      if (err.status >= 500 || err.status === 0) {
        notification.error({
          title: t('error.title'),
          description: (
            <>
              <div>{err.message}</div>
              {err.requestId && <small>{t('error.requestId', { id: err.requestId })}</small>}
            </>
          ),
        });
        return;
      }
      const extra = err.details.map((d) => (d.field ? `${d.field}: ${d.message}` : d.message));
      message.error([err.message, ...extra].join('；'));
    },
    [message, notification, t],
  );
}
