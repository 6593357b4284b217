import type { Locale } from '@shouwang/common';

// Field-level messages for JSON-schema keywords, so a bad form shows in the caller's language.
const messages: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    required: '必填',
    minLength: '长度至少为 {limit}',
    maxLength: '长度不能超过 {limit}',
    minimum: '不能小于 {limit}',
    maximum: '不能大于 {limit}',
    format: '格式不正确（{format}）',
    enum: '取值必须是：{allowed}',
    type: '类型应为 {type}',
    pattern: '格式不正确',
    additionalProperties: '不允许的字段',
    minItems: '至少 {limit} 项',
    maxItems: '最多 {limit} 项',
    anyOf: '取值不符合要求',
    const: '取值不符合要求',
  },
  'en-US': {
    required: 'is required',
    minLength: 'must be at least {limit} characters',
    maxLength: 'must be at most {limit} characters',
    minimum: 'must be >= {limit}',
    maximum: 'must be <= {limit}',
    format: 'must be a valid {format}',
    enum: 'must be one of: {allowed}',
    type: 'must be {type}',
    pattern: 'has the wrong format',
    additionalProperties: 'is not allowed',
    minItems: 'needs at least {limit} items',
    maxItems: 'allows at most {limit} items',
    anyOf: 'has an invalid value',
    const: 'has an invalid value',
  },
};

export interface SchemaIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turns ajv issues into {field, message} pairs in the caller's language. */
export function describeSchemaIssues(
  locale: Locale,
  issues: SchemaIssue[],
  context: string | undefined,
): { field: string; message: string }[] {
  return issues.map((issue) => {
    let field = issue.instancePath.replace(/^\//, '').replace(/\//g, '.');
    if (issue.keyword === 'required' && typeof issue.params.missingProperty === 'string') {
      field = field ? `${field}.${issue.params.missingProperty}` : issue.params.missingProperty;
    }
    if (issue.keyword === 'additionalProperties' && typeof issue.params.additionalProperty === 'string') {
      field = field ? `${field}.${issue.params.additionalProperty}` : issue.params.additionalProperty;
    }
    const template = messages[locale][issue.keyword];
    const params: Record<string, string> = {
      limit: String(issue.params.limit ?? ''),
      format: String(issue.params.format ?? ''),
      type: String(issue.params.type ?? ''),
      allowed: Array.isArray(issue.params.allowedValues) ? issue.params.allowedValues.join(', ') : '',
    };
    const message = template
      ? template.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '')
      : (issue.message ?? issue.keyword);
    const prefix = context && context !== 'body' ? `${context}.` : '';
    return { field: `${prefix}${field}` || (context ?? ''), message };
  });
}
