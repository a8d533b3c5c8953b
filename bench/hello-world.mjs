// The HTTP baseline: the smallest Fastify server, in its own Node process like
// the Cardepass server, with the same Fastify version and no logger. Its
// req/s is the ceiling for "Node + Fastify + this load generator on this box";
// Cardepass reads are reported as a fraction of it.
// Plain .mjs (no tsx loader) so nothing but Fastify is measured.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));

const port = Number(process.env.PORT ?? 0);
await app.listen({ host: '127.0.0.1', port });
const stop = () => app.close().then(() => process.exit(0), () => process.exit(1));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
