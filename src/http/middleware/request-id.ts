import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context';
import { isKeptAnswer } from './public-cache';

const GIVEN_ID = /^[\w\-=]{1,255}$/;

/** The caller's `X-Request-Id` when it is a short token, else a new id. */
export function requestIdOf(given: string | null | undefined): string {
  return given && GIVEN_ID.test(given) ? given : randomUUID();
}

/**
 * Each request's id (in logs and error pages): the caller's `X-Request-Id` when it is a short token, else a new one.
 * Every answer carries it. It is set on the way out rather than prepared before, so a kept answer — which has it
 * already — is sent without a Headers object being built for it.
 */
export function requestIds(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const id = requestIdOf(c.req.header('x-request-id'));
    c.set('requestId', id);
    await next();
    if (!isKeptAnswer(c.res)) c.res.headers.set('x-request-id', id);
  };
}
