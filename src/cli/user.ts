/* eslint-disable no-console -- a command-line tool talks on the console */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from '../config/config';
import { DataDirLockedError } from '../db/data-lock';
import { openDatabase } from '../db/connection';
import { migrateToLatest } from '../db/migrate';
import { LOCALES } from '../i18n/locales';
import { PASSWORD_MIN, USER_ROLES } from '../modules/accounts/accounts';
import { createAccount } from '../modules/accounts/accounts.service';

const USAGE = `Usage: npm run user -- add --email ADDRESS --name "NAME" [--role admin|curator|contributor] [--locale en]
Creates an active, verified account. The password is read from STOCKTAKE_PASSWORD, or generated and printed once.`;

const argsSchema = z.object({
  email: z.email(),
  name: z.string().trim().min(1).max(120),
  role: z.enum(USER_ROLES).default('admin'),
  locale: z.enum(LOCALES).default('en'),
});

/** `npm run user -- add …`: the way to create the first administrator of a new installation. */
async function main() {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, locale: { type: 'string' } } });
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
  if (given !== undefined && given.length < PASSWORD_MIN) {
    console.error(`STOCKTAKE_PASSWORD must have at least ${PASSWORD_MIN} characters.`);
    process.exit(2);
  }
  const password = given ?? randomBytes(12).toString('base64url');
  const config = loadConfig(process.env);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, owner: 'npm run user' });
  try {
    await migrateToLatest(handle.db);
    const a = parsed.data;
    const id = await createAccount({ db: handle.db, config }, { email: a.email, password, displayName: a.name, locale: a.locale, role: a.role });
    console.log(`Created ${a.role} #${id} <${a.email.toLowerCase()}>.${given === undefined ? `\nPassword (shown once): ${password}` : ''}`);
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
