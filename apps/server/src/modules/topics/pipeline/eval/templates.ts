// Texts of the labelled stream: everyday municipal matters as background, and injected events. Every
// place, school, road and company is fictional (the demo's 江川市); nothing here is political.
// Slots: {place} a district/town, {community} a housing estate, {road}, {school}, {time}, {n} a number,
// {shop} a business.

export const SLOTS: Readonly<Record<string, readonly string[]>> = {
  place: [
    '江川区',
    '临河区',
    '青山县',
    '白石县',
    '望江街道',
    '柳岸街道',
    '东湖街道',
    '河口镇',
    '沙洲镇',
    '青山镇',
    '白石镇',
    '龙泉镇',
  ],
  community: [
    '阳光花园',
    '幸福里小区',
    '锦绣家园',
    '滨江一号',
    '金桂苑',
    '翠湖小区',
    '新城公寓',
    '枫林湾',
    '和平里',
    '书香苑',
    '东方名城',
    '绿洲小区',
  ],
  road: [
    '人民路',
    '解放大道',
    '江滨路',
    '建设路',
    '学府路',
    '滨河路',
    '中山路',
    '长江路',
    '青年路',
    '工业大道',
  ],
  school: ['实验小学', '第一中学', '第三小学', '育才中学', '城南小学', '第二幼儿园'],
  time: ['今天早上', '昨晚', '这几天', '最近一周', '从上周开始', '今天下午', '每天晚上', '这个月'],
  n: ['2', '3', '5', '8', '10', '12', '20', '30', '50', '100', '200', '300'],
  shop: ['健身房', '理发店', '培训机构', '美容院', '洗车店', '游泳馆', '超市', '早教中心'],
};

