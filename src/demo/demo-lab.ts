/**
 * The built-in lab of `ibsight demo`: 24 simulated devices over three sites, from all six
 * built-in profiles, with two faulty devices (one refusing logins, one hanging) so the run shows
 * what a partial run looks like. Written as a fleet file (SPEC §6) so it is also a worked example.
 */
export const DEMO_USERNAME = 'ibsight';

export const DEMO_SITES = [
  { id: '0100012345', name: 'AMS-DC1' },
  { id: '0100023456', name: 'FRA-DC2' },
  { id: '0100034567', name: 'LON-POP1' },
] as const;

/** The fleet file text; the password is made per demo run and never written into it. */
export function demoFleetText(password: string): string {
  const [ams, fra, lon] = DEMO_SITES;
  return [
    `username: ${DEMO_USERNAME}`,
    `password: ${JSON.stringify(password)}`,
    'sites:',
    ...DEMO_SITES.map((s) => `  - { id: "${s.id}", name: ${s.name} }`),
    'devices:',
    `  - { generate: 2, profile: "builtin:mx960", namePrefix: ams-core-, site: "${ams.id}" }`,
    `  - { generate: 2, profile: "builtin:mx480", namePrefix: ams-edge-, site: "${ams.id}" }`,
    `  - { generate: 4, profile: "builtin:qfx5120", namePrefix: ams-leaf-, site: "${ams.id}" }`,
    `  - { generate: 2, profile: "builtin:srx345-cluster", namePrefix: ams-fw-, site: "${ams.id}" }`,
    `  - { generate: 2, profile: "builtin:ptx10001", namePrefix: fra-p-, site: "${fra.id}" }`,
    `  - { generate: 2, profile: "builtin:mx480", namePrefix: fra-pe-, site: "${fra.id}" }`,
    `  - { generate: 3, profile: "builtin:ex4300-vc", namePrefix: fra-acc-, site: "${fra.id}" }`,
    `  - { generate: 3, profile: "builtin:ex4300-vc", namePrefix: lon-acc-, site: "${lon.id}" }`,
    `  - { generate: 1, profile: "builtin:srx345-cluster", namePrefix: lon-fw-, site: "${lon.id}" }`,
    `  - { generate: 1, profile: "builtin:mx480", namePrefix: lon-pe-, site: "${lon.id}" }`,
    `  - { name: lon-leaf-old, profile: "builtin:qfx5120", site: "${lon.id}", fault: auth-fail }`,
    `  - { name: fra-p-3, profile: "builtin:ptx10001", site: "${fra.id}", fault: hang }`,
    '',
  ].join('\n');
}
