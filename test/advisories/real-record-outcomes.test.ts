/**
 * The 16 real Juniper CVE records, read from ../shared/data/advisories/cve, matched against versions
 * (and models) whose outcome was worked out by hand from each record. `null` = the advisory does not
 * apply. The comment above each record's rows names the entry that decides.
 */
import { describe, expect, it } from 'vitest';
import { REAL_IDS, realMatch, realRecords } from './real-records.js';

type Row = [id: string, version: string, model: string | null, expected: 'affected' | 'potentially-affected' | null];

const ROWS: Row[] = [
  // CVE-2017-2313 (free text): "15.1 prior to 15.1F2-S15, 15.1F5-S7, 15.1F6-S5, 15.1F7, 15.1R4-S7, 15.1R5-S2, 15.1R6" is read
  // as two ranges (15.1F line and 15.1 mainline); "15.1X49 prior to ..." and "15.1X53 prior to ..." per X train;
  // "Releases prior to 15.1 are unaffected" = outside every range.
  ['CVE-2017-2313', '15.1R4-S6', 'mx960', 'affected'],
  ['CVE-2017-2313', '15.1R4-S7', 'mx960', null],
  ['CVE-2017-2313', '15.1R5-S1', 'mx960', 'affected'],
  ['CVE-2017-2313', '15.1R6', 'mx960', null],
  ['CVE-2017-2313', '15.1F6-S4', 'mx960', 'affected'],
  ['CVE-2017-2313', '15.1F6-S5', 'mx960', null],
  ['CVE-2017-2313', '15.1F7', 'mx960', null],
  ['CVE-2017-2313', '15.1X49-D75', 'srx345', 'affected'],
  ['CVE-2017-2313', '15.1X49-D78', 'srx345', null],
  ['CVE-2017-2313', '15.1X49-D80', 'srx345', null],
  ['CVE-2017-2313', '15.1X53-D62', 'qfx5100-48s', 'affected'],
  ['CVE-2017-2313', '15.1X53-D63', 'qfx5100-48s', null],
  ['CVE-2017-2313', '15.1X53-D230', 'qfx5100-48s', null],
  ['CVE-2017-2313', '16.1R3-S2', 'mx960', 'affected'],
  ['CVE-2017-2313', '16.1R4', 'mx960', null],
  ['CVE-2017-2313', '14.1R9', 'mx960', null],
  ['CVE-2017-2313', '17.1R1', 'mx960', null],

  // CVE-2019-0044: X trains only (12.1X46 < D82, 12.3X48 < "D80 " with a trailing space, 15.1X49 < D160); SRX5000 series.
  ['CVE-2019-0044', '15.1X49-D150', 'srx5800', 'affected'],
  ['CVE-2019-0044', '15.1X49-D160', 'srx5800', null],
  ['CVE-2019-0044', '12.3X48-D75', 'srx5600', 'affected'],
  ['CVE-2019-0044', '12.3X48-D80', 'srx5400', null],
  ['CVE-2019-0044', '12.1X46-D81', 'srx5800', 'affected'],
  ['CVE-2019-0044', '15.1X49-D150', 'srx345', null],
  ['CVE-2019-0044', '18.4R1', 'srx5800', null],

  // CVE-2020-1627: per-train entries incl. 18.2X75 < 18.2X75-D60; platforms "vMX and MX150".
  ['CVE-2020-1627', '18.2X75-D52', 'vmx', 'affected'],
  ['CVE-2020-1627', '18.2X75-D60', 'vmx', null],
  ['CVE-2020-1627', '18.4R1', 'mx150', 'affected'],
  ['CVE-2020-1627', '18.4R2', 'mx150', null],
  ['CVE-2020-1627', '18.4R1', 'mx960', null],
  ['CVE-2020-1627', '19.2R1', 'vmx', null],

  // CVE-2020-1647: unaffected "unspecified < 18.1R1" beside affected per-train ranges; "18.3R2-S4, 18.3R3-S1".
  ['CVE-2020-1647', '18.3R2-S3', 'srx345', 'affected'],
  ['CVE-2020-1647', '18.3R2-S4', 'srx345', null],
  ['CVE-2020-1647', '18.3R3', 'srx345', 'affected'],
  ['CVE-2020-1647', '18.3R3-S1', 'srx345', null],
  ['CVE-2020-1647', '18.1R3-S8', 'srx1500', 'affected'],
  ['CVE-2020-1647', '17.4R3', 'srx345', null],
  // 18.1B1 is in "18.1 before 18.1R3-S9" AND in the unaffected "before 18.1R1": unaffected wins.
  ['CVE-2020-1647', '18.1B1', 'srx345', null],

  // CVE-2021-0223: no platforms; "unspecified < 15.1R7-S9" then per train from 17.3.
  ['CVE-2021-0223', '15.1R7-S8', 'mx960', 'affected'],
  ['CVE-2021-0223', '15.1R7-S9', 'mx960', null],
  ['CVE-2021-0223', '12.3R12', 'ex4200-48t', 'affected'],
  ['CVE-2021-0223', '16.1R1', 'mx960', null],
  ['CVE-2021-0223', '17.4R2-S11', 'mx960', 'affected'],
  ['CVE-2021-0223', '17.4R2-S12', 'mx960', null],
  ['CVE-2021-0223', '17.4R3-S2', 'mx960', 'affected'],
  // 15.1X49 has the base 15.1 of the fix 15.1R7-S9 but cannot be ordered against it: doubt, not silence.
  ['CVE-2021-0223', '15.1X49-D170', 'srx345', 'potentially-affected'],

  // CVE-2022-22185: "unspecified < 18.3R3-S6" affected, "unspecified < 17.3R1" unaffected, "17.3R1 < 17.3*" affected.
  ['CVE-2022-22185', '17.2R1', 'srx345', null],
  ['CVE-2022-22185', '17.3R3', 'srx345', 'affected'],
  ['CVE-2022-22185', '18.2R3', 'srx345', 'affected'],
  ['CVE-2022-22185', '18.3R3-S5', 'srx345', 'affected'],
  ['CVE-2022-22185', '18.3R3-S6', 'srx345', null],
  ['CVE-2022-22185', '21.2R1', 'srx345', 'affected'],
  ['CVE-2022-22185', '21.2R2', 'srx345', null],
  ['CVE-2022-22185', '15.1X49-D100', 'srx345', null],

  // CVE-2023-36844: EX; "21.1 < 21.1*" whole train; the data's 21.2R3-S6 (the text says S7: the data wins);
  // "22.4R2-S2, 22.4R3".
  ['CVE-2023-36844', '21.1R3-S4', 'ex4300-48t', 'affected'],
  ['CVE-2023-36844', '21.2R3-S5', 'ex4300-48t', 'affected'],
  ['CVE-2023-36844', '21.2R3-S6', 'ex4300-48t', null],
  ['CVE-2023-36844', '22.4R2-S1', 'ex4300-48t', 'affected'],
  ['CVE-2023-36844', '22.4R2-S2', 'ex4300-48t', null],
  ['CVE-2023-36844', '22.4R2-S5', 'ex4300-48t', null],
  ['CVE-2023-36844', '22.4R1-S9', 'ex4300-48t', 'affected'],
  ['CVE-2023-36844', '22.4R3', 'ex4300-48t', null],
  ['CVE-2023-36844', '20.4R3-S8', 'ex2300-c-12t', 'affected'],
  ['CVE-2023-36844', '22.4R2-S1', 'srx345', null],

  // CVE-2023-44186: Junos OS block ("21.1R1 < 21.1*") and Evolved block ("21.1 < 21.1*-EVO"), each with its platforms.
  ['CVE-2023-44186', '21.1R3', 'mx960', 'affected'],
  ['CVE-2023-44186', '21.1R2-EVO', 'ptx10001-36mr', 'affected'],
  ['CVE-2023-44186', '22.4R2-EVO', 'ptx10001-36mr', 'affected'],
  ['CVE-2023-44186', '22.4R2-S1-EVO', 'ptx10001-36mr', null],
  ['CVE-2023-44186', '22.3R2-S1', 'qfx5120-48y-8c', 'affected'],
  ['CVE-2023-44186', '22.3R2-S2', 'qfx5120-48y-8c', null],
  ['CVE-2023-44186', '22.3R3', 'qfx5120-48y-8c', 'affected'],
  ['CVE-2023-44186', '21.1R3', 'srx345', null],
  // EX is in the Junos OS block only: an Evolved version on an EX is not affected.
  ['CVE-2023-44186', '20.4R3-S7-EVO', 'ex4300-48t', null],
  ['CVE-2023-44186', '20.4R3-S7', 'ex4300-48t', 'affected'],

  // CVE-2023-44199: MX; "21.1R1 < 21.1*"; "22.2R1-S1, 22.2R2".
  ['CVE-2023-44199', '21.1R1', 'mx960', 'affected'],
  ['CVE-2023-44199', '21.1R3-S5', 'mx480', 'affected'],
  ['CVE-2023-44199', '20.4R3-S3', 'mx960', 'affected'],
  ['CVE-2023-44199', '20.4R3-S4', 'mx960', null],
  ['CVE-2023-44199', '22.2R1', 'mx960', 'affected'],
  ['CVE-2023-44199', '22.2R1-S1', 'mx960', null],
  ['CVE-2023-44199', '21.1R1', 'srx345', null],

  // CVE-2024-21585: Evolved bounds with -EVO suffixes ("22.4R2-S2-EVO, 22.4R3-EVO"; "0 < 21.3R3-S5-EVO").
  ['CVE-2024-21585', '22.4R2-S1-EVO', 'ptx10001-36mr', 'affected'],
  ['CVE-2024-21585', '22.4R2-S2-EVO', 'ptx10001-36mr', null],
  ['CVE-2024-21585', '22.4R3-EVO', 'ptx10001-36mr', null],
  ['CVE-2024-21585', '21.2R3-EVO', 'ptx10001-36mr', 'affected'],
  ['CVE-2024-21585', '20.4R3-S8', 'mx960', 'affected'],
  ['CVE-2024-21585', '20.4R3-S9', 'mx960', null],
  ['CVE-2024-21585', '21.1R1', 'mx960', null],
  ['CVE-2024-21585', '20.4R3-S8', 'srx345', null],

  // CVE-2024-21591: J-Web on SRX and EX; "0 < 20.4R3-S9" and per train; "22.4R2-S2, 22.4R3".
  ['CVE-2024-21591', '22.4R2-S1', 'srx345', 'affected'],
  ['CVE-2024-21591', '22.4R2-S2', 'srx345', null],
  ['CVE-2024-21591', '22.4R2-S5', 'srx345', null],
  ['CVE-2024-21591', '22.4R1-S9', 'srx345', 'affected'],
  ['CVE-2024-21591', '22.4R3', 'srx345', null],
  ['CVE-2024-21591', '20.4R3-S8', 'ex4300-48t', 'affected'],
  // An X train wholly below the fix's 20.4: affected; on a virtual SRX the platform is in doubt.
  ['CVE-2024-21591', '15.1X49-D170.4', 'srx345', 'affected'],
  ['CVE-2024-21591', '15.1X49-D170.4', 'vsrx', 'potentially-affected'],
  ['CVE-2024-21591', '21.1R3', 'srx345', null],
  ['CVE-2024-21591', '22.4R2-S1', 'mx960', null],

  // CVE-2024-21602: Evolved only; lower bounds "21.4-EVO"...; exact models ACX7024, ACX7100-32C, ACX7100-48L.
  ['CVE-2024-21602', '22.2R2-EVO', 'acx7100-32c', 'affected'],
  ['CVE-2024-21602', '22.2R2-S1-EVO', 'acx7100-32c', null],
  ['CVE-2024-21602', '22.2R3-EVO', 'acx7100-32c', null],
  ['CVE-2024-21602', '21.4R3-S5-EVO', 'acx7024', 'affected'],
  ['CVE-2024-21602', '22.3R1-EVO', 'acx7100-48l', 'affected'],
  ['CVE-2024-21602', '22.3R2-EVO', 'acx7100-48l', null],
  ['CVE-2024-21602', '21.3R1-EVO', 'acx7024', null],
  ['CVE-2024-21602', '22.2R2-EVO', 'acx7509', null],
  ['CVE-2024-21602', '22.2R2', 'acx7100-32c', null],

  // CVE-2024-39542: "MX Series with MPC10 MPC11 or LC9600" (conditional), "MX304"; data "22.2R2-S1, 22.2R3"
  // (the text says 22.2R3-S2: the data wins); Evolved on PTX and ACX.
  ['CVE-2024-39542', '21.2R3-S3', 'mx304', 'affected'],
  ['CVE-2024-39542', '21.2R3-S3', 'mx960', 'potentially-affected'],
  ['CVE-2024-39542', '21.2R3-S4', 'mx304', null],
  ['CVE-2024-39542', '22.2R2', 'mx304', 'affected'],
  ['CVE-2024-39542', '22.2R2-S1', 'mx304', null],
  ['CVE-2024-39542', '22.2R3', 'mx304', null],
  ['CVE-2024-39542', '22.1R1', 'mx304', null],
  ['CVE-2024-39542', '21.2R3-S7-EVO', 'ptx10003-160c', 'affected'],
  ['CVE-2024-39542', '21.2R3-S8-EVO', 'ptx10003-160c', null],
  ['CVE-2024-39542', '21.2R3-S3', 'srx345', null],

  // CVE-2025-21590: all platforms; "0 < 21.2R3-S9" and per train; "24.2R1-S2, 24.2R2".
  ['CVE-2025-21590', '21.2R3-S8', 'mx960', 'affected'],
  ['CVE-2025-21590', '21.2R3-S9', 'mx960', null],
  ['CVE-2025-21590', '21.2R3-S9.20', 'srx300', null],
  ['CVE-2025-21590', '23.4R2-S3', 'srx345', 'affected'],
  ['CVE-2025-21590', '23.4R2-S4', 'srx345', null],
  ['CVE-2025-21590', '24.2R1-S1', 'ex4300-48t', 'affected'],
  ['CVE-2025-21590', '24.2R1-S2', 'ex4300-48t', null],
  ['CVE-2025-21590', '22.1R3', 'mx960', null],
  ['CVE-2025-21590', '22.4R1-EVO', 'ptx10001-36mr', null],

  // CVE-2026-21918: SRX and MX; "0 < 22.4R3-S7", 23.2, 23.4, 24.2.
  ['CVE-2026-21918', '22.4R3-S6', 'srx1500', 'affected'],
  ['CVE-2026-21918', '22.4R3-S7', 'srx1500', null],
  ['CVE-2026-21918', '21.4R3-S5.4', 'srx345', 'affected'],
  ['CVE-2026-21918', '24.2R1', 'mx960', 'affected'],
  ['CVE-2026-21918', '24.2R2', 'mx960', null],
  ['CVE-2026-21918', '23.4R2-S4', 'mx960', null],
  ['CVE-2026-21918', '22.4R3-S6', 'ex4300-48t', null],

  // CVE-2026-33790: SRX; whole trains "21.3*", "22.1*", "22.3*"; "25.2R1-S2, 25.2R2".
  ['CVE-2026-33790', '21.3R3-S5', 'srx345', 'affected'],
  ['CVE-2026-33790', '22.1R3-S6', 'srx345', 'affected'],
  ['CVE-2026-33790', '22.3R3-S3', 'srx345', 'affected'],
  ['CVE-2026-33790', '22.4R3-S8', 'srx345', 'affected'],
  ['CVE-2026-33790', '22.4R3-S9', 'srx345', null],
  ['CVE-2026-33790', '25.2R1-S1', 'srx4600', 'affected'],
  ['CVE-2026-33790', '25.2R1-S2', 'srx4600', null],
  ['CVE-2026-33790', '23.1R1', 'srx345', null],
  ['CVE-2026-33790', '21.3R3-S5', 'mx960', null],
];

