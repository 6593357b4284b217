import { describe, expect, it } from 'vitest';
import { loadRuleText } from '../sigma/sigma-loader.ts';
import { createExplainer } from './sigma-explain.ts';

function ruleOf(yaml: string) {
  const loaded = loadRuleText(yaml, 'test');
  const rule = loaded.rules[0];
  if (!rule) throw new Error(JSON.stringify(loaded.unsupported));
  return rule;
}

describe('explaining a match', () => {
  it('names the event fields that matched, under their event path', () => {
    const rule = ruleOf(`
title: t
logsource: { category: webserver }
detection:
  sel_path: { url.path|endswith: '.php' }
  sel_q: { cs-uri-query|contains: 'cmd=' }
  filter: { source.ip: '10.0.0.1' }
  condition: sel_path and sel_q and not filter
`);
    const explain = createExplainer({ 'cs-uri-query': ['cs-uri-query', 'url.query'] }, {});
    const event = {
      url: { path: '/up/x.php', query: 'cmd=id' },
      source: { ip: '203.0.113.1' },
      http: { x: 'cmd=' },
    };
    expect(explain.explain(rule, event)).toEqual({ 'url.path': '/up/x.php', 'url.query': 'cmd=id' });
  });
  it('reports only the alternatives that hold', () => {
    const rule = ruleOf(`
title: t
detection:
  a: { user_agent.original|contains: sqlmap }
  b: { url.query|contains: 'union select' }
  condition: a or b
`);
    const explain = createExplainer({}, {});
    expect(explain.explain(rule, { user_agent: { original: 'sqlmap/1.7' }, url: { query: 'q=1' } })).toEqual({
      'user_agent.original': 'sqlmap/1.7',
    });
  });
  it('finds the fields holding a keyword', () => {
    const rule = ruleOf(`
title: t
detection:
  keywords: ['jndi:ldap']
  condition: keywords
`);
    const explain = createExplainer({}, {});
    expect(explain.explain(rule, { message: 'x $\u007bjndi:ldap://a/b}', other: 'clean' })).toEqual({
      message: 'x $\u007bjndi:ldap://a/b}',
    });
  });
});
