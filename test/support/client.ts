import type { createApp } from '../../src/app';
import { freshCodeFor } from './two-factor';

type App = ReturnType<typeof createApp>;

/**
 * A browser-like client for `app.request`: keeps cookies, sends the CSRF token the last page carried,
 * and follows nothing by itself (tests look at redirects).
 */
export class TestClient {
  readonly cookies = new Map<string, string>();
  csrf = '';
  constructor(
    private readonly app: App,
    private readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const expired = attrs.some((a) => /max-age=0/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
  }

  async request(method: string, path: string, init: { form?: Record<string, string | string[]>; json?: unknown; headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...this.headers, ...init.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    let body: string | undefined;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] = 'application/json';
    }
    const res = await this.app.request(path, { method, headers, body });
    this.remember(res);
    return res;
  }

  /** GETs a page and remembers the CSRF token it carries. */
  async get(path: string, headers: Record<string, string> = {}) {
    const res = await this.request('GET', path, { headers });
    const text = await res.text();
    const token = /<meta name="csrf-token" content="([^"]*)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { res, text, status: res.status };
  }

  /** POSTs a form with the current CSRF token (fetching the sign-in form first if none is known: public pages carry none). */
  async post(path: string, form: Record<string, string | string[]> = {}, headers: Record<string, string> = {}) {
    if (!this.csrf) await this.get('/en/account/sign-in');
    const res = await this.request('POST', path, { form: { _csrf: this.csrf, ...form }, headers });
    const text = await res.text();
    return { res, text, status: res.status, location: res.headers.get('location') };
  }

  /** POSTs a multipart form with one file, as a browser's file input sends it. */
  async upload(path: string, file: { name: string; bytes: Uint8Array; type?: string; field?: string }, fields: Record<string, string> = {}) {
    if (!this.csrf) await this.get('/en/account/sign-in');
    const form = new FormData();
    form.set('_csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set(file.field ?? 'file', new File([file.bytes as Uint8Array<ArrayBuffer>], file.name, { type: file.type ?? 'application/octet-stream' }));
    const headers: Record<string, string> = { ...this.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    const res = await this.app.request(path, { method: 'POST', headers, body: form });
    this.remember(res);
    const text = await res.text();
    return { res, text, status: res.status, location: res.headers.get('location') };
  }

  /** Signs in, answering the second step with a fresh code when the account has a second factor. */
  async signIn(email: string, password: string) {
    let r = await this.post('/en/account/sign-in', { email, password });
    if (r.status !== 303) throw new Error(`sign-in failed: ${r.status}`);
    if (r.location?.startsWith('/en/account/sign-in/code')) {
      r = await this.post(r.location, { code: await freshCodeFor(email) });
      if (r.status !== 303) throw new Error(`second step failed: ${r.status}`);
    }
    await this.get('/en/account');
    return r;
  }
}
