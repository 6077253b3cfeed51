/** `ibsight sim --fleet FILE`: serves a simulated Junos fleet (SPEC §6). Implemented in src/sim/. */
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('sim')
    .description('serve a simulated Junos fleet over NETCONF/SSH on 127.0.0.1 (one port per device)')
    .requiredOption('--fleet <file>', 'fleet file (YAML)')
    .option('--base-port <n>', 'first port; devices take consecutive ports in fleet order', '20000')
    .option('--write-inventory <file>', 'write an ibsight inventory for the fleet (password in a 0600 file beside it)')
    .option('--write-known-hosts <file>', 'write the devices\' host keys in OpenSSH known_hosts format')
    .action(() => {
      throw new Error('sim: not implemented yet');
    });
}
