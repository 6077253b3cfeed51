/**
 * Test harness (not a test): a real SSH server (ssh2's Server on a 127.0.0.1 port) with a
 * `netconf` subsystem whose answers each test scripts — to drive the client through protocol
 * faults a well-behaved server never produces (foreign message-ids, huge or unsafe replies,
 * hangs, drops mid-reply, garbled hellos) and through password / keyboard-interactive auth.
 */
import { Server, utils, type ServerChannel, type Connection } from 'ssh2';
import { encodeMessage, EomDecoder, ChunkedDecoder, type Framing, type MessageDecoder } from '../../src/netconf/framing.js';

export const NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
export const PASSWORD = 'not-a-real-secret';

export interface RpcContext {
  /** The raw <rpc> text received. */
  text: string;
  /** Its message-id attribute. */
  id: string;
  /** The first element inside <rpc> (local name). */
  name: string;
  reply(inner: string, id?: string): void;
  /** Writes raw bytes (no framing added). */
  raw(bytes: Buffer | string): void;
  /** Writes a message with the session's framing. */
  send(message: string): void;
  /** Closes the channel and the connection. */
  drop(): void;
}

export interface ScriptOptions {
  /** Raw bytes sent as the hello (default: a base:1.0 hello with session-id 42). */
  hello?: string | null;
  /** Close the channel right after sending the hello. */
  dropAfterHello?: boolean;
  /** Offer base:1.1 in the default hello. */
  base11?: boolean;
  /** Accept only keyboard-interactive (no password method). */
  keyboardInteractiveOnly?: boolean;
  onRpc?: (rpc: RpcContext) => void;
}

export interface ScriptedServer {
  port: number;
  /** Names of the RPCs received, in order (close-session included). */
  received: string[];
  stop(): Promise<void>;
}

export function defaultHello(base11 = false): string {
  const caps = [`urn:ietf:params:netconf:base:1.0`, ...(base11 ? ['urn:ietf:params:netconf:base:1.1'] : [])];
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<!-- No zombies were killed during the creation of this user interface -->\n` +
    `<!-- user ibsight, class j-read-only -->\n<hello xmlns="${NS}"><capabilities>` +
    caps.map((c) => `<capability>${c}</capability>`).join('') +
    `<capability>http://xml.juniper.net/netconf/junos/1.0</capability></capabilities><session-id>42</session-id></hello>\n]]>]]>`
  );
}

/** ssh2's generator sometimes writes an ed25519 key its own parser rejects (a public key with a leading zero byte): retry. */
function generateHostKey(): string {
  for (;;) {
    const key = utils.generateKeyPairSync('ed25519').private;
    if (!(utils.parseKey(key) instanceof Error)) return key;
  }
}
const hostKey = generateHostKey();

export async function startScriptedServer(options: ScriptOptions = {}): Promise<ScriptedServer> {
  const received: string[] = [];
  const connections = new Set<Connection>();
  const server = new Server({ hostKeys: [hostKey] }, (conn) => {
    connections.add(conn);
    conn.on('close', () => connections.delete(conn));
    conn.on('error', () => undefined);
    conn.on('authentication', (ctx) => {
      if (ctx.method === 'password' && !options.keyboardInteractiveOnly) {
        if (ctx.password === PASSWORD) ctx.accept();
        else ctx.reject();
      } else if (ctx.method === 'keyboard-interactive') {
        ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) => (answers[0] === PASSWORD ? ctx.accept() : ctx.reject()));
      } else {
        ctx.reject(options.keyboardInteractiveOnly ? ['keyboard-interactive'] : ['password', 'keyboard-interactive']);
      }
    });
    conn.on('ready', () => {
      conn.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('subsystem', (accept, reject, info) => {
          if (info.name !== 'netconf') return reject();
          serveNetconf(accept(), conn, options, received);
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const c of connections) c.end();
        server.close(() => resolve());
      }),
  };
}

function serveNetconf(channel: ServerChannel, conn: Connection, options: ScriptOptions, received: string[]): void {
  const hello = options.hello === undefined ? defaultHello(options.base11) : options.hello;
  if (hello !== null) channel.write(hello);
  if (options.dropAfterHello) {
    channel.close();
    return;
  }
  let framing: Framing = 'eom';
  let decoder: MessageDecoder = new EomDecoder();
  let gotHello = false;
  channel.on('data', (chunk: Buffer) => {
    let data = chunk;
    if (!gotHello) {
      const [clientHello] = (decoder as EomDecoder).push(data, 1);
      if (clientHello === undefined) return;
      gotHello = true;
      framing = options.base11 && clientHello.includes('base:1.1') ? 'chunked' : 'eom';
      data = decoder.takeRemainder();
      decoder = framing === 'chunked' ? new ChunkedDecoder() : new EomDecoder();
    }
    for (const text of decoder.push(data)) {
      const id = /message-id="([^"]*)"/.exec(text)?.[1] ?? '';
      const name = /<rpc\b[^>]*>\s*<(?:[\w.-]+:)?([\w.-]+)/.exec(text)?.[1] ?? '';
      received.push(name);
      const send = (message: string): void => void channel.write(encodeMessage(framing, message));
      const ctx: RpcContext = {
        text,
        id,
        name,
        send,
        reply: (inner, replyId = id) => send(`<rpc-reply xmlns="${NS}" message-id="${replyId}">${inner}</rpc-reply>`),
        raw: (bytes) => void channel.write(bytes),
        drop: () => {
          channel.close();
          conn.end();
        },
      };
      if (name === 'close-session') {
        ctx.reply('<ok/>');
        channel.close();
        continue;
      }
      if (options.onRpc) options.onRpc(ctx);
      else ctx.reply('<ok/>');
    }
  });
}