/** Background issues: each key is one gold cluster; its phrasings share the core words. */
export const BACKGROUND: Readonly<Record<string, readonly string[]>> = {
  'water-pressure': [
    '{community}{time}水压很低，高层基本没水用',
    '{place}{community}水压低，楼上洗澡都没水',
    '{community}供水水压不足，五楼以上用水困难',
  ],
  'water-quality': [
    '{community}自来水发黄有异味，还能喝吗',
    '{place}这边自来水浑浊发黄，{time}都这样',
    '家里自来水有一股怪味，水质是不是有问题',
  ],
  'water-bill': [
    '这个月水费突然涨了{n}元，水表是不是坏了',
    '{community}水费账单不对，用水量比平时多一倍',
    '水费怎么这么高，申请核查水表',
  ],
  'traffic-light': [
    '{road}和{road}路口红绿灯坏了，车辆乱成一团',
    '{road}路口信号灯{time}一直不亮',
    '{place}{road}红绿灯故障，过马路很危险',
  ],
  'traffic-jam': [
    '{road}早高峰堵车太严重，堵了{n}分钟',
    '{time}{road}一直堵，能不能优化一下信号灯时长',
    '每天上班{road}堵得走不动',
  ],
  'illegal-parking': [
    '{community}门口乱停车，消防通道都被堵了',
    '{road}占道停车严重，公交车过不去',
    '小区门口占道乱停车没人管',
  ],
  'bus-route': [
    '{n}路公交改线以后{community}附近没有站了',
    '公交线路调整后{place}居民出行不方便',
    '希望恢复{n}路公交原来的线路',
  ],
  'school-enrol': [
    '{school}入学报名需要哪些材料',
    '孩子今年上小学，{place}学区怎么划分',
    '入学报名系统{time}登不上去',
  ],
  'school-fees': [
    '{school}课后服务收费{n}元一个月，是否合理',
    '课后服务费用是怎么定的，{school}家长有疑问',
    '学校课后服务自愿参加还收费吗',
  ],
  'school-bus': [
    '{school}校车超载，一辆车坐了{n}多个学生',
    '校车接送时间太早，孩子六点就要出门',
    '{place}校车路线能不能增加{community}站点',
  ],
  'heating-cold': [
    '{community}暖气不热，室内只有{n}度',
    '{time}暖气一直不热，物业说在检修',
    '{place}{community}供暖温度不达标，家里很冷',
  ],
  'heating-fee': [
    '供暖费今年怎么涨了，{community}每平米多收{n}元',
    '没有供暖也要交供暖费吗',
    '供暖费缴费渠道能不能增加线上支付',
  ],
  'noise-dance': [
    '{community}广场舞音响太大声，每天晚上吵到十点',
    '小区广场舞噪音扰民，老人孩子休息不好',
    '{place}广场舞声音太大，能不能限制音量',
  ],
  'noise-construction': [
    '{road}工地夜间施工，凌晨还在打桩',
    '{community}旁边工地半夜施工噪音扰民',
    '夜间施工有没有许可，{time}吵得睡不着',
  ],
  'noise-renovation': [
    '楼上装修噪音{time}从早上七点就开始',
    '{community}装修噪音太大，周末也不停',
    '装修时间有没有规定，邻居天天电钻',
  ],
  'prepaid-card': [
    '{shop}突然关门，预付卡里还有{n}元退不了',
    '{place}一家{shop}跑路了，办的预付卡怎么办',
    '预付卡退费难，{shop}老板联系不上',
  ],
  'takeaway-food': [
    '外卖吃出异物，商家不承认',
    '点的外卖有变质的味道，平台不给退款',
    '{place}一家外卖店卫生很差，食品安全谁来管',
  ],
  'online-refund': [
    '网购商品质量问题，商家拒绝退货退款',
    '买的家电坏了，售后一直推诿',
    '网购退款{n}天了还没到账',
  ],
  'weather-rain': [
    '{time}暴雨，{road}积水严重，车都熄火了',
    '下大雨{community}地下车库进水了',
    '{place}暴雨后道路积水，排水太慢',
  ],
  'weather-heat': [
    '高温天气户外工作人员怎么保障',
    '{time}太热了，{community}又停电了，空调用不了',
    '高温预警期间工地还在中午施工',
  ],
  'weather-wind': [
    '大风把{road}的广告牌吹歪了，很危险',
    '{community}大风吹倒了几棵树，挡住了路',
    '昨晚大风，{place}有树枝砸到车上',
  ],
  garbage: [
    '{community}垃圾清运不及时，堆了好几天',
    '垃圾分类投放点太远，老人不方便',
    '{road}垃圾桶满了没人清理，臭味很大',
  ],
  property: [
    '{community}物业不作为，电梯坏了一个月没修',
    '物业费年年涨，服务越来越差',
    '{community}业委会选举有问题，物业公司不配合',
  ],
  elevator: [
    '{community}电梯故障，{time}困人两次',
    '老旧小区加装电梯怎么申请',
    '电梯经常停运，{community}老人上下楼困难',
  ],
  'stray-dogs': [
    '{community}流浪狗很多，晚上不敢出门',
    '{place}流浪狗咬伤了小孩，谁来管',
    '小区里流浪猫流浪狗越来越多',
  ],
  'parking-fee': [
    '{community}停车费涨价，业主不同意',
    '医院停车位太少，停车费还贵',
    '{road}路边停车收费标准是什么',
  ],
  'hospital-appt': [
    '预约挂号平台总是约不上号',
    '市人民医院挂号排队太久，{time}排了{n}个小时',
    '网上预约挂号系统经常出错',
  ],
  'ev-charging': [
    '{community}能不能安装充电桩，物业不同意',
    '小区充电桩太少，电动车乱拉电线',
    '新能源车充电桩申请流程是什么',
  ],
  'shared-bikes': ['{road}共享单车乱停乱放，人行道都堵了', '地铁站口共享单车堆成山', '共享单车押金退不了'],
  streetlights: [
    '{road}路灯坏了好几盏，晚上很黑',
    '{community}门口路灯{time}不亮',
    '路灯晚上不亮，走夜路不安全',
  ],
  'social-security': [
    '社保卡补办要多久',
    '医保报销比例是多少，异地就医怎么备案',
    '社保转移手续怎么办理，要跑几次',
  ],
  'housing-repair': [
    '{community}楼顶漏水，维修基金怎么申请',
    '老旧小区改造什么时候轮到{community}',
    '外墙瓷砖脱落，砸到楼下车辆',
  ],
  'market-price': ['菜市场价格不明码标价', '{place}农贸市场缺斤短两', '超市打折商品结账时原价收费'],
  'pets-rules': [
    '养狗不拴绳，在{community}吓到小孩',
    '狗粪便没人清理，{community}草坪全是',
    '犬只登记办证在哪里办',
  ],
  'power-cut': [
    '{community}{time}突然停电，也没有通知',
    '{place}频繁停电，冰箱里东西都坏了',
    '计划停电能不能提前通知到小区',
  ],
  'gas-bill': ['燃气费预缴怎么办理', '燃气公司上门安检收费合理吗', '{community}燃气表读数不对，多收了燃气费'],
};

