/**
 * The demo register's phrase tables, written for it in six languages: countries, themes, people and
 * fictional organisations from which demo.generate.ts composes actors, publications, events and stories.
 * Every name here is invented; where a theme names a real place it is a public fact (a city, a country).
 */
import type { Locale } from '../../i18n/locales';

export type Tr = Record<Locale, string>;

export interface DemoCountry {
  code: string;
  city: Tr;
  zone: string;
  lat: number;
  lon: number;
  name: Tr;
}

export const COUNTRIES: Record<string, DemoCountry> = {
  KE: {
    code: 'KE',
    zone: 'Africa/Nairobi',
    lat: -1.29,
    lon: 36.82,
    name: { en: 'Kenya', fr: 'Kenya', es: 'Kenia', ar: 'كينيا', zh: '肯尼亚', ru: 'Кения' },
    city: { en: 'Nairobi', fr: 'Nairobi', es: 'Nairobi', ar: 'نيروبي', zh: '内罗毕', ru: 'Найроби' },
  },
  NG: {
    code: 'NG',
    zone: 'Africa/Lagos',
    lat: 6.52,
    lon: 3.38,
    name: { en: 'Nigeria', fr: 'Nigeria', es: 'Nigeria', ar: 'نيجيريا', zh: '尼日利亚', ru: 'Нигерия' },
    city: { en: 'Lagos', fr: 'Lagos', es: 'Lagos', ar: 'لاغوس', zh: '拉各斯', ru: 'Лагос' },
  },
  SN: {
    code: 'SN',
    zone: 'Africa/Dakar',
    lat: 14.72,
    lon: -17.47,
    name: { en: 'Senegal', fr: 'Sénégal', es: 'Senegal', ar: 'السنغال', zh: '塞内加尔', ru: 'Сенегал' },
    city: { en: 'Dakar', fr: 'Dakar', es: 'Dakar', ar: 'داكار', zh: '达喀尔', ru: 'Дакар' },
  },
  MA: {
    code: 'MA',
    zone: 'Africa/Casablanca',
    lat: 34.02,
    lon: -6.83,
    name: { en: 'Morocco', fr: 'Maroc', es: 'Marruecos', ar: 'المغرب', zh: '摩洛哥', ru: 'Марокко' },
    city: { en: 'Rabat', fr: 'Rabat', es: 'Rabat', ar: 'الرباط', zh: '拉巴特', ru: 'Рабат' },
  },
  EG: {
    code: 'EG',
    zone: 'Africa/Cairo',
    lat: 30.04,
    lon: 31.24,
    name: { en: 'Egypt', fr: 'Égypte', es: 'Egipto', ar: 'مصر', zh: '埃及', ru: 'Египет' },
    city: { en: 'Cairo', fr: 'Le Caire', es: 'El Cairo', ar: 'القاهرة', zh: '开罗', ru: 'Каир' },
  },
  JO: {
    code: 'JO',
    zone: 'Asia/Amman',
    lat: 31.95,
    lon: 35.93,
    name: { en: 'Jordan', fr: 'Jordanie', es: 'Jordania', ar: 'الأردن', zh: '约旦', ru: 'Иордания' },
    city: { en: 'Amman', fr: 'Amman', es: 'Amán', ar: 'عمّان', zh: '安曼', ru: 'Амман' },
  },
  IN: {
    code: 'IN',
    zone: 'Asia/Kolkata',
    lat: 12.97,
    lon: 77.59,
    name: { en: 'India', fr: 'Inde', es: 'India', ar: 'الهند', zh: '印度', ru: 'Индия' },
    city: { en: 'Bengaluru', fr: 'Bangalore', es: 'Bangalore', ar: 'بنغالور', zh: '班加罗尔', ru: 'Бангалор' },
  },
  CN: {
    code: 'CN',
    zone: 'Asia/Shanghai',
    lat: 22.54,
    lon: 114.06,
    name: { en: 'China', fr: 'Chine', es: 'China', ar: 'الصين', zh: '中国', ru: 'Китай' },
    city: { en: 'Shenzhen', fr: 'Shenzhen', es: 'Shenzhen', ar: 'شنتشن', zh: '深圳', ru: 'Шэньчжэнь' },
  },
  PH: {
    code: 'PH',
    zone: 'Asia/Manila',
    lat: 14.6,
    lon: 120.98,
    name: { en: 'Philippines', fr: 'Philippines', es: 'Filipinas', ar: 'الفلبين', zh: '菲律宾', ru: 'Филиппины' },
    city: { en: 'Manila', fr: 'Manille', es: 'Manila', ar: 'مانيلا', zh: '马尼拉', ru: 'Манила' },
  },
  FJ: {
    code: 'FJ',
    zone: 'Pacific/Fiji',
    lat: -18.14,
    lon: 178.44,
    name: { en: 'Fiji', fr: 'Fidji', es: 'Fiyi', ar: 'فيجي', zh: '斐济', ru: 'Фиджи' },
    city: { en: 'Suva', fr: 'Suva', es: 'Suva', ar: 'سوفا', zh: '苏瓦', ru: 'Сува' },
  },
  BR: {
    code: 'BR',
    zone: 'America/Sao_Paulo',
    lat: -23.55,
    lon: -46.63,
    name: { en: 'Brazil', fr: 'Brésil', es: 'Brasil', ar: 'البرازيل', zh: '巴西', ru: 'Бразилия' },
    city: { en: 'São Paulo', fr: 'São Paulo', es: 'São Paulo', ar: 'ساو باولو', zh: '圣保罗', ru: 'Сан-Паулу' },
  },
  MX: {
    code: 'MX',
    zone: 'America/Mexico_City',
    lat: 20.67,
    lon: -103.35,
    name: { en: 'Mexico', fr: 'Mexique', es: 'México', ar: 'المكسيك', zh: '墨西哥', ru: 'Мексика' },
    city: { en: 'Guadalajara', fr: 'Guadalajara', es: 'Guadalajara', ar: 'غوادالاخارا', zh: '瓜达拉哈拉', ru: 'Гвадалахара' },
  },
  CO: {
    code: 'CO',
    zone: 'America/Bogota',
    lat: 4.71,
    lon: -74.07,
    name: { en: 'Colombia', fr: 'Colombie', es: 'Colombia', ar: 'كولومبيا', zh: '哥伦比亚', ru: 'Колумбия' },
    city: { en: 'Bogotá', fr: 'Bogota', es: 'Bogotá', ar: 'بوغوتا', zh: '波哥大', ru: 'Богота' },
  },
  CL: {
    code: 'CL',
    zone: 'America/Santiago',
    lat: -33.45,
    lon: -70.67,
    name: { en: 'Chile', fr: 'Chili', es: 'Chile', ar: 'تشيلي', zh: '智利', ru: 'Чили' },
    city: { en: 'Santiago', fr: 'Santiago', es: 'Santiago', ar: 'سانتياغو', zh: '圣地亚哥', ru: 'Сантьяго' },
  },
  CA: {
    code: 'CA',
    zone: 'America/Toronto',
    lat: 45.5,
    lon: -73.57,
    name: { en: 'Canada', fr: 'Canada', es: 'Canadá', ar: 'كندا', zh: '加拿大', ru: 'Канада' },
    city: { en: 'Montreal', fr: 'Montréal', es: 'Montreal', ar: 'مونتريال', zh: '蒙特利尔', ru: 'Монреаль' },
  },
  US: {
    code: 'US',
    zone: 'America/New_York',
    lat: 40.71,
    lon: -74.01,
    name: { en: 'United States', fr: 'États-Unis', es: 'Estados Unidos', ar: 'الولايات المتحدة', zh: '美国', ru: 'США' },
    city: { en: 'New York', fr: 'New York', es: 'Nueva York', ar: 'نيويورك', zh: '纽约', ru: 'Нью-Йорк' },
  },
  FR: {
    code: 'FR',
    zone: 'Europe/Paris',
    lat: 45.76,
    lon: 4.84,
    name: { en: 'France', fr: 'France', es: 'Francia', ar: 'فرنسا', zh: '法国', ru: 'Франция' },
    city: { en: 'Lyon', fr: 'Lyon', es: 'Lyon', ar: 'ليون', zh: '里昂', ru: 'Лион' },
  },
  CH: {
    code: 'CH',
    zone: 'Europe/Zurich',
    lat: 46.2,
    lon: 6.14,
    name: { en: 'Switzerland', fr: 'Suisse', es: 'Suiza', ar: 'سويسرا', zh: '瑞士', ru: 'Швейцария' },
    city: { en: 'Geneva', fr: 'Genève', es: 'Ginebra', ar: 'جنيف', zh: '日内瓦', ru: 'Женева' },
  },
  RU: {
    code: 'RU',
    zone: 'Europe/Moscow',
    lat: 55.79,
    lon: 49.12,
    name: { en: 'Russia', fr: 'Russie', es: 'Rusia', ar: 'روسيا', zh: '俄罗斯', ru: 'Россия' },
    city: { en: 'Kazan', fr: 'Kazan', es: 'Kazán', ar: 'قازان', zh: '喀山', ru: 'Казань' },
  },
  KZ: {
    code: 'KZ',
    zone: 'Asia/Almaty',
    lat: 43.24,
    lon: 76.89,
    name: { en: 'Kazakhstan', fr: 'Kazakhstan', es: 'Kazajistán', ar: 'كازاخستان', zh: '哈萨克斯坦', ru: 'Казахстан' },
    city: { en: 'Almaty', fr: 'Almaty', es: 'Almaty', ar: 'ألماتي', zh: '阿拉木图', ru: 'Алматы' },
  },
};

