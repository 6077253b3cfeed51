/**
 * The agent's HTTP endpoints on `agent.listen`, loopback only: `GET /healthz` (JSON) and
 * `GET /metrics` (Prometheus text format). Anything else: 404; a method other than GET on a known
 * path: 405 with `Allow: GET`.
 *
 * Rules: the endpoints have no authentication, so the server binds 127.0.0.1 or ::1 and nothing
 * else — any other address (0.0.0.0, a LAN address, a host name) is refused with CONFIG_INVALID
 * before binding (the configuration schema refuses it too). Request bodies are never read; slow or
 * idle clients are cut off by short timeouts. /healthz is 200 when the agent is running and its
 * store usable, 503 otherwise (starting, stopping, store failing), with the same JSON document.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { IbsightError } from '../errors/ibsight-error.js';
import type { Logger } from '../log/logger.js';

export interface HealthDocument {
  status: 'ok' | 'starting' | 'stopping' | 'store-failed';
  /** Seconds since the agent started. */
  uptime: number;
  [key: string]: unknown;
}

export interface AgentEndpoints {
  health(): HealthDocument;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface LoopbackAddress {
  host: '127.0.0.1' | '::1';
  port: number;
}

export interface RunningHttpServer {
  host: string;
  port: number;
  /** `http://127.0.0.1:9108` or `http://[::1]:9108`. */
  url: string;
  close(): Promise<void>;
}

/** `127.0.0.1:PORT` or `[::1]:PORT` (port 0: any free port, for tests); anything else is CONFIG_INVALID. */
export function parseLoopbackListen(listen: string): LoopbackAddress {
  const match = /^(\[[^\]]*\]|[^:[\]]+):(\d{1,5})$/.exec(listen.trim());
  const port = match ? Number(match[2]) : NaN;
  const host = match?.[1] === '[::1]' ? '::1' : match?.[1] === '127.0.0.1' ? '127.0.0.1' : null;
  if (match === null || port > 65535) {
    throw new IbsightError('CONFIG_INVALID', `agent.listen: expected 127.0.0.1:PORT or [::1]:PORT, got "${listen}"`, { context: { keyPath: 'agent.listen' } });
  }
  if (host === null) {
    throw new IbsightError(
      'CONFIG_INVALID',
      `agent.listen: ${match[1]} is not a loopback address: /healthz and /metrics have no authentication, so the agent only listens on 127.0.0.1 or [::1] (let Prometheus scrape it on this host, or put an authenticating proxy in front)`,
      { context: { keyPath: 'agent.listen' } },
    );
  }
  return { host, port };
}

const REQUEST_TIMEOUT_MS = 10_000;

function send(res: ServerResponse, status: number, contentType: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', ...extra });
  res.end(body);
}

async function handle(req: IncomingMessage, res: ServerResponse, endpoints: AgentEndpoints, logger: Logger): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/healthz' && path !== '/metrics') {
    send(res, 404, 'text/plain; charset=utf-8', 'not found: the agent serves GET /healthz and GET /metrics\n');
    return;
  }
  if (req.method !== 'GET') {
    send(res, 405, 'text/plain; charset=utf-8', `method ${req.method ?? ''} not allowed: use GET\n`, { allow: 'GET' });
    return;
  }
  if (path === '/healthz') {
    const doc = endpoints.health();
    send(res, doc.status === 'ok' ? 200 : 503, 'application/json; charset=utf-8', `${JSON.stringify(doc)}\n`);
    return;
  }
  try {
    const { contentType, body } = await endpoints.metrics();
    send(res, 200, contentType, body);
  } catch (err) {
    logger.error({ err }, '/metrics could not be rendered');
    send(res, 500, 'text/plain; charset=utf-8', 'metrics could not be rendered (see the agent log)\n');
  }
}

/** Binds the endpoints to a loopback address; rejects on a non-loopback address or a port in use. */
export async function startHttpServer(listen: string, endpoints: AgentEndpoints, logger: Logger): Promise<RunningHttpServer> {
  const { host, port } = parseLoopbackListen(listen);
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    handle(req, res, endpoints, logger).catch((err: unknown) => {
      logger.error({ err }, 'HTTP request failed');
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = REQUEST_TIMEOUT_MS;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      const where = host === '::1' ? `[::1]:${port}` : `${host}:${port}`;
      const hint = err.code === 'EADDRINUSE' ? ' (is another ibsight agent running?)' : '';
      reject(new IbsightError('CONFIG_INVALID', `agent.listen: cannot listen on ${where}: ${err.code ?? err.message}${hint}`, { cause: err, context: { keyPath: 'agent.listen' } }));
    };
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (err) => logger.error({ err }, 'HTTP server error'));
  const bound = (server.address() as AddressInfo).port;
  const url = host === '::1' ? `http://[::1]:${bound}` : `http://${host}:${bound}`;
  logger.info({ url }, 'serving /healthz and /metrics');
  return {
    host,
    port: bound,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
