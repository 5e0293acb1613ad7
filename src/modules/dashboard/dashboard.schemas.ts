import { z } from 'zod';
import { entrySearchSchema } from '../entries/entry.schemas';
import { CHARTS } from './dashboard';

/** A dashboard's query: the search page's text and filters (its sort and paging do not change any count). */
export const dashboardQuerySchema = entrySearchSchema.omit({ sort: true, page: true, pageSize: true });
export type DashboardQuery = z.output<typeof dashboardQuerySchema>;

/** One chart's numbers as CSV: the dashboard's query and which chart. */
export const dashboardCsvQuerySchema = dashboardQuerySchema.extend({ chart: z.enum(CHARTS) });
export type DashboardCsvQuery = z.output<typeof dashboardCsvQuerySchema>;