/** The countries each language's entries are mostly about (Kenya is added to every tenth entry whatever its language). */
export const COUNTRY_POOLS: Record<Locale, string[]> = {
  en: ['KE', 'NG', 'IN', 'PH', 'FJ', 'US'],
  fr: ['SN', 'MA', 'FR', 'CA', 'CH'],
  es: ['MX', 'CO', 'CL', 'BR'],
  ar: ['EG', 'JO', 'MA'],
  zh: ['CN', 'KE', 'PH'],
  ru: ['RU', 'KZ'],
};

export interface Theme {
  /** A noun phrase: in French and Spanish with its article, in Russian in the nominative (it is quoted). */
  name: Tr;
  /** Arabic and Chinese in Latin script, for the documents (which carry no Arabic or Chinese font). */
  latin: { ar: string; zh: string };
  actionLines: string[];
  sdgs: string[];
  issues: string[];
  targetGroups: string[];
}

export const THEMES: Theme[] = [
  {
    name: {
      en: 'digital skills for teachers',
      fr: 'les compétences numériques des enseignants',
      es: 'las competencias digitales del profesorado',
      ar: 'المهارات الرقمية للمعلمين',
      zh: '教师数字技能',
      ru: 'цифровые навыки учителей',
    },
    latin: { ar: 'al-maharat al-raqmiya lil-mu`allimin', zh: 'jiaoshi shuzi jineng' },
    actionLines: ['c4', 'c7-e-learning'],
    sdgs: ['4', '4.c'],
    issues: ['capacity-development', 'online-education'],
    targetGroups: ['teachers-students'],
  },
  {
    name: {
      en: 'rural broadband',
      fr: 'le haut débit en zone rurale',
      es: 'la banda ancha rural',
      ar: 'النطاق العريض في الأرياف',
      zh: '农村宽带',
      ru: 'сельский широкополосный доступ',
    },
    latin: { ar: 'al-nitaq al-`arid fi al-aryaf', zh: 'nongcun kuandai' },
    actionLines: ['c2'],
    sdgs: ['9', '9.c'],
    issues: ['telecommunications-infrastructure', 'digital-access'],
    targetGroups: ['rural-communities'],
  },
  {
    name: {
      en: 'children’s safety online',
      fr: 'la sécurité des enfants en ligne',
      es: 'la seguridad de la infancia en línea',
      ar: 'سلامة الأطفال على الإنترنت',
      zh: '儿童网络安全',
      ru: 'безопасность детей в интернете',
    },
    latin: { ar: 'salamat al-atfal `ala al-internet', zh: 'ertong wangluo anquan' },
    actionLines: ['c5'],
    sdgs: ['16', '16.2'],
    issues: ['child-safety-online', 'children-rights'],
    targetGroups: ['children'],
  },
  {
    name: {
      en: 'privacy of health data',
      fr: 'la confidentialité des données de santé',
      es: 'la privacidad de los datos de salud',
      ar: 'خصوصية البيانات الصحية',
      zh: '健康数据隐私',
      ru: 'защита медицинских данных',
    },
    latin: { ar: 'khususiyat al-bayanat al-sihhiya', zh: 'jiankang shuju yinsi' },
    actionLines: ['c7-e-health', 'c5'],
    sdgs: ['3', '3.d'],
    issues: ['privacy-and-data-protection', 'data-governance'],
    targetGroups: ['general-public'],
  },
  {
    name: {
      en: 'online public services',
      fr: 'les services publics en ligne',
      es: 'los servicios públicos en línea',
      ar: 'الخدمات العامة الإلكترونية',
      zh: '在线公共服务',
      ru: 'электронные государственные услуги',
    },
    latin: { ar: 'al-khadamat al-`amma al-iliktruniya', zh: 'zaixian gonggong fuwu' },
    actionLines: ['c7-e-government', 'c1'],
    sdgs: ['16', '16.6'],
    issues: ['digital-identities', 'digital-access'],
    targetGroups: ['public-servants'],
  },
  {
    name: {
      en: 'women and girls in technology',
      fr: 'les femmes et les filles dans la technologie',
      es: 'las mujeres y las niñas en la tecnología',
      ar: 'النساء والفتيات في مجال التكنولوجيا',
      zh: '科技领域的妇女和女童',
      ru: 'женщины и девушки в технологиях',
    },
    latin: { ar: 'al-nisa’ wal-fatayat fi majal al-teknolojia', zh: 'keji lingyu de funü he nütong' },
    actionLines: ['c4', 'c1'],
    sdgs: ['5', '5.b'],
    issues: ['gender-rights-online', 'capacity-development'],
    targetGroups: ['women-girls'],
  },
  {
    name: {
      en: 'cybersecurity for small businesses',
      fr: 'la cybersécurité des petites entreprises',
      es: 'la ciberseguridad de las pequeñas empresas',
      ar: 'الأمن السيبراني للشركات الصغيرة',
      zh: '小企业网络安全',
      ru: 'кибербезопасность малого бизнеса',
    },
    latin: { ar: 'al-amn al-sibrani lil-sharikat al-saghira', zh: 'xiao qiye wangluo anquan' },
    actionLines: ['c5', 'c7-e-business'],
    sdgs: ['8', '9'],
    issues: ['cybersecurity', 'network-security'],
    targetGroups: ['smes'],
  },
  {
    name: {
      en: 'governance of artificial intelligence',
      fr: 'la gouvernance de l’intelligence artificielle',
      es: 'la gobernanza de la inteligencia artificial',
      ar: 'حوكمة الذكاء الاصطناعي',
      zh: '人工智能治理',
      ru: 'регулирование искусственного интеллекта',
    },
    latin: { ar: 'hawkamat al-dhaka’ al-istina`i', zh: 'rengong zhineng zhili' },
    actionLines: ['c10', 'c1'],
    sdgs: ['16', '9.5'],
    issues: ['artificial-intelligence', 'human-rights-principles'],
    targetGroups: ['general-public'],
  },
  {
    name: {
      en: 'e-waste recycling',
      fr: 'le recyclage des déchets électroniques',
      es: 'el reciclaje de residuos electrónicos',
      ar: 'إعادة تدوير النفايات الإلكترونية',
      zh: '电子废物回收',
      ru: 'переработка электронных отходов',
    },
    latin: { ar: 'i`adat tadwir al-nifayat al-iliktruniya', zh: 'dianzi feiwu huishou' },
    actionLines: ['c7-e-environment'],
    sdgs: ['12', '12.5'],
    issues: ['e-waste', 'sustainable-development'],
    targetGroups: ['general-public'],
  },
  {
    name: {
      en: 'content in local languages',
      fr: 'les contenus en langues locales',
      es: 'los contenidos en lenguas locales',
      ar: 'المحتوى باللغات المحلية',
      zh: '本地语言内容',
      ru: 'контент на местных языках',
    },
    latin: { ar: 'al-muhtawa bil-lughat al-mahalliya', zh: 'bendi yuyan neirong' },
    actionLines: ['c8'],
    sdgs: ['4', '10'],
    issues: ['multilingualism', 'cultural-diversity'],
    targetGroups: ['indigenous-peoples'],
  },
  {
    name: {
      en: 'accessible websites',
      fr: 'l’accessibilité des sites web',
      es: 'la accesibilidad de los sitios web',
      ar: 'إتاحة المواقع الإلكترونية',
      zh: '无障碍网站',
      ru: 'доступность веб-сайтов',
    },
    latin: { ar: 'itahat al-mawaqi` al-iliktruniya', zh: 'wu zhang’ai wangzhan' },
    actionLines: ['c3', 'c4'],
    sdgs: ['10', '10.2'],
    issues: ['rights-of-persons-with-disabilities', 'digital-access'],
    targetGroups: ['persons-with-disabilities'],
  },
  {
    name: {
      en: 'mobile money for households',
      fr: 'le paiement mobile pour les ménages',
      es: 'el dinero móvil para los hogares',
      ar: 'الدفع عبر الهاتف المحمول للأسر',
      zh: '家庭移动支付',
      ru: 'мобильные платежи для семей',
    },
    latin: { ar: 'al-daf` `abr al-hatif al-mahmul lil-usar', zh: 'jiating yidong zhifu' },
    actionLines: ['c7-e-business'],
    sdgs: ['1', '8.10'],
    issues: ['inclusive-finance', 'consumer-protection'],
    targetGroups: ['rural-communities'],
  },
  {
    name: {
      en: 'climate data for farmers',
      fr: 'les données climatiques pour les agriculteurs',
      es: 'los datos climáticos para la agricultura',
      ar: 'البيانات المناخية للمزارعين',
      zh: '面向农民的气候数据',
      ru: 'климатические данные для фермеров',
    },
    latin: { ar: 'al-bayanat al-munakhiya lil-muzari`in', zh: 'mianxiang nongmin de qihou shuju' },
    actionLines: ['c7-e-agriculture', 'c7-e-environment'],
    sdgs: ['2', '13', '13.3'],
    issues: ['sustainable-development', 'data-governance'],
    targetGroups: ['rural-communities'],
  },
  {
    name: {
      en: 'media literacy',
      fr: 'l’éducation aux médias',
      es: 'la alfabetización mediática',
      ar: 'التربية الإعلامية',
      zh: '媒体素养',
      ru: 'медиаграмотность',
    },
    latin: { ar: 'al-tarbiya al-i`lamiya', zh: 'meiti suyang' },
    actionLines: ['c9', 'c10'],
    sdgs: ['16', '16.10'],
    issues: ['content-policy', 'freedom-of-expression'],
    targetGroups: ['youth'],
  },
  {
    name: {
      en: 'community networks',
      fr: 'les réseaux communautaires',
      es: 'las redes comunitarias',
      ar: 'الشبكات المجتمعية',
      zh: '社区网络',
      ru: 'общественные сети связи',
    },
    latin: { ar: 'al-shabakat al-mujtama`iya', zh: 'shequ wangluo' },
    actionLines: ['c2', 'c6'],
    sdgs: ['9', '17.6'],
    issues: ['infrastructure', 'digital-access'],
    targetGroups: ['rural-communities'],
  },
  {
    name: {
      en: 'telemedicine for older people',
      fr: 'la télémédecine pour les personnes âgées',
      es: 'la telemedicina para personas mayores',
      ar: 'الطب عن بعد لكبار السن',
      zh: '面向老年人的远程医疗',
      ru: 'телемедицина для пожилых людей',
    },
    latin: { ar: 'al-tibb `an bu`d li-kibar al-sinn', zh: 'mianxiang laonianren de yuancheng yiliao' },
    actionLines: ['c7-e-health'],
    sdgs: ['3', '3.8'],
    issues: ['digital-access', 'privacy-and-data-protection'],
    targetGroups: ['older-persons'],
  },
];

