import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import { line } from '../../lib/text';
import { PASSWORD_MAX, USER_ROLES, USER_STATUSES } from './accounts';
import { passwordLengthProblem } from './password-rules';

const email = line(320).pipe(z.email());
/** A new password: its length here; the common-password list is checked by the service (it loads lazily). */
const password = z
  .string()
  .max(PASSWORD_MAX * 4)
  .superRefine((value, ctx) => {
    const problem = passwordLengthProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.code, params: problem.params });
  });
const token = z
  .string()
  .min(20)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/);

export const signUpSchema = z.object({ email, password, displayName: line(120).min(1), locale: z.enum(LOCALES) }).strict();
export const signInSchema = z.object({ email: line(320).min(1), password: z.string().min(1).max(PASSWORD_MAX) }).strict();
export const resetRequestSchema = z.object({ email: line(320).min(1) }).strict();
export const resetSchema = z.object({ token, password }).strict();
export const tokenSchema = z.object({ token }).strict();
export const changeEmailSchema = z.object({ email, password: z.string().min(1).max(PASSWORD_MAX) }).strict();
export const userAdminSchema = z
  .object({ role: z.enum(USER_ROLES).optional(), status: z.enum(USER_STATUSES).optional() })
  .strict()
  .refine((v) => v.role !== undefined || v.status !== undefined, { message: 'required', path: ['role'] });

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1).max(PASSWORD_MAX), newPassword: password, confirmPassword: z.string().max(PASSWORD_MAX * 4) })
  .strict()
  .refine((v) => v.newPassword === v.confirmPassword, { message: 'passwords_differ', path: ['confirmPassword'] });

export type SignUpInput = z.output<typeof signUpSchema>;
