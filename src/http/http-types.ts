/**
 * The request and response types of the HTTP platform, for the few controllers, guards and
 * filters that touch them (`@Res({ passthrough: true })`, headers, the caller on the
 * request). Everything else that knows the platform is Express lives in this folder.
 */
export type { Request as HttpRequest, Response as HttpResponse } from 'express';