/** People's names, invented, with a Latin-script form for the documents. */
export const PEOPLE: Record<Locale, Array<[name: string, latin: string]>> = {
  en: [
    ['Amina Njoroge', ''],
    ['Peter Otieno', ''],
    ['Sarah Whitfield', ''],
    ['Daniel Mensah', ''],
    ['Priya Raman', ''],
    ['Joseph Kamau', ''],
  ],
  fr: [
    ['Claire Dubois', ''],
    ['Moussa Diallo', ''],
    ['Élise Martin', ''],
    ['Karim Benali', ''],
    ['Sophie Lefèvre', ''],
    ['Ousmane Sarr', ''],
  ],
  es: [
    ['Lucía Herrera', ''],
    ['Mateo Álvarez', ''],
    ['Valentina Rojas', ''],
    ['Diego Castillo', ''],
    ['Camila Ortiz', ''],
    ['Andrés Molina', ''],
  ],
  ar: [
    ['ليلى حداد', 'Layla Haddad'],
    ['عمر الخطيب', 'Omar al-Khatib'],
    ['سلمى منصور', 'Salma Mansour'],
    ['يوسف العلي', 'Yusuf al-Ali'],
    ['نور الهدى بكري', 'Nur al-Huda Bakri'],
    ['خالد عيسى', 'Khalid Issa'],
  ],
  zh: [
    ['王晓梅', 'Wang Xiaomei'],
    ['李建国', 'Li Jianguo'],
    ['陈思远', 'Chen Siyuan'],
    ['张敏', 'Zhang Min'],
    ['刘洋', 'Liu Yang'],
    ['赵丽华', 'Zhao Lihua'],
  ],
  ru: [
    ['Анна Соколова', ''],
    ['Дмитрий Орлов', ''],
    ['Мария Петрова', ''],
    ['Игорь Власов', ''],
    ['Елена Кузнецова', ''],
    ['Сергей Морозов', ''],
  ],
};

