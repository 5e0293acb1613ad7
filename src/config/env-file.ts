import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Parses a `.env` file: `KEY=VALUE` lines, `#` comments, an optional `export ` prefix, values in single
 * or double quotes (double quotes understand \n). Written here rather than with process.loadEnvFile,
 * which Node 20.10 and 20.11 (both within `engines`) lack and which writes into process.env itself.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!;
    let value = m[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.indexOf(quote, 1) > 0) {
      value = value.slice(1, value.indexOf(quote, 1));
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else {
      // An unquoted value ends at a comment that follows a space.
      value = value.replace(/\s+#.*$/, '').trim();
    }
    out[key] = value;
  }
  return out;
}

/**
 * The environment Stocktake reads: the `.env` file in `dir` when there is one, under the real
 * environment — a variable set in the shell or by the service manager wins over the file.
 */
export function environmentWithEnvFile(env: NodeJS.ProcessEnv, dir: string): Record<string, string | undefined> {
  let text: string;
  try {
    text = readFileSync(join(dir, '.env'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ...env };
    throw e;
  }
  const fromFile = parseEnvFile(text);
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return merged;
}
