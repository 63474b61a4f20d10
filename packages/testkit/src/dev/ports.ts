import { isPortOpen } from '../mail-catcher.ts';

export interface DevPorts {
  api: number;
  demo: number;
  mailSmtp: number;
  mailWeb: number;
}

/** Each port `pnpm dev` listens on, with the variable that moves it. */
const PORTS = {
  api: ['PORT', 3000],
  demo: ['DEMO_PORT', 5173],
  mailSmtp: ['ROSTER_DEV_MAIL_SMTP_PORT', 1025],
  mailWeb: ['ROSTER_DEV_MAIL_WEB_PORT', 1080],
} as const;

export function readDevPorts(env: NodeJS.ProcessEnv): DevPorts {
  const read = ([name, fallback]: readonly [string, number]) => {
    const value = env[name] ? Number(env[name]) : fallback;
    if (!Number.isInteger(value) || value < 1 || value > 65535)
      throw new Error(`${name} must be a port number, got "${env[name]}"`);
    return value;
  };
  return {
    api: read(PORTS.api),
    demo: read(PORTS.demo),
    mailSmtp: read(PORTS.mailSmtp),
    mailWeb: read(PORTS.mailWeb),
  };
}

/** Fails before anything starts when a port is taken, naming the variable to change. */
export async function assertPortsFree(ports: DevPorts, skip: (keyof DevPorts)[] = []): Promise<void> {
  for (const key of Object.keys(PORTS) as (keyof DevPorts)[]) {
    if (skip.includes(key)) continue;
    if (await isPortOpen(ports[key])) {
      const [name] = PORTS[key];
      throw new Error(`port ${ports[key]} is already in use; set ${name} to a free port`);
    }
  }
}