export type Stakeholder = 'government' | 'private-sector' | 'civil-society' | 'international-organisation' | 'academia' | 'technical-community' | 'other';

export interface FictionalActor {
  name: string;
  acronym?: string;
  type: Stakeholder;
  country: string;
  theme: number;
  established: number;
}

/** Organisations invented for the demo (five a language); publications and events name them as issuers and organisers. */
export const FICTIONAL_ACTORS: Record<Locale, FictionalActor[]> = {
  en: [
    { name: 'Savannah Digital Rights Forum', acronym: 'SDRF', type: 'civil-society', country: 'KE', theme: 13, established: 2012 },
    { name: 'Coral Islands Connectivity Trust', type: 'civil-society', country: 'FJ', theme: 14, established: 2016 },
    { name: 'Lagos Open Data Lab', acronym: 'LODL', type: 'technical-community', country: 'NG', theme: 4, established: 2015 },
    { name: 'Deccan Institute for Civic Technology', acronym: 'DICT', type: 'academia', country: 'IN', theme: 10, established: 2009 },
    { name: 'Harbourline Small Business Cyber Clinic', type: 'private-sector', country: 'US', theme: 6, established: 2019 },
  ],
  fr: [
    { name: 'Observatoire sahélien du numérique', acronym: 'OSN', type: 'academia', country: 'SN', theme: 7, established: 2014 },
    { name: 'Collectif francophone pour l’accessibilité web', acronym: 'CFAW', type: 'civil-society', country: 'CA', theme: 10, established: 2011 },
    { name: 'Agence métropolitaine des services en ligne', type: 'government', country: 'FR', theme: 4, established: 2005 },
    { name: 'Réseau Atlas des réseaux communautaires', type: 'technical-community', country: 'MA', theme: 14, established: 2017 },
    { name: 'Fondation Léman pour l’éthique des données', acronym: 'FLED', type: 'civil-society', country: 'CH', theme: 3, established: 2018 },
  ],
  es: [
    { name: 'Red Andina de Conectividad Rural', acronym: 'RACR', type: 'civil-society', country: 'CO', theme: 1, established: 2010 },
    { name: 'Laboratorio Ciudadano de Datos de Occidente', type: 'technical-community', country: 'MX', theme: 4, established: 2016 },
    { name: 'Observatorio Austral de Inteligencia Artificial', acronym: 'OAIA', type: 'academia', country: 'CL', theme: 7, established: 2020 },
    { name: 'Cooperativa Mata Atlântica de Reciclaje Electrónico', type: 'private-sector', country: 'BR', theme: 8, established: 2013 },
    { name: 'Agencia Regional de Trámites en Línea del Cauca', type: 'government', country: 'CO', theme: 4, established: 2008 },
  ],
  ar: [
    { name: 'مرصد النيل للحقوق الرقمية', type: 'civil-society', country: 'EG', theme: 13, established: 2013 },
    { name: 'مركز عمّان لأمن المعلومات', type: 'technical-community', country: 'JO', theme: 6, established: 2011 },
    { name: 'الجمعية المغربية لمحو الأمية الرقمية', type: 'civil-society', country: 'MA', theme: 0, established: 2008 },
    { name: 'هيئة الخدمات البلدية الإلكترونية', type: 'government', country: 'JO', theme: 4, established: 2015 },
    { name: 'شبكة المبرمجات العربيات', type: 'civil-society', country: 'EG', theme: 5, established: 2018 },
  ],
  zh: [
    { name: '南岭开放数据研究中心', type: 'academia', country: 'CN', theme: 3, established: 2014 },
    { name: '乡村宽带合作联盟', type: 'technical-community', country: 'CN', theme: 1, established: 2012 },
    { name: '数字包容促进会', type: 'civil-society', country: 'CN', theme: 10, established: 2016 },
    { name: '东非中资通信企业协会', type: 'private-sector', country: 'KE', theme: 14, established: 2017 },
    { name: '绿源电子废物回收合作社', type: 'private-sector', country: 'CN', theme: 8, established: 2010 },
  ],
  ru: [
    { name: 'Казанский центр цифровой грамотности', type: 'civil-society', country: 'RU', theme: 0, established: 2013 },
    { name: 'Алматинская ассоциация кибербезопасности', acronym: 'ААК', type: 'technical-community', country: 'KZ', theme: 6, established: 2015 },
    { name: 'Поволжский институт открытых данных', type: 'academia', country: 'RU', theme: 3, established: 2011 },
    { name: 'Степная сеть сельской связи', type: 'civil-society', country: 'KZ', theme: 14, established: 2019 },
    { name: 'Агентство электронных услуг Приволжья', type: 'government', country: 'RU', theme: 4, established: 2007 },
  ],
};

