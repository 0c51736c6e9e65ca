import { failEnrichment } from '../enrichment/index.js';
import type { PipelineContext } from './crawl-pipeline.js';
import type { DeadLetter } from './create-job-queue.js';
import { tryFinishRun } from './finish-run.js';

export const CLOSE_ABANDONED_FILE_SQL = `
UPDATE crawl_run_files
SET state = 'failed', error_code = $3, error_message = $4, finished_at = now()
WHERE crawl_run_id = $1 AND url_key = $2 AND state = 'queued'`;

/**
 * What a job whose retries ran out leaves behind, settled so that its run still finishes: a fetch job's file closes
 * failed with the job's last error (when the handler could not record it itself: its worker died on the last
 * attempt and the job expired), and the run is finished if that was its last open file; a discover job's run ends
 * failed. A contact job leaves nothing open; an enrichment job's contact, if still open under its id, is failed.
 */
export async function settleDeadLetter(context: PipelineContext, letter: DeadLetter): Promise<void> {
  const message = letter.error?.message ?? 'the job ran out of retries';
  const code = letter.error?.code ?? 'SS_ERR_CRAWL_FAILED';
  switch (letter.kind) {
    case 'fetch-sitemap': {
      if (letter.payload === null) return;
      const { runId, urlKey } = letter.payload;
      const { rowCount } = await context.db.query(CLOSE_ABANDONED_FILE_SQL, [runId, urlKey, code, `${message} (its retries ran out)`]);
      if (rowCount > 0) context.logger.warn({ runId, urlKey, err: letter.error }, 'closed a sitemap file whose job ran out of retries');
      await tryFinishRun(context, runId);
      return;
    }
    case 'discover-domain': {
      const runId = letter.payload?.runId ?? null;
      if (runId === null) return;
      await context.db.query(
        "UPDATE crawl_runs SET status = 'failed', finished_at = now(), error_code = $2, error_message = $3 WHERE id = $1 AND status = 'running'",
        [runId, code, message],
      );
      return;
    }
    case 'scrape-contacts':
      return;
    case 'enrich-contact': {
      // The handler fails the contact on its last attempt itself; this covers a worker that died during it.
      if (letter.payload === null) return;
      const failed = await failEnrichment(context.db, letter.payload, `SS_ERR_ENRICHMENT_SEND: the send job ran out of retries: ${message}`);
      if (failed) context.logger.warn({ contactId: letter.payload.contactId, err: letter.error }, 'failed a contact whose enrichment job ran out of retries');
      return;
    }
    default:
      letter satisfies never;
  }
}
