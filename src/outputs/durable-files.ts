/**
 * Durable file operations of the spool (point-spool.ts): a file created exclusively with mode 0600
 * and fsync'd before the promise resolves, a directory fsync'd (so a rename or unlink survives a
 * power cut), a removal that tolerates a file already gone, and whether a PID is alive.
 */
import { constants } from 'node:fs';
import { open, unlink } from 'node:fs/promises';

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeFileSynced(path: string, data: string): Promise<void> {
  const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function removeIfPresent(path: string): Promise<void> {
  await unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}