export interface EventSpec {
  key: string;
  /** Hours after the stream's start. */
  startHour: number;
  /** Hours over which the event's items arrive. */
  hours: number;
  /** Place path of the event, or null when it is spread across the city. */
  place: string | null;
  /** The post that goes viral: reposted with small edits `reposts` times. */
  viral: string;
  reposts: number;
  /** Other phrasings of the event, `varied` items in all. */
  phrasings: readonly string[];
  varied: number;
}

/** Injected events: sudden, local, and everyday (infrastructure, fraud, safety). */
export const EVENTS: readonly EventSpec[] = [
  {
    key: 'water-outage-donghu',
    startHour: 80,
    hours: 3,
    place: '江川市/江川区/东湖街道',
    viral:
      '紧急求助！东湖街道金桂苑附近主水管爆裂，整个片区停水了，自来水公司说抢修要到晚上，家里老人孩子没水用',
    reposts: 60,
    phrasings: [
      '东湖街道突然停水，听说是水管爆裂，什么时候恢复供水',
      '东湖这边全部停水了，有没有送水点',
      '东湖街道停水一上午了，能不能派送水车',
      '金桂苑停水，东湖街道是不是管道爆裂了',
    ],
    varied: 40,
  },
  {
    key: 'fraud-medical-insurance',
    startHour: 150,
    hours: 5,
    place: null,
    viral:
      '提醒大家：最近很多人收到冒充医保局的诈骗短信，说医保卡异常要冻结，让点链接输入银行卡密码，千万别信',
    reposts: 50,
    phrasings: [
      '收到短信说我的医保卡被冻结，要点链接解冻，是诈骗吗',
      '我妈被冒充医保局的电话骗了{n}元，怎么报警',
      '医保卡冻结的短信是真的吗，链接打不开',
      '冒充医保局诈骗短信又来了，已经好几个人被骗',
    ],
    varied: 60,
  },
  {
    key: 'school-stranger-qingshan',
    startHour: 200,
    hours: 3,
    place: '江川市/青山县/青山镇',
    viral: '青山镇第二小学放学时校门口有陌生人拍照，还尾随学生，家长们都很担心，请学校和派出所重视',
    reposts: 50,
    phrasings: [
      '青山镇第二小学门口的陌生人抓到了吗，孩子不敢上学',
      '青山二小校门口有可疑人员尾随学生，是真的吗',
      '今天去青山镇第二小学接孩子，门口很多家长在议论陌生人的事',
      '青山镇小学门口能不能加派人手巡逻',
    ],
    varied: 40,
  },
  {
    key: 'road-collapse-hekou',
    startHour: 250,
    hours: 2,
    place: '江川市/临河区/河口镇',
    viral: '河口镇滨河路中段路面塌陷，出现一个两米多宽的大坑，一辆电动车差点掉进去，请绕行',
    reposts: 50,
    phrasings: [
      '河口镇滨河路塌陷了，现在封路了吗',
      '滨河路那个塌陷的大坑有人围起来了吗，很危险',
      '河口镇路面塌陷，公交改道了没有',
    ],
    varied: 20,
  },
  {
    key: 'gas-leak-longquan',
    startHour: 300,
    hours: 2,
    place: '江川市/白石县/龙泉镇',
    viral: '龙泉镇新街一带煤气味很重，怀疑燃气泄漏，已经有人头晕，燃气公司快来看看',
    reposts: 50,
    phrasings: [
      '龙泉镇煤气味越来越大，要不要疏散',
      '龙泉镇燃气泄漏是真的吗，燃气公司来了没有',
      '龙泉镇新街闻到很浓的煤气味，不敢开火',
    ],
    varied: 25,
  },
];

export const PREFIXES: readonly string[] = [
  '',
  '',
  '',
  '请问',
  '反映一下：',
  '求助：',
  '@江川发布 ',
  '市长你好，',
  '【投诉】',
];
export const SUFFIXES: readonly string[] = [
  '',
  '',
  '',
  '希望尽快处理',
  '谢谢！',
  '有没有人管管',
  '！！',
  '。。。',
  '麻烦相关部门回复',
];
export const EMOJI: readonly string[] = ['😡', '😭', '🙏', '👍', '😤', '🆘', '😓'];
export const HOSTS: readonly string[] = [
  'https://www.jcwater.example/notice/',
  'http://news.jiangchuan.gov.example/a/',
  'https://m.weibo.example/status/',
];
