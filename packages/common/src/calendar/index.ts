export * from './calendar.i18n.ts';
export * from './shanghai-time.ts';
export * from './shipped.ts';
export * from './types.ts';
export * from './validate.ts';
export * from './working-calendar.ts';
