/**
 * Manifest part: real replies to get-interface-information terse under junos-public. The only
 * ones are PyEZ's current_re fixtures: `show interfaces terse routing-instance __juniper_private1__`,
 * whose physical-interface elements carry no name (only the instance's logical interfaces are
 * listed). They say nothing about the device's ports, so the interfaces collector refuses them
 * with PARSE_ERROR rather than report zero ports. The optics diagnostics reply is another RPC
 * (out-of-scope.ts).
 */
import type { InterfacesRecords } from '../../collectors/interfaces.js';
import type { ManifestEntry } from './manifest-entry.js';

const NOTE = '__juniper_private1__ terse listing (PyEZ current_re): physical interfaces without names';

export const entries: ManifestEntry<InterfacesRecords>[] = [
  'pyez/facts/current_re_empty_get-interface-information.xml',
  'pyez/facts/current_re_get-interface-information.xml',
  'pyez/facts/current_re_srx_index_err_get-interface-information.xml',
  'pyez/facts/current_re_srx_primary_get-interface-information.xml',
  'pyez/facts/current_re_srx_secondary_get-interface-information.xml',
].map((file) => ({ file, collector: 'interfaces' as const, outcome: 'error' as const, code: 'PARSE_ERROR' as const, note: NOTE }));
