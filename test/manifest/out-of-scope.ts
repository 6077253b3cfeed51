/**
 * Manifest part: the files under junos-public that no collector reads — CLI text captures, JSON
 * captures, client-side summaries (PyEZ facts, NAPALM expectations), and XML replies to RPCs none of
 * the twelve collectors sends (file-show, system memory/storage, optics, JNU satellites, commit...).
 * Each with the reason. Text a device sent inside `<output>` is CLI text too: the collectors ask for
 * XML. The `__juniper_private1__` terse interface replies (PyEZ current_re) are terse
 * get-interface-information replies: listed by the interfaces part, not here.
 */
import type { ManifestEntry } from './manifest-entry.js';

type OutOfScope = Extract<ManifestEntry, { collector: null }>;

function out(reason: string, files: readonly string[]): OutOfScope[] {
  return files.map((file) => ({ file, collector: null, outcome: 'out-of-scope', reason }));
}

const GENIE = 'CLI text (genieparser test input, the command echo and screen layout included); collectors read XML replies';
const NTC = 'CLI text (ntc-templates TextFSM test input); collectors read XML replies';
const HOSTS_JUNOS =
  'reply to <file-show> of /etc/hosts.junos (internal address → RE/member/node names PyEZ maps its current_re fact from); no collector reads files';
const FACTS_JSON = "PyEZ facts saved as JSON by ansible-junos-stdlib's playbook: a client's summary, not a device reply";

