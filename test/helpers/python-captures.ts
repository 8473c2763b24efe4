import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The sidecar record.py writes next to each captured body. */
export interface CaptureSidecar {
  path: string;
  signal: 'traces' | 'logs' | 'metrics';
  scenario: string;
  contentType: string;
  contentEncoding: string;
  compressed: boolean;
  bytes: number;
  packages: Record<string, string | null>;
}

export interface Capture {
  file: string;
  body: Buffer;
  sidecar: CaptureSidecar;
}

export const PYTHON_CAPTURES = join(import.meta.dirname, '..', 'fixtures', 'python');

/** The committed bodies of one instrumentation, in the order they were received. */
export const readCaptures = (instrumentation: string): Capture[] => {
  const folder = join(PYTHON_CAPTURES, instrumentation);
  return readdirSync(folder)
    .filter((name) => name.endsWith('.bin'))
    .map((name) => Number(name.slice(0, -4)))
    .sort((a, b) => a - b)
    .map((n) => ({
      file: `${instrumentation}/${n}.bin`,
      body: readFileSync(join(folder, `${n}.bin`)),
      sidecar: JSON.parse(readFileSync(join(folder, `${n}.json`), 'utf8')) as CaptureSidecar,
    }));
};