/** A stakeholder group as a noun phrase that follows "is a" (or its equivalent). */
export const STAKEHOLDER_PHRASE: Record<Stakeholder, Tr> = {
  government: { en: 'public body', fr: 'organisme public', es: 'organismo público', ar: 'هيئة حكومية', zh: '政府机构', ru: 'государственная организация' },
  'private-sector': { en: 'company', fr: 'entreprise', es: 'empresa', ar: 'شركة خاصة', zh: '私营企业', ru: 'частная компания' },
  'civil-society': {
    en: 'civil society organisation',
    fr: 'organisation de la société civile',
    es: 'organización de la sociedad civil',
    ar: 'منظمة من منظمات المجتمع المدني',
    zh: '民间社会组织',
    ru: 'некоммерческая организация',
  },
  'international-organisation': {
    en: 'international organisation',
    fr: 'organisation internationale',
    es: 'organización internacional',
    ar: 'منظمة دولية',
    zh: '国际组织',
    ru: 'международная организация',
  },
  academia: {
    en: 'research and teaching institution',
    fr: 'institution de recherche et d’enseignement',
    es: 'institución académica',
    ar: 'مؤسسة أكاديمية',
    zh: '学术机构',
    ru: 'научно-образовательная организация',
  },
  'technical-community': {
    en: 'technical community group',
    fr: 'groupe de la communauté technique',
    es: 'grupo de la comunidad técnica',
    ar: 'مجموعة من المجتمع التقني',
    zh: '技术社群',
    ru: 'объединение технического сообщества',
  },
  other: { en: 'organisation', fr: 'organisation', es: 'organización', ar: 'مؤسسة', zh: '机构', ru: 'организация' },
};

