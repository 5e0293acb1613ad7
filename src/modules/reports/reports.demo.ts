import type { Db } from '../../db/connection';
import type { Labels } from '../../db/schema';
import { SECTION_LINES } from './reports';
import { insertReport, publishedActivitiesByLine } from './reports.repository';
import { requestGeneration } from './reports.service';

/**
 * The demo's yearly report: published, covering the load year, in every language, with two highlighted
 * activities per action line; its first versions are enqueued as jobs, so the reports page has files
 * once the job runner has made them. Texts written by this team.
 */
export async function loadDemoReport(db: Db, today: Date): Promise<number> {
  const year = today.getUTCFullYear();
  const titles: Labels = {
    en: `Stocktaking report ${year}`,
    fr: `Rapport d’inventaire ${year}`,
    es: `Informe de inventario ${year}`,
    ru: `Отчёт по инвентаризации за ${year} год`,
    ar: `تقرير الحصر لعام ${year}`,
    zh: `${year} 年盘点报告`,
  };
  const introductions: Labels = {
    en: `This demonstration report gathers the entries of the demo register for **${year}**: what was done under each WSIS action line, by whom and where, with a few highlighted activities per line.`,
    fr: `Ce rapport de démonstration rassemble les entrées du registre de démonstration pour **${year}** : ce qui a été fait au titre de chaque grande orientation du SMSI, par qui et où, avec quelques activités mises en avant par orientation.`,
    es: `Este informe de demostración reúne las entradas del registro de demostración de **${year}**: lo que se hizo en cada línea de acción de la CMSI, quién lo hizo y dónde, con algunas actividades destacadas por línea.`,
    ru: `Этот демонстрационный отчёт объединяет записи демонстрационного реестра за **${year}** год: что сделано по каждому направлению деятельности ВВУИО, кем и где, с несколькими избранными мероприятиями по каждому направлению.`,
    ar: `يجمع هذا التقرير التجريبي إدخالات السجل التجريبي لعام **${year}**: ما أُنجز في إطار كل خط من خطوط عمل القمة العالمية لمجتمع المعلومات، ومن أنجزه وأين، مع بعض الأنشطة المختارة لكل خط.`,
    zh: `本演示报告汇集了演示登记册 **${year}** 年的条目：在信息社会世界峰会各行动方针下开展了哪些工作、由谁开展、在何处开展，并为每条方针列出若干重点活动。`,
  };
  const id = await insertReport(
    db,
    {
      titles,
      introductions,
      periodFrom: `${year}-01-01`,
      periodTo: `${year}-12-31`,
      filters: '',
      languages: ['ar', 'zh', 'en', 'fr', 'es', 'ru'],
      highlights: await publishedActivitiesByLine(db, SECTION_LINES, 2),
      published: true,
    },
    null,
  );
  await requestGeneration({ db }, null, id, { system: true });
  return id;
}
