import type { Locale } from '@shouwang/common';
import type { PasswordRule } from './password-policy.ts';

/** The wording of each password rule, filled into the password_too_weak message. */
export const passwordRuleMessages: Record<Locale, Record<PasswordRule, string>> = {
  'zh-CN': {
    min_length: '长度至少 {min} 个字符',
    char_classes: '须包含小写字母、大写字母、数字、符号中的至少三类',
    contains_username: '不能包含用户名',
  },
  'en-US': {
    min_length: 'at least {min} characters',
    char_classes: 'at least three of: lower-case letters, upper-case letters, digits, symbols',
    contains_username: 'must not contain the user name',
  },
};
