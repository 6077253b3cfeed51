"""Gathers facts with Juniper's PyEZ from one device and prints them as one JSON line.

Usage: pyez-facts.py HOST PORT USER PASSWORD
Used by pyez-facts.test.ts against our simulator: PyEZ is Juniper's own client, so what it
reads from the simulator is what it would read from a real device. A fact that fails to
gather is reported as {"error": ...} and the others are still printed.
"""
import json
import sys

from jnpr.junos import Device

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
FACTS = ["hostname", "model", "version", "serialnumber", "personality", "current_re", "re_master",
         "vc_capable", "vc_mode", "vc_master", "srx_cluster", "srx_cluster_id", "srx_cluster_redundancy_group",
         "2RE", "RE0", "RE1", "domain", "fqdn", "switch_style", "ifd_style", "junos_info", "master",
         "hostname_info", "model_info", "version_RE0", "version_RE1"]

# ssh_config=None: a user's ~/.ssh/config (ProxyCommand, User...) must not change what is tested
dev = Device(host=host, port=port, user=user, passwd=password, gather_facts=True, normalize=False,
             ssh_config=None)
dev.open(auto_probe=10)
facts = {}
for name in FACTS:
    try:
        facts[name] = dev.facts[name]
    except Exception as exc:  # a fact that failed to gather: report it, keep going
        facts[name] = {"error": repr(exc)}
dev.close()
print(json.dumps(facts, default=str, sort_keys=True))
