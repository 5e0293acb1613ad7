import type { EntryInput } from '../src/modules/entries/entry.schemas';
import type { Locale } from '../src/i18n/locales';
import { DEFAULT_CATEGORIES } from '../src/modules/prizes/prizes';

/** A seeded random generator (mulberry32), so every run builds the same corpus. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Domain words per language, most frequent first; a long tail of generated words follows them.
const HEAD: Record<Locale, string> = {
  en: 'digital internet access rural schools training community women youth mobile broadband health services data government online skills network connectivity farmers learning platform security local content centre teachers students development public open tools market radio literacy policy infrastructure innovation small business enterprise cooperative clinic records emergency climate water energy solar library archive language culture media journalism privacy ethics cooperation regional national programme project toolkit guidelines inclusion disability children protection cyber awareness',
  fr: 'numérique internet accès rurales écoles formation communauté femmes jeunes mobile santé services données gouvernement en ligne compétences réseau connectivité agriculteurs apprentissage plateforme sécurité contenu local centre enseignants élèves développement public outils marché radio alphabétisation politique infrastructure innovation entreprises coopérative dispensaire dossiers urgence climat eau énergie bibliothèque langue culture médias protection enfants',
  es: 'digital internet acceso rurales escuelas formación comunidad mujeres jóvenes móvil salud servicios datos gobierno en línea habilidades red conectividad agricultores aprendizaje plataforma seguridad contenido local centro docentes estudiantes desarrollo público herramientas mercado radio alfabetización política infraestructura innovación empresas cooperativa clínica registros emergencia clima agua energía biblioteca lengua cultura medios protección niños',
  ru: 'цифровой интернет доступ сельских школ обучение сообщество женщин молодежи мобильной здравоохранения услуги данных правительство онлайн навыки сети подключение фермеров образование платформа безопасность контент местный центр учителей студентов развитие открытые инструменты рынок радио грамотность политика инфраструктура инновации предприятий кооператив клиника записи чрезвычайных климат вода энергия библиотека язык культура средства защита детей',
  ar: 'الرقمية الإنترنت الوصول الريفية المدارس التدريب المجتمع النساء الشباب المحمول الصحة الخدمات البيانات الحكومة الإلكترونية المهارات الشبكة الاتصال المزارعين التعلم المنصة الأمن المحتوى المحلي المركز المعلمين الطلاب التنمية العامة الأدوات السوق الإذاعة محو الأمية السياسة البنية التحتية الابتكار المؤسسات التعاونية العيادة السجلات الطوارئ المناخ المياه الطاقة المكتبة اللغة الثقافة الإعلام حماية الأطفال',
  zh: '数字 互联网 接入 农村 学校 培训 社区 妇女 青年 移动 宽带 卫生 服务 数据 政府 在线 技能 网络 连接 农民 学习 平台 安全 本地 内容 中心 教师 学生 发展 公共 开放 工具 市场 广播 扫盲 政策 基础设施 创新 小微企业 合作社 诊所 档案 应急 气候 水资源 能源 图书馆 语言 文化 媒体 保护 儿童 电子商务 远程医疗',
};

const SYLLABLES: Record<Locale, string[]> = {
  en: 'ka lo mi ta ren vel dor sun pra tis mon gal fer bri cul ton har wes lin pol'.split(' '),
  fr: 'ba lé ri ton mou cha vil pré gre ssa tion eur ain oi lle mar dé ro'.split(' '),
  es: 'ca ma lo ri to ción ñu gue lla rre pe di sa mo te ra'.split(' '),
  ru: 'ка ло ми та рен вел дор сун пра тис мон гал фер бри кул тон'.split(' '),
  ar: 'كا لو مي تا رن فل در سن بر تس من غل فر بر كل تن'.split(' '),
  zh: '的 一 是 在 不 了 有 和 人 这 中 大 为 上 个 国 我 以 要 他 时 来 用 们 生 到 作 地 于 出 就 分 对 成 会 可 主 发 年 动 同 工 也 能 下 过 子 说 产 种 面 而 方 后 多 定 行 学 法 所 民 得 经 十 三 之 进 着 等 部 度 家 电 力 里 如 水 化 高 自 二 理 起 小 物 现 实 加 量 都 两 体 制 机 当 使 点 从 业 本 去 把 性 好 应 开 它 合 还 因 由 其 些 然 前 外 天 政 四 日 那 社 义 事 平 形 相 全 表 间 样 与 关 各 重 新 线 内 数 正 心 反 你 明 看 原 又 么 利 比 或 但 质 气 第 向 道 命 此 变 条 只 没 结 解 问 意 建 月 公 无 系 军 很 情 者 最 立 代 想 已 通 并 提 直 题 党 程 展 五 果 料 象 员 革 位 入 常 文 总 次 品 式 活 设 及 管 特 件 长 求 老 头 基 资 边 流 路 级 少 图 山 统 接 知 较 将 组 见 计 别 她 手 角 期 根 论 运 农 指 几 九 区 强 放 决 西 被 干 做 必 战 先 回 则 任 取 据 处 队 南 给 色 光 门 即 保 治 北 造 百 规 热 领 七 海 口 东 导 器 压 志 世 金 增 争 济 阶 油 思 术 极 交 受 联 什 认 六 共 权 收 证 改 清'.split(
    ' ',
  ),
};

function tail(locale: Locale, rnd: () => number, size: number): string[] {
  const syl = SYLLABLES[locale];
  const out = new Set<string>();
  while (out.size < size) {
    const n = locale === 'zh' ? 2 : 2 + Math.floor(rnd() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += syl[Math.floor(rnd() * syl.length)]!;
    out.add(w);
  }
  return [...out];
}

/** Draws an index in [0, n) with Zipf-like skew (exponent ~1). */
function zipf(rnd: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(Math.exp(rnd() * Math.log(n + 1)) - 1));
}

