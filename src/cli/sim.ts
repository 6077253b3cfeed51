/**
 * `ibsight sim --fleet FILE`: serves a simulated Junos fleet over NETCONF/SSH (SPEC §6; the
 * engine is in src/sim/). Writes the requested known_hosts / inventory files, then prints one
 * line `{"ready":true,"devices":[{"name","port"}]}` on stdout and serves until SIGINT/SIGTERM.
 */
import type { Command } from 'commander';
import { IbsightError } from '../errors/ibsight-error.js';
import { log } from '../log/logger.js';
import { loadFleetFile } from '../sim/fleet-file.js';
import { writeInventory, writeKnownHosts } from '../sim/inventory-writer.js';
import { DEFAULT_BASE_PORT, startSimulator } from '../sim/simulator.js';
import { failCommand, printJson, type GlobalOptions } from './output.js';

interface SimOptions {
  fleet: string;
  basePort: string;
  writeInventory?: string;
  writeKnownHosts?: string;
}

function parseBasePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new IbsightError('USAGE', `--base-port must be an integer from 1 to 65535, got "${text}"`);
  }
  return port;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

async function runSim(options: SimOptions): Promise<void> {
  const started = performance.now();
  const logger = log();
  const basePort = parseBasePort(options.basePort);
  const plan = loadFleetFile(options.fleet);
  const sim = await startSimulator(plan, { basePort, logger });
  const stopped = untilSignal();
  try {
    if (options.writeKnownHosts) writeKnownHosts(options.writeKnownHosts, sim.devices);
    if (options.writeInventory) {
      const passwordFile = writeInventory(options.writeInventory, plan, sim.devices);
      logger.info({ inventory: options.writeInventory, passwordFile }, 'inventory written');
    }
  } catch (err) {
    await sim.close();
    throw new IbsightError('INPUT_INVALID', `cannot write the simulator's output files: ${(err as Error).message}`, { cause: err });
  }
  const listening = sim.devices.filter((d) => d.fault !== 'refuse').length;
  logger.info(
    { devices: sim.devices.length, listening, basePort, listenMs: sim.startMs, startMs: Math.round(performance.now() - started) },
    'simulator ready',
  );
  printJson({ ready: true, devices: sim.devices.map((d) => ({ name: d.name, port: d.port })) });
  const signal = await stopped;
  logger.info({ signal }, 'simulator stopping');
  // Connections are destroyed by close(); this only guards against a handle that lingers.
  setTimeout(() => process.exit(0), 3000).unref();
  await sim.close();
}

export function register(program: Command): void {
  program
    .command('sim')
    .description('serve a simulated Junos fleet over NETCONF/SSH on 127.0.0.1 (one port per device)')
    .requiredOption('--fleet <file>', 'fleet file (YAML)')
    .option('--base-port <n>', 'first port; devices take consecutive ports in fleet order', String(DEFAULT_BASE_PORT))
    .option('--write-inventory <file>', 'write an ibsight inventory for the fleet (password in a 0600 file beside it)')
    .option('--write-known-hosts <file>', 'write the devices\' host keys in OpenSSH known_hosts format')
    .action(async (options: SimOptions, command: Command) => {
      try {
        await runSim(options);
      } catch (err) {
        failCommand(err, command.optsWithGlobals<GlobalOptions>());
      }
    });
}
