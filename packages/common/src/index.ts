export * from './assets.ts';
export * from './error-codes.ts';
export * from './i18n/locales.ts';
export * from './i18n/messages.ts';
export * from './notices/notice-states.ts';
export * from './notices/notification-topics.ts';
export * from './roles.ts';
export * from './severity.ts';
