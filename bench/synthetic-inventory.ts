/**
 * A synthetic chassis inventory of a given size, shaped like a large MX: chassis, midplane,
 * REs, CBs, PEMs, fan trays, then FPCs with MICs, PICs and transceivers until the size is
 * reached. Serial numbers are unique. Used by bench/parse.ts (the ≥ 50 MB/s target of issue 3).
 */
function module(tag: string, indent: string, name: string, fields: Record<string, string>, inner = ''): string {
  const body = Object.entries(fields)
    .map(([k, v]) => `${indent}    <${k}>${v}</${k}>\n`)
    .join('');
  return `${indent}<${tag}>\n${indent}    <name>${name}</name>\n${body}${inner}${indent}</${tag}>\n`;
}

export function syntheticInventory(targetBytes: number): string {
  let serial = 0;
  const next = (prefix: string): string => `${prefix}${(++serial).toString(36).toUpperCase().padStart(8, '0')}`;
  const parts: string[] = [];
  let size = 0;
  const add = (text: string): void => {
    parts.push(text);
    size += text.length;
  };
  add('<rpc-reply xmlns:junos="http://xml.juniper.net/junos/23.4R2/junos">\n<chassis-inventory xmlns="http://xml.juniper.net/junos/23.4R2/junos-chassis">\n');
  add('    <chassis junos:style="inventory">\n        <name>Chassis</name>\n        <serial-number>JN' + next('') + '</serial-number>\n        <description>MX960</description>\n');
  add(module('chassis-module', '        ', 'Midplane', { version: 'REV 03', 'part-number': '750-047849', 'serial-number': next('ACRB'), description: 'Enhanced MX960 Backplane', 'clei-code': 'IPMJV00BRA', 'model-number': 'CHAS-BP3-MX960-S' }));
  for (const re of [0, 1]) {
    add(module('chassis-module', '        ', `Routing Engine ${re}`, { version: 'REV 01', 'part-number': '750-072927', 'serial-number': next('CAGE'), description: 'RE-S-2X00x6', 'clei-code': 'PROTOXCLEI', 'model-number': 'RE-S-X6-64G-S' }));
  }
  for (let pem = 0; pem < 4; pem++) {
    add(module('chassis-module', '        ', `PEM ${pem}`, { version: 'Rev 05', 'part-number': '740-029970', 'serial-number': next('QCS'), description: 'PS 4.1kW; 200-240V AC in', 'model-number': 'PWR-MX960-4100-AC-S' }));
  }
  let fpc = 0;
  while (size < targetBytes) {
    let mics = '';
    for (let mic = 0; mic < 2; mic++) {
      let pics = '';
      for (let pic = 0; pic < 2; pic++) {
        let xcvrs = '';
        for (let x = 0; x < 10; x++) {
          xcvrs += module('chassis-sub-sub-sub-module', '                        ', `Xcvr ${x}`, { version: 'REV 01', 'part-number': '740-031980', 'serial-number': next('AS'), description: 'SFP+-10G-SR' });
        }
        pics += module('chassis-sub-sub-module', '                    ', `PIC ${mic * 2 + pic}`, { 'part-number': 'BUILTIN', 'serial-number': 'BUILTIN', description: '10x 10GE SFP+' }, xcvrs);
      }
      mics += module('chassis-sub-module', '                ', `MIC ${mic}`, { version: 'REV 26', 'part-number': '750-028387', 'serial-number': next('CAAB'), description: '3D 20x 1GE(LAN) SFP', 'clei-code': 'COUIBCWBAA', 'model-number': 'MIC-3D-20GE-SFP' }, pics);
    }
    add(module('chassis-module', '        ', `FPC ${fpc++}`, { version: 'REV 22', 'part-number': '750-045372', 'serial-number': next('CAEF'), description: 'MPCE Type 3 3D', 'clei-code': 'COUIBCXBAA', 'model-number': 'MX-MPC3E-3D' }, mics));
  }
  add(module('chassis-module', '        ', 'Fan Tray 0', { description: 'Enhanced Fan Tray', 'model-number': 'FFANTRAY-MX960-HC-S' }));
  add('    </chassis>\n</chassis-inventory>\n</rpc-reply>\n');
  return parts.join('');
}