describe('real Juniper CVE records: outcomes worked out by hand', () => {
  it('reads all 16 records', () => {
    expect(realRecords().read.advisories.map((a) => a.id)).toEqual([...REAL_IDS]);
    expect(realRecords().read.filesUnreadable).toBe(0);
  });

  it('has at least three versions per record', () => {
    for (const id of REAL_IDS) expect(ROWS.filter((r) => r[0] === id).length, id).toBeGreaterThanOrEqual(3);
  });

  it.each(ROWS)('%s: %s on %s → %s', (id, version, model, expected) => {
    expect(realMatch(id, version, model)?.status ?? null).toBe(expected);
  });
});

describe('reasons name the deciding range', () => {
  it('names the maintenance-line range for 22.4R2-S1', () => {
    expect(realMatch('CVE-2024-21591', '22.4R2-S1', 'srx345')!.reason).toBe('22.4R2-S1 is in 22.4 before 22.4R2-S2, 22.4R3; srx345 is in SRX Series');
  });

  it('says an X train was placed by its base', () => {
    expect(realMatch('CVE-2024-21591', '15.1X49-D170.4', 'srx345')!.reason).toContain('X train 15.1X49, placed by its 15.1 base');
  });

  it('explains the doubt of an X train against a mainline fix of its own base', () => {
    expect(realMatch('CVE-2021-0223', '15.1X49-D170', 'srx345')!.reason).toBe(
      '15.1X49-D170 is on X train 15.1X49: cannot be ordered against all versions before 15.1R7-S9 (same 15.1 base)',
    );
  });

  it('explains the hardware condition of "MX Series with MPC10 MPC11 or LC9600"', () => {
    expect(realMatch('CVE-2024-39542', '21.2R3-S3', 'mx960')!.reason).toContain('applies only with MPC10 MPC11 or LC9600 (not checked)');
  });

  it('keeps the condition in the product name of CVE-2017-2313', () => {
    expect(realMatch('CVE-2017-2313', '16.1R3-S2', 'mx960')!.reason).toContain('applies with BGP enabled (from the product name; not checked)');
  });

  it('without a model, applies no platform restriction and says which platforms the record names', () => {
    const m = realMatch('CVE-2024-21591', '22.4R2-S1', null)!;
    expect(m.status).toBe('affected');
    expect(m.reason).toContain('platform not checked (no model): applies to SRX Series, EX Series');
  });
});
