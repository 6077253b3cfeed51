/**
 * The SSH server of one simulated device on 127.0.0.1:<port>. A plain TCP listener accepts
 * connections; the ssh2 Server (host key parsing, algorithm setup) is only created on the first
 * connection and fed sockets with `injectSocket`, so an idle device costs one listening socket.
 * Auth: password, or keyboard-interactive with one "Password:" prompt, against the fleet's
 * username/password. Only the `netconf` subsystem is served; shell, exec and every other
 * request are refused (ssh2 refuses requests nobody listens for).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import ssh2, { type AuthContext, type Connection, type Server as SshServer } from 'ssh2';
import { IbsightError } from '../errors/ibsight-error.js';
import type { Logger } from '../log/logger.js';
import { serveNetconf } from './netconf-channel.js';
import type { SimDevice } from './sim-device.js';

export interface DeviceServerOptions {
  username: string;
  password: string;
  logger: Logger;
  nextSessionId(): number;
}

const AUTH_METHODS: AuthContext['method'][] = ['password', 'keyboard-interactive'];

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export class DeviceServer {
  private readonly listener: NetServer;
  private ssh: SshServer | undefined;
  /** Open sockets by remote port (to find the socket of an ssh2 connection, and to close all). */
  private readonly sockets = new Map<number, Socket>();
  private readonly passwordDigest: Buffer;
  private readonly usernameDigest: Buffer;

  constructor(
    readonly device: SimDevice,
    private readonly options: DeviceServerOptions,
  ) {
    this.passwordDigest = digest(options.password);
    this.usernameDigest = digest(options.username);
    this.listener = createServer((socket) => this.onSocket(socket));
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        const message = err.code === 'EADDRINUSE'
          ? `port ${this.device.port} (device ${this.device.name}) is already in use; choose another --base-port`
          : `cannot listen on 127.0.0.1:${this.device.port} for device ${this.device.name}: ${err.message}`;
        reject(new IbsightError('USAGE', message, { cause: err, context: { device: this.device.name, port: this.device.port } }));
      };
      this.listener.once('error', onError);
      this.listener.listen({ host: '127.0.0.1', port: this.device.port, backlog: 511 }, () => {
        this.listener.off('error', onError);
        this.listener.on('error', (err) => this.options.logger.warn({ device: this.device.name, err: err.message }, 'listener error'));
        resolve();
      });
    });
  }

  /** Stops listening and destroys every open connection. */
  close(): Promise<void> {
    for (const socket of this.sockets.values()) socket.destroy();
    this.sockets.clear();
    return new Promise((resolve) => {
      if (!this.listener.listening) return resolve();
      this.listener.close(() => resolve());
    });
  }

  private onSocket(socket: Socket): void {
    const remotePort = socket.remotePort ?? -1;
    this.sockets.set(remotePort, socket);
    socket.once('close', () => {
      if (this.sockets.get(remotePort) === socket) this.sockets.delete(remotePort);
    });
    socket.on('error', () => undefined); // resets are normal (clients under test drop connections)
    this.sshServer().injectSocket(socket);
  }

  private sshServer(): SshServer {
    this.ssh ??= new ssh2.Server({ hostKeys: [this.device.hostKey().privateKey] }, (client, info) => this.onClient(client, info.port));
    return this.ssh;
  }

  private credentialsOk(username: string, password: string): boolean {
    const userOk = timingSafeEqual(digest(username), this.usernameDigest);
    const passOk = timingSafeEqual(digest(password), this.passwordDigest);
    return userOk && passOk;
  }

  private onClient(client: Connection, remotePort: number): void {
    const { device, logger } = this;
    client.on('error', (err) => logger.debug({ device: device.name, err: err.message }, 'ssh connection error'));
    client.on('authentication', (ctx) => {
      if (device.fault === 'auth-fail') return ctx.reject(AUTH_METHODS);
      if (ctx.method === 'password') {
        return this.credentialsOk(ctx.username, ctx.password) ? ctx.accept() : ctx.reject(AUTH_METHODS);
      }
      if (ctx.method === 'keyboard-interactive') {
        return ctx.prompt([{ prompt: 'Password:', echo: false }], (answers) => {
          if (this.credentialsOk(ctx.username, answers[0] ?? '')) ctx.accept();
          else ctx.reject(AUTH_METHODS);
        });
      }
      return ctx.reject(AUTH_METHODS);
    });
    client.on('session', (accept) => {
      const session = accept();
      session.on('subsystem', (acceptSubsystem, reject, info) => {
        if (info.name !== 'netconf') return reject();
        const channel = acceptSubsystem();
        serveNetconf(channel, {
          device,
          sessionId: this.options.nextSessionId(),
          username: this.options.username,
          logger,
          destroyConnection: () => this.destroySocket(remotePort, client),
          endConnection: () => client.end(),
        });
      });
    });
  }

  private destroySocket(remotePort: number, client: Connection): void {
    const socket = this.sockets.get(remotePort);
    if (!socket) return void client.end();
    if (socket.writableLength === 0) socket.destroy();
    else socket.once('drain', () => socket.destroy());
  }

  private get logger(): Logger {
    return this.options.logger;
  }
}
