// The checklist of a risk assessment for a major decision (重大事项舆情风险评估): each point is rated
// low / medium / high risk or not applicable, with a note. It rates the decision and its communication,
// never people.
export const RISK_CHECKLIST = [
  {
    key: 'legality',
    zh: '合法合规性：决策事项是否符合法律法规和政策规定，程序是否完备',
    en: 'Legality: does the decision follow laws, regulations and procedure',
  },
  {
    key: 'public_interest',
    zh: '群众利益：是否涉及群众切身利益，受影响人群范围和程度',
    en: 'Public interest: does it touch people’s vital interests, how many and how much',
  },
  {
    key: 'reasonableness',
    zh: '合理性：是否兼顾各方利益诉求，补偿或过渡安排是否适当',
    en: 'Reasonableness: are all parties’ interests weighed, are compensation and transition fair',
  },
  {
    key: 'feasibility',
    zh: '可行性：实施条件、时机和配套措施是否成熟',
    en: 'Feasibility: are conditions, timing and supporting measures ready',
  },
  {
    key: 'precedent',
    zh: '同类事项：本地区或其他地区同类事项是否曾引发舆情',
    en: 'Precedent: did similar matters here or elsewhere draw public attention',
  },
  {
    key: 'disclosure',
    zh: '信息公开：公开方案、政策解读和答问口径是否准备到位',
    en: 'Disclosure: are the announcement, explanation and Q&A ready',
  },
  {
    key: 'channels',
    zh: '回应渠道：新闻发言人、回应平台和回应时限是否明确',
    en: 'Response channels: are the spokesperson, platforms and response times set',
  },
  {
    key: 'monitoring',
    zh: '监测研判：决策公布前后的舆情监测和研判安排是否落实',
    en: 'Monitoring: is topic monitoring and assessment arranged before and after',
  },
  {
    key: 'contingency',
    zh: '应急处置：是否制定舆情应急预案，责任单位和联系人是否明确',
    en: 'Contingency: is there a response plan with responsible units and contacts',
  },
  {
    key: 'controllability',
    zh: '可控性：出现舆情时影响范围和持续时间是否可控',
    en: 'Controllability: would attention stay contained in scope and duration',
  },
] as const;

export const RISK_CHECK_KEYS: readonly string[] = RISK_CHECKLIST.map((c) => c.key);
