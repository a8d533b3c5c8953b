// A real HTTP proxy in front of the test server that injects the failures a
// real network and real infrastructure produce — a 502 from a load balancer,
// a 503 with Retry-After, a dropped connection, a stalled answer — on the
// requests a test picks. Everything else passes through unchanged, so the SDK
// is tested over real sockets against the real server.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Fault =
  /** Answer with this status without asking the server. */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Let the server process the request, then replace its answer: the response is "lost". */
  | { kind: 'lose-answer'; status: number }
  /** Close the connection without answering (after the server processed it when `forward` is set). */
  | { kind: 'drop'; forward?: boolean }
  /** Wait this long before passing the request through. */
  | { kind: 'stall'; delay_ms: number };

interface Plan { matches: (method: string, path: string) => boolean; faults: Fault[] }

export class FaultProxy {
  private readonly plans: Plan[] = [];
  /** Every request seen, with the fault applied to it, if any. */
  readonly seen: Array<{ method: string; path: string; fault: Fault['kind'] | 'passed' }> = [];

  private constructor(private readonly server: Server, readonly origin: string, private readonly target: URL) {}

  static async start(targetOrigin: string): Promise<FaultProxy> {
    let proxy: FaultProxy | undefined;
    const server = createServer((req, res) => { void proxy!.handle(req, res); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    proxy = new FaultProxy(server, `http://127.0.0.1:${port}`, new URL(targetOrigin));
    return proxy;
  }

  /** The next requests for which `matches` holds get `faults`, one each, in order. */
  inject(matches: (method: string, path: string) => boolean, ...faults: Fault[]): void {
    this.plans.push({ matches, faults: [...faults] });
  }

  /** Requests seen whose path starts with `prefix` (after the base path). */
  count(method: string, pathPart: string): number {
    return this.seen.filter((s) => s.method === method && s.path.includes(pathPart)).length;
  }

  reset(): void {
    this.plans.length = 0;
    this.seen.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private nextFault(method: string, path: string): Fault | undefined {
    const plan = this.plans.find((p) => p.faults.length > 0 && p.matches(method, path));
    return plan?.faults.shift();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const body = await readBody(req);
    const fault = this.nextFault(method, path);
    this.seen.push({ method, path, fault: fault?.kind ?? 'passed' });
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'text/plain', ...fault.headers }).end(fault.body ?? `injected ${fault.status}`);
      return;
    }
    if (fault?.kind === 'drop' && !fault.forward) {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'stall') await new Promise((resolve) => setTimeout(resolve, fault.delay_ms));
    const upstream = await this.forward(method, path, req.headers, body).catch(() => undefined);
    if (res.destroyed || req.socket.destroyed) return;
    if (!upstream) {
      res.writeHead(502).end('upstream unreachable');
    } else if (fault?.kind === 'lose-answer') {
      res.writeHead(fault.status, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>');
    } else if (fault?.kind === 'drop') {
      req.socket.destroy();
    } else {
      res.writeHead(upstream.status, upstream.headers).end(upstream.body);
    }
  }

  private forward(method: string, path: string, headers: IncomingMessage['headers'], body: Buffer) {
    return new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>((resolve, reject) => {
      const upstream = httpRequest({ host: this.target.hostname, port: this.target.port, method, path, headers }, (response) => {
        readBody(response).then((data) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: data }), reject);
      });
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
