import { isFetchError, type HttpResponse, type RedirectHop } from '../fetch/index.js';
import { failureKind, toErrorInfo, type FailureKind } from './describe-failure.js';

/** The fields every fetch report (robots.txt, home page, sitemap file) shares. */
export interface FetchRecord {
  finalUrl: string;
  status: number | null;
  redirects: RedirectHop[];
  contentType: string | null;
  responseTimeMs: number | null;
  error: { code: string; message: string } | null;
}

/** Notes what the response said before its body is read. */
export function recordResponse(report: FetchRecord, response: HttpResponse): void {
  report.finalUrl = response.url;
  report.status = response.status;
  report.redirects = [...response.redirects];
  report.contentType = response.headers['content-type'] ?? null;
  report.responseTimeMs = response.timing.headersMs;
}

/** Notes why no response came; a redirect followed before the failure still means the site answered. */
export function recordFetchFailure(report: FetchRecord, error: unknown): { answered: boolean; failure: FailureKind } {
  if (isFetchError(error)) report.redirects = [...error.redirects];
  report.error = toErrorInfo(error);
  return { answered: report.redirects.length > 0, failure: failureKind(report.error.code) };
}
