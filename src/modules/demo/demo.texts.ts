/**
 * Sentence templates of the demo register, one set a language and kind, written for it. Each takes the
 * pieces of one entry (theme, place, organisation, numbers) and returns its title, summary and description.
 */
import type { Locale } from '../../i18n/locales';

export interface Pieces {
  theme: string;
  country: string;
  city: string;
  org: string;
  n: number;
  year: number;
  /** The document or event type, or the stakeholder phrase of an actor. */
  type: string;
}

export interface Text {
  title: string;
  summary: string;
  description: string;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** A French or Spanish noun phrase without its leading article (for titles). */
const bare = (s: string) => s.replace(/^(les|le|la|l’|las|los|el) ?/u, '');

type Template = (p: Pieces) => Text;

export const PUBLICATION_TEXTS: Record<Locale, Template> = {
  en: (p) => ({
    title: `${p.type}: ${cap(p.theme)} in ${p.country}`,
    summary: `This ${p.type.toLowerCase()} from ${p.org} looks at ${p.theme} in ${p.country}. It draws on interviews with ${p.n} people in and around ${p.city}, and ends with recommendations for public bodies, funders and the groups doing the work.`,
    description: `The authors visited schools, clinics, offices and community centres over several months and compared what they saw with the published plans. They found that small, well-supported pilots went further than large programmes announced without a budget for maintenance.\n\nThe document is short on purpose: each chapter closes with a checklist that a local team can use in a single meeting.`,
  }),
  fr: (p) => ({
    title: `${p.type} : ${bare(p.theme)} (${p.country})`,
    summary: `Ce document de ${p.org} porte sur ${p.theme} (${p.country}). Il s’appuie sur ${p.n} entretiens menés à ${p.city} et dans sa région, et se termine par des recommandations pour les pouvoirs publics, les bailleurs et les associations de terrain.`,
    description: `Les auteurs ont passé plusieurs mois dans des écoles, des centres de santé et des mairies pour comparer les pratiques aux plans annoncés. Les projets pilotes modestes mais bien suivis ont mieux tenu que les grands programmes lancés sans budget d’entretien.\n\nChaque chapitre se termine par une liste de contrôle qu’une équipe locale peut utiliser en une seule réunion.`,
  }),
  es: (p) => ({
    title: `${p.type}: ${cap(bare(p.theme))} en ${p.country}`,
    summary: `Este documento de ${p.org} analiza ${p.theme} en ${p.country}. Se basa en ${p.n} entrevistas realizadas en ${p.city} y sus alrededores, y termina con recomendaciones para las autoridades, los financiadores y las organizaciones que hacen el trabajo.`,
    description: `El equipo visitó escuelas, centros de salud y oficinas municipales durante varios meses y comparó lo observado con los planes publicados. Los pilotos pequeños y bien acompañados llegaron más lejos que los grandes programas anunciados sin presupuesto de mantenimiento.\n\nCada capítulo cierra con una lista de verificación que un equipo local puede usar en una sola reunión.`,
  }),
  ar: (p) => ({
    title: `${p.type}: ${p.theme} في ${p.country}`,
    summary: `تتناول هذه الوثيقة الصادرة عن ${p.org} موضوع ${p.theme} في ${p.country}. وتستند إلى ${p.n} مقابلة أُجريت في ${p.city} وما حولها، وتختتم بتوصيات موجهة إلى الجهات الحكومية والمانحين والمنظمات العاملة في الميدان.`,
    description: `زار فريق البحث مدارس ومراكز صحية ومكاتب بلدية على مدى عدة أشهر، وقارن ما شاهده بالخطط المعلنة. وتبيّن أن المشاريع التجريبية الصغيرة التي حظيت بمتابعة جيدة حققت نتائج أفضل من البرامج الكبيرة التي أُطلقت دون ميزانية للصيانة.\n\nيُختتم كل فصل بقائمة مراجعة يمكن لفريق محلي استخدامها في اجتماع واحد.`,
  }),
  zh: (p) => ({
    title: `${p.country}${p.theme}${p.type}`,
    summary: `本文件由${p.org}编写，探讨${p.country}的${p.theme}问题。研究基于在${p.city}及周边地区进行的${p.n}次访谈，最后向政府部门、资助方和一线机构提出了具体建议。`,
    description: `研究团队在数月内走访了学校、诊所和基层办公室，将实际情况与已公布的规划进行对比。结果显示，规模不大但得到持续支持的试点项目，比缺乏维护预算的大型计划走得更远。\n\n每一章末尾都附有一份清单，地方团队可以在一次会议中完成使用。`,
  }),
  ru: (p) => ({
    title: `${p.type}: ${p.theme} (${p.country})`,
    summary: `Документ подготовлен организацией «${p.org}» и посвящён теме «${p.theme}» (${p.country}). Он основан на ${p.n} интервью, проведённых в городе ${p.city} и его окрестностях, и завершается рекомендациями для органов власти, доноров и местных организаций.`,
    description: `Авторы несколько месяцев посещали школы, поликлиники и муниципальные учреждения и сравнивали увиденное с опубликованными планами. Небольшие пилотные проекты с постоянной поддержкой продвинулись дальше, чем крупные программы без бюджета на обслуживание.\n\nКаждая глава заканчивается контрольным списком, который местная команда может пройти за одно совещание.`,
  }),
};

export const EVENT_TEXTS: Record<Locale, Template> = {
  en: (p) => ({
    title: `${p.type} on ${p.theme} — ${p.city}`,
    summary: `${p.org} invites practitioners, officials and researchers to a ${p.type.toLowerCase()} on ${p.theme}, with about ${p.n} participants expected.`,
    description: `The programme mixes short talks by teams working in ${p.country} with open discussion. Interpretation is offered where the organisers can arrange it, and slides are shared afterwards.`,
  }),
  fr: (p) => ({
    title: `${p.type} : ${bare(p.theme)} — ${p.city}`,
    summary: `${p.org} invite praticiens, agents publics et chercheurs à échanger sur ${p.theme} ; environ ${p.n} participants sont attendus.`,
    description: `Le programme alterne courtes présentations d’équipes actives au ${p.country} et discussions ouvertes. Les supports sont partagés après la séance.`,
  }),
  es: (p) => ({
    title: `${p.type}: ${bare(p.theme)} — ${p.city}`,
    summary: `${p.org} invita a profesionales, funcionarios e investigadores a debatir sobre ${p.theme}; se esperan unas ${p.n} personas.`,
    description: `El programa combina presentaciones breves de equipos que trabajan en ${p.country} con debate abierto. Las presentaciones se comparten después de la sesión.`,
  }),
  ar: (p) => ({
    title: `${p.type} حول ${p.theme} — ${p.city}`,
    summary: `تدعو ${p.org} الممارسين والمسؤولين والباحثين إلى ${p.type} لمناقشة ${p.theme}، ويُتوقع حضور نحو ${p.n} مشاركًا.`,
    description: `يجمع البرنامج بين عروض قصيرة لفرق تعمل في ${p.country} ونقاش مفتوح، وتُتاح العروض التقديمية بعد انتهاء الجلسات.`,
  }),
  zh: (p) => ({
    title: `${p.theme}${p.type}（${p.city}）`,
    summary: `${p.org}邀请从业者、政府官员和研究人员参加关于${p.theme}的${p.type}，预计约有${p.n}人参加。`,
    description: `活动安排了在${p.country}开展工作的团队的简短报告和开放讨论，会后将分享演示材料。`,
  }),
  ru: (p) => ({
    title: `${p.type}: ${p.theme} — ${p.city}`,
    summary: `Организация «${p.org}» приглашает специалистов, чиновников и исследователей обсудить тему «${p.theme}»; ожидается около ${p.n} участников.`,
    description: `В программе — короткие выступления команд, работающих в стране ${p.country}, и открытая дискуссия. Презентации будут разосланы после мероприятия.`,
  }),
};

export const ACTOR_TEXTS: Record<Locale, Template> = {
  en: (p) => ({
    title: p.org,
    summary: `${p.org} is a ${p.type} based in ${p.city}, ${p.country}, working on ${p.theme} since ${p.year}.`,
    description: `It runs projects with local partners, publishes what it learns in plain language and takes part in national consultations. Its team of about ${p.n} people works with volunteers in several districts.`,
  }),
  fr: (p) => ({
    title: p.org,
    summary: `${p.org} (${cap(p.type)}, ${p.city}, ${p.country}) travaille depuis ${p.year} sur ${p.theme} avec des partenaires locaux et nationaux.`,
    description: `L’équipe mène des projets avec des partenaires locaux, publie ce qu’elle apprend dans une langue simple et participe aux consultations nationales. Ses quelque ${p.n} salariés s’appuient sur des bénévoles.`,
  }),
  es: (p) => ({
    title: p.org,
    summary: `${p.org} (${cap(p.type)}, ${p.city}, ${p.country}) trabaja desde ${p.year} en ${p.theme} junto con socios locales y nacionales.`,
    description: `Desarrolla proyectos con socios locales, publica lo que aprende en lenguaje sencillo y participa en consultas nacionales. Su equipo de unas ${p.n} personas trabaja con voluntariado en varias regiones.`,
  }),
  ar: (p) => ({
    title: p.org,
    summary: `${p.org} ${p.type} مقرها ${p.city} في ${p.country}، وتعمل منذ عام ${p.year} في مجال ${p.theme}.`,
    description: `تنفذ مشاريع مع شركاء محليين، وتنشر ما تتعلمه بلغة بسيطة، وتشارك في المشاورات الوطنية. ويعمل فريقها المؤلف من نحو ${p.n} شخصًا مع متطوعين في عدة مناطق.`,
  }),
  zh: (p) => ({
    title: p.org,
    summary: `${p.org}是一家总部位于${p.country}${p.city}的${p.type}，自${p.year}年起致力于${p.theme}工作。`,
    description: `该机构与当地伙伴合作开展项目，用通俗语言发布经验总结，并参与全国性政策咨询。其约${p.n}人的团队与多个地区的志愿者一起工作。`,
  }),
  ru: (p) => ({
    title: p.org,
    summary: `«${p.org}» — ${p.type} из города ${p.city} (${p.country}), с ${p.year} года работающая по теме «${p.theme}».`,
    description: `Организация ведёт проекты с местными партнёрами, публикует свои выводы простым языком и участвует в общественных консультациях. Её команда из примерно ${p.n} человек работает с волонтёрами в нескольких районах.`,
  }),
};

export const STORY_TEXTS: Record<Locale, (p: Pieces, activity: string | null) => Text & { strategy: string }> = {
  en: (p, a) => ({
    title: a ? `How “${a}” won over its users` : `What worked for ${p.theme} in ${p.city}`,
    summary: `${p.org} tells how its work on ${p.theme} in ${p.country} grew from a small trial into a service that about ${p.n} people now use, and what it would do differently next time.`,
    description: `The first months were hard: equipment arrived late, and few people trusted a service they had never heard of. The team changed course by recruiting helpers from the neighbourhoods it served and by asking users, every few weeks, what was missing.\n\nWithin two years the number of regular users had grown steadily, and a public body agreed to share the running costs. The team now trains other groups who want to start something similar, and it publishes its budget so that others can see what the work really costs.`,
    strategy: 'Start small, let users shape the service, and find a public partner for the running costs before the first grant ends.',
  }),
  fr: (p, a) => ({
    title: a ? `Comment « ${a} » a convaincu ses usagers` : `Ce qui a marché pour ${p.theme} à ${p.city}`,
    summary: `${p.org} raconte comment son travail sur ${p.theme} (${p.country}) est passé d’un petit essai à un service utilisé aujourd’hui par environ ${p.n} personnes, et ce qu’elle ferait autrement.`,
    description: `Les premiers mois ont été difficiles : le matériel est arrivé en retard et peu de gens faisaient confiance à un service inconnu. L’équipe a changé d’approche en recrutant des relais dans les quartiers desservis et en demandant régulièrement aux usagers ce qui leur manquait.\n\nEn deux ans, le nombre d’usagers réguliers a nettement augmenté et une collectivité a accepté de partager les frais de fonctionnement. L’équipe forme désormais d’autres groupes et publie son budget pour que chacun voie ce que le travail coûte vraiment.`,
    strategy: 'Commencer petit, laisser les usagers façonner le service et trouver un partenaire public avant la fin du premier financement.',
  }),
  es: (p, a) => ({
    title: a ? `Cómo «${a}» se ganó a sus usuarios` : `Lo que funcionó en ${p.city}: ${bare(p.theme)}`,
    summary: `${p.org} cuenta cómo su trabajo sobre ${p.theme} en ${p.country} pasó de una pequeña prueba a un servicio que hoy usan unas ${p.n} personas, y qué haría de otra manera.`,
    description: `Los primeros meses fueron difíciles: los equipos llegaron tarde y poca gente confiaba en un servicio desconocido. El equipo cambió de rumbo al reclutar personas de los mismos barrios y al preguntar cada pocas semanas a los usuarios qué faltaba.\n\nEn dos años el número de usuarios habituales creció de forma constante y una entidad pública aceptó compartir los costes de funcionamiento. Hoy el equipo forma a otros grupos y publica su presupuesto para que se vea cuánto cuesta realmente el trabajo.`,
    strategy: 'Empezar en pequeño, dejar que los usuarios den forma al servicio y buscar un socio público antes de que termine la primera subvención.',
  }),
  ar: (p, a) => ({
    title: a ? `كيف كسب «${a}» ثقة مستخدميه` : `ما الذي نجح في ${p.city}: ${p.theme}`,
    summary: `تروي ${p.org} كيف تحوّل عملها في مجال ${p.theme} في ${p.country} من تجربة صغيرة إلى خدمة يستخدمها اليوم نحو ${p.n} شخص، وما الذي ستفعله بشكل مختلف في المرة القادمة.`,
    description: `كانت الأشهر الأولى صعبة، إذ تأخر وصول المعدات ولم يثق كثيرون بخدمة لم يسمعوا بها من قبل. فغيّر الفريق نهجه، فاستعان بمتطوعين من الأحياء نفسها، وصار يسأل المستخدمين كل بضعة أسابيع عمّا ينقصهم.\n\nوخلال عامين ازداد عدد المستخدمين المنتظمين باطراد، ووافقت جهة عامة على تقاسم تكاليف التشغيل. ويدرّب الفريق اليوم مجموعات أخرى، وينشر ميزانيته ليعرف الجميع الكلفة الحقيقية لهذا العمل.`,
    strategy: 'البدء على نطاق صغير، وإشراك المستخدمين في تشكيل الخدمة، وإيجاد شريك عام لتكاليف التشغيل قبل انتهاء المنحة الأولى.',
  }),
  zh: (p, a) => ({
    title: a ? `“${a}”如何赢得用户` : `${p.city}的经验：${p.theme}`,
    summary: `${p.org}讲述了其在${p.country}开展的${p.theme}工作如何从一次小规模试点发展为如今约${p.n}人使用的服务，以及下一次会做出哪些改变。`,
    description: `最初几个月十分艰难：设备迟迟未到，很多人也不信任一项从未听说过的服务。团队随后调整做法，从所服务的社区招募协助人员，并每隔几周向用户了解还缺少什么。\n\n两年内，固定用户数量稳步增长，一家公共机构同意分担运营费用。团队现在为其他希望开展类似工作的团体提供培训，并公开预算，让大家了解这项工作的真实成本。`,
    strategy: '从小处做起，让用户参与塑造服务，并在首笔资助结束前找到分担运营费用的公共伙伴。',
  }),
  ru: (p, a) => ({
    title: a ? `Как проект «${a}» завоевал пользователей` : `Что сработало в городе ${p.city}: ${p.theme}`,
    summary: `Организация «${p.org}» рассказывает, как её работа по теме «${p.theme}» (${p.country}) выросла из небольшого эксперимента в сервис, которым сегодня пользуются около ${p.n} человек, и что она сделала бы иначе.`,
    description: `Первые месяцы были трудными: оборудование пришло с опозданием, и мало кто доверял незнакомому сервису. Команда изменила подход: набрала помощников из тех же районов и каждые несколько недель спрашивала пользователей, чего им не хватает.\n\nЗа два года число постоянных пользователей стабильно росло, а муниципалитет согласился разделить текущие расходы. Сейчас команда обучает другие группы и публикует свой бюджет, чтобы все видели реальную стоимость работы.`,
    strategy: 'Начинать с малого, давать пользователям влиять на сервис и найти государственного партнёра до окончания первого гранта.',
  }),
};

/** What an actor says of its own work on an issue (its narrative), in its language. */
export const ISSUE_NARRATIVE: Record<Locale, (theme: string) => string> = {
  en: (t) => `Our work on ${t} combines field projects, training and advice to public bodies.`,
  fr: (t) => `Notre travail sur ${t} associe projets de terrain, formation et conseil aux pouvoirs publics.`,
  es: (t) => `Nuestro trabajo sobre ${t} combina proyectos de campo, formación y asesoría a las autoridades.`,
  ar: (t) => `يجمع عملنا في مجال ${t} بين المشاريع الميدانية والتدريب وتقديم المشورة للجهات العامة.`,
  zh: (t) => `我们在${t}方面的工作结合了实地项目、培训以及向公共部门提供咨询。`,
  ru: (t) => `Наша работа по теме «${t}» сочетает полевые проекты, обучение и консультации для органов власти.`,
};

/** The line a document in a Latin-script edition opens with (Arabic and Chinese carry no font here). */
export const LATIN_EDITION: Record<'ar' | 'zh' | 'ru', string> = {
  ar: 'Arabic-language publication: Latin-script edition (transcription of the title; summary in English).',
  zh: 'Chinese-language publication: Latin-script edition (pinyin title; summary in English).',
  ru: 'Russian-language publication: Latin-script edition (transliterated).',
};
