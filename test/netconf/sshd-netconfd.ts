/**
 * Test harness (not a test): a real yuma123 `netconfd` behind its own loopback OpenSSH `sshd`
 * in a temp dir, key authentication as the current user (no new OS user), and a real `ssh-agent`.
 * Every process is started here and stopped by its PID.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const BINARIES = ['/usr/sbin/netconfd', '/usr/sbin/netconf-subsystem', '/usr/sbin/sshd', '/usr/bin/ssh-keygen', '/usr/bin/ssh-agent', '/usr/bin/ssh-add'];

export function missingBinaries(): string[] {
  return BINARIES.filter((b) => !existsSync(b));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

/** Spawns a process and waits until its output contains `ready` (or it exits). */
function startProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, ready: string): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      if (out.includes(ready)) resolve({ child, output: () => out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${cmd} exited with ${code} before it was ready:\n${out}`)));
  });
}

/** Stops a process by its PID and waits for it to exit. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    process.kill(child.pid!, 'SIGTERM');
  });
}

function keygen(file: string, type: string, passphrase = ''): string {
  execFileSync('ssh-keygen', ['-q', '-t', type, '-N', passphrase, '-C', 'ibsight-test', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

export interface SshdOptions {
  /** Only SHA-1 key exchange and ssh-rsa host keys, like an old Junos. */
  legacyOnly?: boolean;
  /** Without the netconf subsystem (and without netconfd). */
  noSubsystem?: boolean;
}

export interface SshdNetconfd {
  dir: string;
  port: number;
  user: string;
  /** Private keys (paths) listed in authorized_keys. */
  clientKey: string;
  passphraseKey: string;
  passphrase: string;
  agentKey: string;
  /** A key that is not authorized. */
  strangerKey: string;
  hostKeyPub: string;
  /** `[127.0.0.1]:port keytype base64` for the current host key. */
  knownHostsLine(): string;
  /** Restarts sshd on the same port with a newly generated host key. */
  rotateHostKey(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSshdNetconfd(options: SshdOptions = {}): Promise<SshdNetconfd> {
  const dir = mkdtempSync(join(tmpdir(), 'ibsight-netconfd-'));
  const port = await freePort();
  const user = userInfo().username;
  const keyType = options.legacyOnly ? 'rsa' : 'ed25519';
  const authorized = [
    keygen(join(dir, 'client'), 'ed25519'),
    keygen(join(dir, 'client_pp'), 'ed25519', 'correct horse battery'),
    keygen(join(dir, 'agent_key'), 'ecdsa'),
  ];
  keygen(join(dir, 'stranger'), 'ed25519');
  writeFileSync(join(dir, 'authorized_keys'), authorized.join('\n') + '\n');
  let generation = 0;
  const hostKey = (): string => join(dir, `host_key_${generation}`);
  keygen(hostKey(), keyType);

  const writeConfig = (): string => {
    const file = join(dir, 'sshd_config');
    const lines = [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey()}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'StrictModes no',
      'AllowTcpForwarding yes',
      'LogLevel VERBOSE',
    ];
    if (options.legacyOnly) lines.push('KexAlgorithms diffie-hellman-group14-sha1', 'HostKeyAlgorithms ssh-rsa', 'PubkeyAcceptedAlgorithms +ssh-rsa');
    if (!options.noSubsystem) {
      lines.push(`Subsystem netconf /usr/sbin/netconf-subsystem --ncxserver-sockname=${port}@${join(dir, 'ncxserver.sock')}`);
    }
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };

  try {
    mkdirSync('/run/sshd', { recursive: true });
  } catch {
    // not root: sshd then runs without privilege separation directory checks failing loudly
  }
  let netconfd: Started | null = null;
  if (!options.noSubsystem) {
    netconfd = await startProcess(
      '/usr/sbin/netconfd',
      ['--no-startup', `--superuser=${user}`, `--port=${port}`, `--ncxserver-sockname=${join(dir, 'ncxserver.sock')}`, '--protocols=netconf1.0 netconf1.1'],
      { ...process.env, HOME: dir },
      'Running netconfd server',
    );
  }
  const startSshd = (): Promise<Started> => startProcess('/usr/sbin/sshd', ['-D', '-e', '-f', writeConfig()], process.env, 'Server listening on');
  let sshd = await startSshd().catch(async (err: unknown) => {
    if (netconfd) await stopProcess(netconfd.child);
    throw err;
  });

  return {
    dir,
    port,
    user,
    clientKey: join(dir, 'client'),
    passphraseKey: join(dir, 'client_pp'),
    passphrase: 'correct horse battery',
    agentKey: join(dir, 'agent_key'),
    strangerKey: join(dir, 'stranger'),
    get hostKeyPub() {
      return `${hostKey()}.pub`;
    },
    knownHostsLine() {
      const [type, b64] = readFileSync(`${hostKey()}.pub`, 'utf8').trim().split(' ');
      return `[127.0.0.1]:${port} ${type} ${b64}`;
    },
    async rotateHostKey() {
      await stopProcess(sshd.child);
      generation++;
      keygen(hostKey(), keyType);
      sshd = await startSshd();
    },
    async stop() {
      await stopProcess(sshd.child);
      if (netconfd) await stopProcess(netconfd.child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A real ssh-agent on a socket in `dir`, holding one key. */
export async function startSshAgent(dir: string, keyFile: string): Promise<{ socket: string; stop: () => Promise<void> }> {
  const socket = join(dir, 'agent.sock');
  const agent = await startProcess('/usr/bin/ssh-agent', ['-D', '-a', socket], process.env, 'SSH_AUTH_SOCK');
  execFileSync('/usr/bin/ssh-add', [keyFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'pipe' });
  return { socket, stop: () => stopProcess(agent.child) };
}