export const DOC_TYPES: Array<Tr & { latinAr: string; latinZh: string }> = [
  { en: 'Report', fr: 'Rapport', es: 'Informe', ar: 'تقرير', zh: '报告', ru: 'Доклад', latinAr: 'Taqrir', latinZh: 'Baogao' },
  {
    en: 'Practical guide',
    fr: 'Guide pratique',
    es: 'Guía práctica',
    ar: 'دليل عملي',
    zh: '实用指南',
    ru: 'Практическое руководство',
    latinAr: 'Dalil `amali',
    latinZh: 'Shiyong zhinan',
  },
  {
    en: 'Toolkit',
    fr: 'Boîte à outils',
    es: 'Caja de herramientas',
    ar: 'حقيبة أدوات',
    zh: '工具包',
    ru: 'Набор инструментов',
    latinAr: 'Haqibat adawat',
    latinZh: 'Gongjubao',
  },
  {
    en: 'Policy brief',
    fr: 'Note d’orientation',
    es: 'Nota de política',
    ar: 'موجز سياسات',
    zh: '政策简报',
    ru: 'Аналитическая записка',
    latinAr: 'Mujaz siyasat',
    latinZh: 'Zhengce jianbao',
  },
  {
    en: 'Baseline study',
    fr: 'Étude de référence',
    es: 'Estudio de línea de base',
    ar: 'دراسة أساسية',
    zh: '基线研究',
    ru: 'Базовое исследование',
    latinAr: 'Dirasa asasiya',
    latinZh: 'Jixian yanjiu',
  },
];

export type EventType = 'conference' | 'workshop' | 'webinar' | 'forum' | 'course' | 'hackathon';
export const EVENT_TYPES: Record<EventType, Tr> = {
  conference: { en: 'Conference', fr: 'Conférence', es: 'Conferencia', ar: 'مؤتمر', zh: '会议', ru: 'Конференция' },
  workshop: { en: 'Workshop', fr: 'Atelier', es: 'Taller', ar: 'ورشة عمل', zh: '研讨会', ru: 'Семинар' },
  webinar: { en: 'Webinar', fr: 'Webinaire', es: 'Seminario web', ar: 'ندوة عبر الإنترنت', zh: '网络研讨会', ru: 'Вебинар' },
  forum: { en: 'Regional forum', fr: 'Forum régional', es: 'Foro regional', ar: 'منتدى إقليمي', zh: '区域论坛', ru: 'Региональный форум' },
  course: { en: 'Short course', fr: 'Formation courte', es: 'Curso breve', ar: 'دورة تدريبية قصيرة', zh: '短期培训班', ru: 'Краткий курс' },
  hackathon: { en: 'Hackathon', fr: 'Hackathon', es: 'Hackatón', ar: 'هاكاثون', zh: '黑客松', ru: 'Хакатон' },
};