export const entries: OutOfScope[] = [
  // ansible-collections/junipernetworks.junos
  ...out('configuration in JSON (format="json") inside <rpc-reply>; the configuration collector asks for text and set formats', [
    'ansible-junipernetworks-junos/fixtures/get_configuration_rpc_reply_json.txt',
  ]),
  ...out('reply to get-system-memory-information (show system memory); no collector reads system memory', [
    'ansible-junipernetworks-junos/fixtures/show_system_memory_xml.txt',
  ]),
  ...out('reply to get-system-storage (show system storage); no collector reads file system usage', [
    'ansible-junipernetworks-junos/fixtures/show_system_storage_xml.txt',
  ]),
  ...out('software-information in JSON (display json) inside <rpc-reply>; software-information reads the XML reply', [
    'ansible-junipernetworks-junos/fixtures/show_version_json.txt',
  ]),
  ...out('CLI text of `show version` inside <output> (format="text"); software-information reads the XML reply', [
    'ansible-junipernetworks-junos/fixtures/show_version_text.txt',
  ]),

  // Juniper/ansible-junos-stdlib (historical)
  ...out(FACTS_JSON, [
    'ansible-junos-stdlib/pb/lc0-facts.json',
    'ansible-junos-stdlib/pb/lc1-facts.json',
    'ansible-junos-stdlib/pb/lc2-facts.json',
    'ansible-junos-stdlib/pb/lc3-facts.json',
  ]),

  // CiscoTestAutomation/genieparser: text captures
  ...out(GENIE, [
    'genieparser/ShowChassisAlarms/golden_output_2_output.txt',
    'genieparser/ShowChassisHardware/golden_output_1_output.txt',
    'genieparser/ShowChassisHardware/golden_output_output.txt',
    'genieparser/ShowChassisHardwareDetail/golden_output_1_output.txt',
    'genieparser/ShowChassisHardwareExtensive/golden_output_output.txt',
    'genieparser/ShowChassisRoutingEngine/golden_output2_output.txt',
    'genieparser/ShowChassisRoutingEngine/golden_output_output.txt',
    'genieparser/ShowSystemCoreDumps/golden_output_1_output.txt',
    'genieparser/ShowSystemUptime/golden_output_1_output.txt',
    'genieparser/ShowVersion/golden_output_output.txt',
    'genieparser/ShowVersionInvokeOnAllRoutingEngines/golden_output_output.txt',
  ]),

  // napalm-automation/napalm
  ...out("PyEZ facts as YAML for NAPALM's mocked device (srx_cluster: true), not a device reply", [
    'napalm/test_get_environment/issue1183_srx_multi_node/facts.yml',
  ]),
  ...out("NAPALM's expected get_facts() output (JSON), not a device reply", ['napalm/test_get_facts/normal/expected_result.json']),
  ...out("PyEZ facts as YAML for NAPALM's mocked device, not a device reply", ['napalm/test_get_facts/normal/facts.yml']),
  ...out(
    'reply to get-interface-optics-diagnostics-information (transceiver light levels, DOM); no collector reads optics diagnostics',
    ['napalm/test_get_optics/normal/get-interface-optics-diagnostics-information.xml'],
  ),

  // networktocode/ntc-templates: text captures
  ...out(NTC, [
    'ntc-templates/show_chassis_cluster_status/juniper_junos_show_chassis_cluster_status.raw',
    'ntc-templates/show_chassis_hardware/juniper_junos_show_chassis_hardware.raw',
    'ntc-templates/show_chassis_hardware/juniper_junos_show_chassis_hardware1.raw',
    'ntc-templates/show_chassis_hardware/juniper_junos_show_chassis_hardware2.raw',
    'ntc-templates/show_chassis_hardware/juniper_junos_show_chassis_hardware3.raw',
    'ntc-templates/show_chassis_hardware/juniper_junos_show_chassis_hardware4.raw',
    'ntc-templates/show_chassis_hardware/juniper_junos_show_chassis_hardware_add_fpc_info.raw',
    'ntc-templates/show_chassis_hardware/juniper_junos_show_chassis_hardware_dac_no_revision.raw',
    'ntc-templates/show_system_uptime/juniper_junos_show_system_uptime.raw',
    'ntc-templates/show_system_uptime/juniper_junos_show_system_uptime_2.raw',
    'ntc-templates/show_version/juniper_junos_show_version.raw',
    'ntc-templates/show_version/juniper_junos_show_version_ex.raw',
    'ntc-templates/show_version/juniper_junos_show_version_qfx5100.raw',
    'ntc-templates/show_version/juniper_junos_show_version_srx_cluster.raw',
    'ntc-templates/show_version/juniper_junos_show_version_vmhost.raw',
  ]),

  // Juniper/py-junos-eznc: file-show replies (PyEZ's current_re and domain facts)
  ...out(HOSTS_JUNOS, [
    'pyez/facts/current_re_empty_file-show.xml',
    'pyez/facts/current_re_file-show.xml',
    'pyez/facts/current_re_srx_index_err_file-show.xml',
    'pyez/facts/current_re_srx_primary_file-show.xml',
    'pyez/facts/current_re_srx_secondary_file-show.xml',
    'pyez/facts/domain_config_file-show.xml',
    'pyez/facts/ifd_style_classic_file-show.xml',
    'pyez/facts/ifd_style_switch_file-show.xml',
    'pyez/facts/iri_mapping2_file-show.xml',
    'pyez/facts/iri_mapping_file-show.xml',
    'pyez/facts/personality_ex_file-show.xml',
    'pyez/facts/personality_m_file-show.xml',
    'pyez/facts/personality_mx_file-show.xml',
    'pyez/facts/personality_olive_file-show.xml',
    'pyez/facts/personality_ptx_file-show.xml',
    'pyez/facts/personality_srx_branch_file-show.xml',
    'pyez/facts/personality_srx_high_end_file-show.xml',
    'pyez/facts/personality_srx_mid_range_file-show.xml',
    'pyez/facts/personality_t_file-show.xml',
    'pyez/facts/personality_vmx_file-show.xml',
    'pyez/facts/personality_vptx_file-show.xml',
    'pyez/facts/sw_info_dual_file-show.xml',
    'pyez/facts/sw_info_ex_file-show.xml',
    'pyez/facts/sw_info_no_version_file-show.xml',
    'pyez/facts/sw_info_simple_file-show.xml',
    'pyez/facts/sw_info_single_file-show.xml',
    'pyez/facts/sw_info_txp_file-show.xml',
    'pyez/facts/sw_info_vc_file-show.xml',
  ]),
  ...out('reply to <file-show> of /etc/resolv.conf (PyEZ domain fact); no collector reads files', ['pyez/facts/domain_file_file-show.xml']),
  ...out(
    'reply to `show vmhost version` (vmhost-version-information: VM host disk sets and their Junos packages), not software-information; no collector reads it',
    ['pyez/facts/vmhost_true_command.xml'],
  ),

  // Juniper/py-junos-eznc: rpc-reply and utils
  ...out('configuration in JSON inside <rpc-reply> (not even valid JSON: `3m`, `[null]`); the configuration collector asks for text and set formats', [
    'pyez/rpc-reply/get-configuration.json',
  ]),
  ...out(
    'a bare NETCONF rpc-error "permission denied" for <get-permission-denied>, an RPC name PyEZ invented for its error test; no collector sends it',
    ['pyez/rpc-reply/get-permission-denied.xml'],
  ),
  ...out('commit-results with two xnm:error elements: the reply to a commit, which ibsight (read-only) never sends', [
    'pyez/rpc-reply/get-rpc-error.xml',
  ]),
  ...out(
    'CLI text of `show system alarms` inside <output> (format="text"); the alarms collector reads the XML reply of get-system-alarm-information and reports this file as a PARSE_ERROR (test/collectors/alarms.test.ts)',
    ['pyez/rpc-reply/show-system-alarms.xml'],
  ),
  ...out('reply to `show system uptime | display xml rpc`: the RPC echoed back (<rpc><get-system-uptime-information/>), no uptime data', [
    'pyez/rpc-reply/show-system-uptime-rpc.xml',
  ]),
  ...out('reply to get-jnu-satellites-information (Junos Node Unifier satellites); no collector reads it', [
    'pyez/utils/get-jnu-satellites-information.xml',
  ]),

  // netenglabs/suzieq: JSON and text captures
  ...out('`show chassis hardware | display json` (Junos JSON); chassis-inventory reads the XML reply', [
    'suzieq/nossim/mx/19.4R3.11/testnode/show_chassis_hardware.json',
    'suzieq/nossim/qfx/19.4R1.10/leaf01/show_chassis_hardware.json',
  ]),
  ...out('`show version | display json` (Junos JSON); software-information reads the XML reply', [
    'suzieq/nossim/mx/19.4R3.11/testnode/show_version.json',
  ]),
  ...out('CLI text of `show version` (with login banner and prompt); software-information reads the XML reply', [
    'suzieq/nossim/mx/19.4R3.11/testnode/show_version.txt',
    'suzieq/nossim/qfx/19.4R1.10/leaf01/show_version.txt',
  ]),
  ...out('`show system uptime | display json` (Junos JSON); system-uptime reads the XML reply', [
    'suzieq/nossim/qfx/19.4R1.10/leaf01/show_system_uptime.json',
  ]),
  ...out('SuzieQ capture file (concatenated JSON arrays of display-json outputs: system information, uptime, hostnamectl)', [
    'suzieq/sqcmds/junos-input/device.output',
    'suzieq/sqcmds/vmx-input/device.output',
  ]),
  ...out('SuzieQ capture file (concatenated JSON arrays of `show chassis hardware | display json` for five vMX)', [
    'suzieq/sqcmds/vmx-input/inventory.output',
  ]),
];
