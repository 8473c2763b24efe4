import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The sandbox entry: every workflow body under its Temporal workflow type. */
export const WORKFLOWS_ENTRY = join(ROOT, 'workflows', 'temporal-workflows.ts');
/** What the bundle can contain: the bodies and the pure code they import. */
const SOURCE_DIRS = ['workflows', 'core'];

const sourcesOf = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
};

/** A hash of every source the bundle may include (and the SDK version): a changed body makes a new bundle. */
export const workflowSourceHash = async () => {
  const hash = createHash('sha256');
  const sdk = JSON.parse(await readFile(join(ROOT, 'node_modules/@temporalio/workflow/package.json'), 'utf8'));
  hash.update(`sdk ${sdk.version}\n`);
  for (const dir of SOURCE_DIRS) {
    for (const file of await sourcesOf(join(ROOT, dir))) {
      hash.update(`${file.slice(ROOT.length)}\n`);
      hash.update(await readFile(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
};

/** Bundles a workflow entry for Temporal's sandbox (the project's imports end in `.js` but name `.ts` files). */
export const bundleWorkflows = async (workflowsPath = WORKFLOWS_ENTRY) =>
  (
    await bundleWorkflowCode({
      workflowsPath,
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m), log() {} },
      webpackConfigHook: (config) => ({
        ...config,
        resolve: { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } },
      }),
    })
  ).code;

/**
 * The workflow bundle, built once per source hash and kept under `cacheDir`
 * (`temporal-bundle-<hash>.js`): later starts read it instead of bundling (~4 s).
 */
export const cachedWorkflowBundle = async (cacheDir: string, log: (m: string) => void) => {
  const file = join(cacheDir, `temporal-bundle-${await workflowSourceHash()}.js`);
  try {
    return { code: await readFile(file, 'utf8'), file, built: false };
  } catch {
    const started = Date.now();
    const code = await bundleWorkflows();
    await mkdir(cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, code);
    await rename(tmp, file);
    log(`Temporal workflow bundle built in ${Date.now() - started} ms: ${file}`);
    return { code, file, built: true };
  }
};
