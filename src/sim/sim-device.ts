/**
 * One simulated device at run time: its port, fault, shared profile, and the per-device
 * things computed lazily on first use and then cached (host key, personalised token values),
 * so starting 10,000 devices costs little more than opening 10,000 listening sockets.
 */
import type { PlannedDevice } from './fleet-file.js';
import type { Fault } from './faults.js';
import { deviceHostKey, type DeviceHostKey } from './host-key.js';
import { personalValues, renderTemplate } from './personalisation.js';
import type { Profile } from './profile.js';

export class SimDevice {
  readonly name: string;
  readonly site: string;
  readonly port: number;
  readonly fault: Fault | null;
  readonly delayMs: number;
  readonly profile: Profile;
  readonly personalise: boolean;
  private key: DeviceHostKey | undefined;
  private values: string[] | undefined;

  constructor(plan: PlannedDevice, port: number, profile: Profile) {
    this.name = plan.name;
    this.site = plan.site;
    this.port = port;
    this.fault = plan.fault;
    this.delayMs = plan.delayMs;
    this.profile = profile;
    this.personalise = plan.personalise;
  }

  hostKey(): DeviceHostKey {
    this.key ??= deviceHostKey(this.name);
    return this.key;
  }

  hasReply(key: string): boolean {
    return this.profile.replies.has(key);
  }

  /** The inner body of a reply file as this device serves it (personalised when it should be). */
  replyBody(key: string): string {
    const reply = this.profile.replies.get(key);
    if (!reply) throw new Error(`profile ${this.profile.dir} has no reply ${key}`);
    if (!this.personalise) return reply.body;
    this.values ??= personalValues(this.name, this.profile.tokens);
    return renderTemplate(reply.parts, this.values);
  }

  /** Extra namespace declarations for the reply root of that file. */
  replyNamespaces(key: string): string {
    return this.profile.replies.get(key)?.namespaces ?? '';
  }
}
