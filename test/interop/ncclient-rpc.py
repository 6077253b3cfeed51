"""Runs get-software-information with ncclient (device_params junos) and prints one JSON line.

Usage: ncclient-rpc.py HOST PORT USER PASSWORD KNOWN_HOSTS
Host keys are verified against KNOWN_HOSTS (written by `ibsight sim --write-known-hosts`).
On success: {"hostname","model","version","sessionId","framing","capabilities"}. On failure
(host key refused, authentication...): {"error": <ncclient exception class>, "message",
"fingerprint"} and exit status 2. Used by ncclient.test.ts.
"""
import json
import os
import sys
import tempfile

from ncclient import manager
from ncclient.transport.session import NetconfBase
from ncclient.xml_ import to_ele

host, port, user, password, known_hosts = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]

with tempfile.NamedTemporaryFile("w", suffix=".ssh_config", delete=False) as cfg:
    cfg.write("Host *\n  UserKnownHostsFile %s\n" % known_hosts)
status = 0
try:
    with manager.connect(host=host, port=port, username=user, password=password,
                         hostkey_verify=True, ssh_config=cfg.name, look_for_keys=False, allow_agent=False,
                         device_params={"name": "junos"}, timeout=30) as m:
        reply = m.rpc(to_ele("<get-software-information/>"))
        ele = reply.xpath("//software-information")[0]
        print(json.dumps({
            "hostname": ele.findtext("host-name"),
            "model": ele.findtext("product-model"),
            "version": ele.findtext("junos-version"),
            "sessionId": m.session_id,
            "framing": "chunked" if m._session._base == NetconfBase.BASE_11 else "eom",
            "capabilities": sorted(m.server_capabilities),
        }))
except Exception as exc:  # report what ncclient refused, as data
    print(json.dumps({"error": type(exc).__name__, "message": str(exc),
                      "fingerprint": getattr(exc, "fingerprint", None)}))
    status = 2
finally:
    os.unlink(cfg.name)
sys.exit(status)