const LANG_SHARES: Array<[Locale, number]> = [
  ['en', 0.6],
  ['fr', 0.1],
  ['es', 0.1],
  ['ru', 0.08],
  ['ar', 0.06],
  ['zh', 0.06],
];
const TYPES = ['project', 'programme', 'training', 'conference', 'website', 'guideline', 'toolkit', 'other'] as const;
const STATUSES = ['planned', 'ongoing', 'completed'] as const;
const SCOPES = ['local', 'national', 'regional', 'international'] as const;
const STAKEHOLDERS = ['government', 'private-sector', 'civil-society', 'international-organisation', 'academia', 'technical-community', 'other'] as const;
// The action lines entries are tagged with: the vocabulary's leaves (C7 by its sub-lines), as the prizes' categories.
const LINES = DEFAULT_CATEGORIES;

/** The synthetic multilingual corpus of the search benchmark, deterministic for a seed. */
export function* syntheticEntries(count: number, countries: string[], seed = 42): Generator<EntryInput> {
  const rnd = random(seed);
  const vocab = Object.fromEntries(LANG_SHARES.map(([l]) => [l, [...HEAD[l].split(' '), ...tail(l, rnd, l === 'en' ? 30_000 : 12_000)]])) as Record<
    Locale,
    string[]
  >;
  const pickLang = () => {
    let r = rnd();
    for (const [l, share] of LANG_SHARES) if ((r -= share) <= 0) return l;
    return 'en' as Locale;
  };
  const words = (l: Locale, n: number) => {
    const v = vocab[l];
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(v[zipf(rnd, v.length)]!);
    return l === 'zh' ? out.join('') : out.join(' ');
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  for (let i = 0; i < count; i++) {
    const language = pickLang();
    const year = 2004 + Math.floor(rnd() * 23);
    const status = pick(STATUSES);
    yield {
      externalId: `bench-${i}`,
      kind: 'activity',
      issues: [],
      state: 'published',
      originalLanguage: language,
      translations: {
        [language]: {
          title: words(language, 5 + Math.floor(rnd() * 11)),
          summary: words(language, 20 + Math.floor(rnd() * 20)),
          description: words(language, 80 + Math.floor(rnd() * 221)),
        },
      },
      activityType: pick(TYPES),
      status,
      scope: pick(SCOPES),
      startDate: `${year}-0${1 + Math.floor(rnd() * 9)}-1${Math.floor(rnd() * 9)}`,
      endDate: status === 'completed' ? `${year + 1}-12-31` : null,
      countries: [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => countries[zipf(rnd, countries.length)]!))],
      regions: [],
      actionLines: [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(LINES)))],
      sdgs: [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => String(1 + Math.floor(rnd() * 17))))],
      targetGroups: [],
      organisations: [{ name: `Organisation ${Math.floor(rnd() * 5000)}`, role: 'lead', stakeholderType: pick(STAKEHOLDERS) }],
      links: [],
      contact: null,
      lastConfirmedAt: `${2020 + Math.floor(rnd() * 6)}-06-01`,
    } as EntryInput;
  }
}
