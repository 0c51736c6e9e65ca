import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the fake received, with whether its signature held (checked with the recipe of docs/enrichment.md). */
export interface ReceivedRequest {
  body: string;
  json: { enrichment_id: string; contact: { id: number; email: string }; domain: { id: number; name: string }; callback_url: string } & Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  signatureValid: boolean;
  status: number;
}

/** What the fake answers a POST with, and the result it calls back with (null: no callback). */
export interface FakeAnswer {
  status: number;
  body?: string;
  callback?: Record<string, unknown> | null;
}

export interface FakeEnrichmentService {
  url: string;
  received: ReceivedRequest[];
  /** Decides each answer from the request (default: 202 and no callback). */
  answer: (request: ReceivedRequest['json'], attempt: number) => FakeAnswer;
  /** Resolves when every callback started so far has been answered. */
  settled(): Promise<void>;
  /** Callback responses, in order: status and JSON body. */
  callbacks: Array<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/** The verification recipe, written independently of src/enrichment (the doc's Node snippet). */
export function verify(secret: string, headers: http.IncomingHttpHeaders, body: string, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const timestamp = String(headers['x-sitescout-timestamp'] ?? '');
  const signature = String(headers['x-sitescout-signature'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const expected = 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

/** Signs a callback body the way an n8n Code node would (the doc's recipe). */
export function signCallback(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-sitescout-timestamp': String(timestamp),
    'x-sitescout-signature': 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex'),
  };
}

/**
 * A stand-in for an n8n enrichment workflow on 127.0.0.1: checks our signature (401 when it fails), answers as
 * `answer` says, and then calls `deliver` with the signed result, as the real service would POST it to callback_url.
 */
export async function startFakeEnrichmentService(secret: string, deliver: (body: string, headers: Record<string, string>) => Promise<{ status: number; body: unknown }>): Promise<FakeEnrichmentService> {
  const pending = new Set<Promise<unknown>>();
  const attempts = new Map<string, number>();
  const fake: FakeEnrichmentService = {
    url: '',
    received: [],
    callbacks: [],
    answer: () => ({ status: 202 }),
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const json = JSON.parse(body) as ReceivedRequest['json'];
      const signatureValid = verify(secret, req.headers, body);
      const attempt = (attempts.get(json.enrichment_id) ?? 0) + 1;
      attempts.set(json.enrichment_id, attempt);
      const answer: FakeAnswer = signatureValid ? fake.answer(json, attempt) : { status: 401, body: 'bad signature' };
      fake.received.push({ body, json, headers: req.headers, signatureValid, status: answer.status });
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? '');
      if (answer.callback !== undefined && answer.callback !== null) {
        const result = JSON.stringify({ enrichment_id: json.enrichment_id, ...answer.callback });
        const delivery = deliver(result, signCallback(secret, result)).then((r) => fake.callbacks.push(r));
        pending.add(delivery);
        void delivery.finally(() => pending.delete(delivery));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/enrich`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
