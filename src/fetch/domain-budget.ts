/**
 * A wall-clock allowance shared by every request made for one domain: queueing, retries, redirects and bodies all
 * spend it. Create one per domain crawl and pass it to each `get`; when it runs out, requests in flight fail with
 * SS_ERR_FETCH_BUDGET and new ones are refused.
 */
export interface DomainBudget {
  readonly budgetMs: number;
  /** Epoch milliseconds at which the budget is spent. */
  readonly deadline: number;
  remainingMs(): number;
}

/**
 * @example
 *   const budget = createDomainBudget(60_000, Date.now)
 *   await client.get('https://example.com/robots.txt', { signal, budget })
 *   await client.get('https://example.com/sitemap.xml', { signal, budget })
 */
export function createDomainBudget(budgetMs: number, now: () => number): DomainBudget {
  const deadline = now() + budgetMs;
  return {
    budgetMs,
    deadline,
    remainingMs: () => Math.max(0, deadline - now()),
  };
}
