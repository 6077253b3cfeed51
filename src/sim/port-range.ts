/**
 * Finds a run of consecutive free TCP ports on 127.0.0.1 for a simulated fleet (tests and
 * benchmarks start the simulator on ports nobody else uses). The range is probed by binding
 * each port once; another process may still take one before the simulator does, in which
 * case the simulator fails with a clear USAGE error and the caller may try again.
 */
import { createServer } from 'node:net';

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A base port such that base .. base+count-1 are all free, searched from a random start in
 * [low, high - count] (below the Linux ephemeral range by default).
 */
export async function findFreePortRange(count: number, low = 20000, high = 32767, attempts = 20): Promise<number> {
  if (count < 1 || high - low + 1 < count) throw new Error(`cannot fit ${count} ports in ${low}-${high}`);
  for (let attempt = 0; attempt < attempts; attempt++) {
    const base = low + Math.floor(Math.random() * (high - low + 2 - count));
    let ok = true;
    for (let start = 0; start < count && ok; start += 200) {
      const ports = Array.from({ length: Math.min(200, count - start) }, (_, i) => base + start + i);
      const results = await Promise.all(ports.map(canBind));
      ok = results.every(Boolean);
    }
    if (ok) return base;
  }
  throw new Error(`no ${count} consecutive free ports found in ${low}-${high} after ${attempts} attempts`);
}
