/* eslint-disable no-console -- a command-line tool talks on the console */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config/config';
import { environmentWithEnvFile } from '../config/env-file';
import { DataDirLockedError } from '../db/data-lock';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { syncVocabularies } from '../db/vocabulary-sync';
import { LOCALES } from '../i18n/locales';
import { email, line } from '../lib/text';
import { PASSWORD_MAX, PASSWORD_MIN, USER_ROLES } from '../modules/accounts/accounts';
import { createAccount } from '../modules/accounts/accounts.service';
import { otpauthUri } from '../modules/accounts/totp';
import { enrolDirectly, twoFactorRequired } from '../modules/accounts/two-factor.service';
import { passwordProblem } from '../modules/accounts/password-rules';

const USAGE = `Usage: npm run user -- add --email ADDRESS --name "NAME" [--role admin|curator|contributor] [--locale en]
Creates an active, verified account. The password is read from STOCKTAKE_PASSWORD, or generated and printed once.
An administrator or curator is enrolled in the second factor at once: its key and recovery codes are printed once.`;

const argsSchema = z.object({
  email,
  name: line(120).min(1),
  role: z.enum(USER_ROLES).default('admin'),
  locale: z.enum(LOCALES).default('en'),
});

/** `npm run user -- add …`: the way to create the first administrator of a new installation. */
async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, locale: { type: 'string' } },
  });
  if (positionals[0] !== 'add') {
    console.error(USAGE);
    process.exit(2);
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    console.error(`${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n\n${USAGE}`);
    process.exit(2);
  }
  const given = process.env.STOCKTAKE_PASSWORD;
  // The same rules as signing up: length, and not on the list of common passwords.
  const problem = given === undefined ? null : await passwordProblem(given);
  if (problem) {
    const why = {
      password_too_short: `must have at least ${PASSWORD_MIN} characters`,
      password_too_long: `must have at most ${PASSWORD_MAX} characters`,
      password_common: 'is one of the most common passwords; choose another',
    }[problem.code];
    console.error(`STOCKTAKE_PASSWORD ${why}.`);
    process.exit(2);
  }
  const password = given ?? randomBytes(12).toString('base64url');
  const config = loadConfig(environmentWithEnvFile(process.env, process.cwd()));
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, owner: 'npm run user' });
  try {
    await migrateToLatest(handle.db);
    await syncVocabularies(handle.db);
    const a = parsed.data;
    const id = await createAccount({ db: handle.db, config }, { email: a.email, password, displayName: a.name, locale: a.locale, role: a.role });
    console.log(`Created ${a.role} #${id} <${a.email.toLowerCase()}>.${given === undefined ? `\nPassword (shown once): ${password}` : ''}`);
    if (twoFactorRequired(a.role)) {
      // Staff need a second factor: enrolled now, so the first sign-in already asks for a code.
      const { secret, recoveryCodes } = await enrolDirectly({ db: handle.db, config }, id);
      console.log(
        `Second factor (shown once): add this key to an authenticator app, or use \`oathtool --totp -b KEY\`:\n  ${secret}\n  ${otpauthUri({ issuer: config.siteName, account: a.email.toLowerCase(), secretBase32: secret })}\nRecovery codes (each works once; keep them safe):\n  ${recoveryCodes.join('  ')}`,
      );
    }
  } catch (e) {
    if (e instanceof Error && /unique|duplicate/i.test(e.message)) {
      console.error(`An account with the address ${parsed.data.email} exists already.`);
      process.exit(1);
    }
    throw e;
  } finally {
    await handle.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError || e instanceof DataDirLockedError ? e.message : e);
  process.exit(1);
});
