/**
 * Context windows (input + output tokens the model accepts in one request) of common models, as
 * their providers document them. Keys are canonical names: lower case, no provider prefix, no
 * dated snapshot suffix. Anything missing is unknown (`contextLimitOf` returns null): we never
 * guess, because a wrong limit produces a wrong context-pressure sentence. Projects add or
 * correct models in their settings (`contextLimits`).
 */
const BUILT_IN_LIMITS: Record<string, number> = {
  // OpenAI
  'gpt-4o': 128_000,
  'gpt-4o-mini': 128_000,
  'chatgpt-4o-latest': 128_000,
  'gpt-4.1': 1_047_576,
  'gpt-4.1-mini': 1_047_576,
  'gpt-4.1-nano': 1_047_576,
  'gpt-4.5': 128_000,
  'gpt-4-turbo': 128_000,
  'gpt-4-turbo-preview': 128_000,
  'gpt-4-1106-preview': 128_000,
  'gpt-4-0125-preview': 128_000,
  'gpt-4-vision-preview': 128_000,
  'gpt-4': 8_192,
  'gpt-4-32k': 32_768,
  'gpt-3.5-turbo': 16_385,
  'gpt-3.5-turbo-16k': 16_385,
  // The June 2023 and earlier snapshots had the original 4k window.
  'gpt-3.5-turbo-0613': 4_096,
  'gpt-3.5-turbo-0301': 4_096,
  'gpt-3.5-turbo-instruct': 4_096,
  o1: 200_000,
  'o1-pro': 200_000,
  'o1-mini': 128_000,
  'o1-preview': 128_000,
  o3: 200_000,
  'o3-pro': 200_000,
  'o3-mini': 200_000,
  'o4-mini': 200_000,
  'gpt-5': 400_000,
  'gpt-5-mini': 400_000,
  'gpt-5-nano': 400_000,
  'gpt-5-pro': 400_000,
  'gpt-5-chat-latest': 128_000,
  // Anthropic: every Claude 3 / 3.5 / 3.7 / 4 / 4.x model has a 200k window (Sonnet 4's 1M is an opt-in beta).
  'claude-3-opus': 200_000,
  'claude-3-sonnet': 200_000,
  'claude-3-haiku': 200_000,
  'claude-3-5-sonnet': 200_000,
  'claude-3-5-haiku': 200_000,
  'claude-3-7-sonnet': 200_000,
  'claude-sonnet-4': 200_000,
  'claude-opus-4': 200_000,
  'claude-4-sonnet': 200_000,
  'claude-4-opus': 200_000,
  'claude-opus-4-1': 200_000,
  'claude-sonnet-4-5': 200_000,
  'claude-haiku-4-5': 200_000,
  'claude-opus-4-5': 200_000,
  'claude-2-1': 200_000,
  'claude-2-0': 100_000,
  'claude-2': 100_000,
  'claude-instant-1-2': 100_000,
  // Google
  'gemini-1.5-pro': 2_097_152,
  'gemini-1.5-flash': 1_048_576,
  'gemini-1.5-flash-8b': 1_048_576,
  'gemini-2.0-flash': 1_048_576,
  'gemini-2.0-flash-lite': 1_048_576,
  'gemini-2.0-pro': 2_097_152,
  'gemini-2.5-pro': 1_048_576,
  'gemini-2.5-flash': 1_048_576,
  'gemini-2.5-flash-lite': 1_048_576,
  // Mistral: the API reports max_context_length 131,072 ("128k") for these.
  'mistral-large': 131_072,
  'mistral-nemo': 131_072,
  'open-mistral-nemo': 131_072,
  'pixtral-large': 131_072,
  // Meta Llama (the base families; serving providers may configure less).
  'llama-3': 8_192,
  'llama-3.1': 131_072,
  'llama-3.2': 131_072,
  'llama-3.3': 131_072,
  // DeepSeek: the API docs list 128K for deepseek-chat and deepseek-reasoner since V3.1 (August 2025);
  // before that the API served 64K. The open V3 / R1 weights document 128K.
  'deepseek-chat': 128_000,
  'deepseek-reasoner': 128_000,
  'deepseek-v3': 128_000,
  'deepseek-r1': 128_000,
  // Cohere
  'command-r': 128_000,
  'command-r-plus': 128_000,
  'command-a': 256_000,
};

/**
 * Families whose members differ only by size or serving variant (`llama-3.1-70b-instruct`,
 * `llama-3.3-70b-versatile`): a name matches when it starts with `<family>-`.
 */
const FAMILY_PREFIXES = ['llama-3.1', 'llama-3.2', 'llama-3.3', 'llama-3'];

/** Amazon Bedrock ids: `[region.]provider.model[-vN][:N]`. */
const BEDROCK_PREFIX = /^(?:(?:us|eu|apac|us-gov|global)\.)?(?:anthropic|meta|mistral|amazon|cohere|ai21|deepseek)\./;

/** Suffixes that name a snapshot, alias or release of the same model; stripped one at a time. */
const SNAPSHOT_SUFFIXES = [
  /:\d+$/, // Bedrock `:0`
  /-v\d+$/, // Bedrock `-v1`, `-v2`
  /@(?:\d{8}|latest|default)$/, // Vertex `claude-3-5-sonnet@20240620`
  /-latest$/,
  /-\d{4}-\d{2}-\d{2}$/, // OpenAI `-2024-08-06`
  /-\d{8}$/, // Anthropic `-20240620`
  /-\d{2}-\d{4}$/, // Cohere `-08-2024`
  /-(?:preview|exp)(?:-\d{2}-\d{2}|-\d{4})?$/, // Gemini `-preview-05-06`, `-exp-1206`
  /-\d{3,4}$/, // Gemini `-002`, OpenAI `-0613`, Mistral `-2411`
];

/**
 * The name in canonical spelling: lower case; no fine-tune wrapper (`ft:base:org::id`), path
 * (`openai/`, `models/`, `meta-llama/`) or Bedrock region/provider prefix; Claude versions with
 * dashes (`claude-3.5-sonnet` → `claude-3-5-sonnet`); Llama versions as `llama-3.1`.
 */
function canonicalName(model: string): string {
  let name = model.trim().toLowerCase();
  if (name.startsWith('ft:')) name = name.split(':')[1] ?? '';
  name = name.slice(name.lastIndexOf('/') + 1);
  name = name.replace(BEDROCK_PREFIX, '');
  // Ollama tags (`llama3.1:8b`, `:latest`); a purely numeric `:0` is a Bedrock version, stripped later.
  if (/:[^:]*[^\d:][^:]*$/.test(name)) name = name.slice(0, name.lastIndexOf(':'));
  if (name.startsWith('gpt-35-')) name = `gpt-3.5-${name.slice(7)}`; // Azure's spelling
  if (name.startsWith('claude')) name = name.replace(/(\d)\.(\d)/g, '$1-$2');
  // llama3-1-70b, llama3.1, llama-v3p1, meta-llama-3.1 → llama-3.1; `llama-2-7b` stays llama-2.
  name = name.replace(/^(?:meta-)?llama-?v?(\d)(?:[.p-](\d)(?!\w))?/, (_m, major: string, minor?: string) =>
    minor === undefined ? `llama-${major}` : `llama-${major}.${minor}`,
  );
  return name;
}

/** The canonical name, then each successively shorter snapshot-stripped form, most specific first. */
function candidateNames(model: string): string[] {
  const names = [model.trim().toLowerCase()];
  let name = canonicalName(model);
  names.push(name);
  for (let changed = true; changed; ) {
    changed = false;
    for (const suffix of SNAPSHOT_SUFFIXES) {
      const stripped = name.replace(suffix, '');
      if (stripped !== name && stripped !== '') {
        name = stripped;
        names.push(name);
        changed = true;
        break;
      }
    }
  }
  return [...new Set(names)];
}

/** Where a context limit came from. */
export interface ContextLimit {
  tokens: number;
  /** The table or settings key that matched. */
  matched: string;
  source: 'settings' | 'built-in';
}

/** Settings keys as written (lower-cased) and in canonical spelling; the key as written wins. */
const settingsKeys = (limits: Record<string, number>): Map<string, number> => {
  const valid = Object.entries(limits).filter(([, tokens]) => Number.isFinite(tokens) && tokens > 0);
  const map = new Map<string, number>();
  for (const [key, tokens] of valid) map.set(key.trim().toLowerCase(), tokens);
  for (const [key, tokens] of valid) {
    const canonical = canonicalName(key);
    if (!map.has(canonical)) map.set(canonical, tokens);
  }
  return map;
};

/**
 * Resolves a model's context window: settings overrides first, then the built-in table, each tried
 * against the exact name and then snapshot- and prefix-stripped forms (`gpt-4o-2024-08-06`,
 * `openai/gpt-4o`, `anthropic.claude-3-5-sonnet-20240620-v1:0`, `claude-3-5-sonnet-latest`).
 * A more specific form always wins over a shorter one; Llama sizes and variants fall back to their
 * family (`llama-3.1-70b-instruct` → `llama-3.1`). Unknown models give null.
 */
export function resolveContextLimit(model: string, overrides: Record<string, number> = {}): ContextLimit | null {
  const settings = settingsKeys(overrides);
  const candidates = candidateNames(model);
  for (const name of candidates) {
    const fromSettings = settings.get(name);
    if (fromSettings !== undefined) return { tokens: fromSettings, matched: name, source: 'settings' };
    const builtIn = Object.hasOwn(BUILT_IN_LIMITS, name) ? BUILT_IN_LIMITS[name] : undefined;
    if (builtIn !== undefined) return { tokens: builtIn, matched: name, source: 'built-in' };
  }
  for (const name of candidates) {
    const family = FAMILY_PREFIXES.find((prefix) => name.startsWith(`${prefix}-`));
    if (family === undefined) continue;
    const fromSettings = settings.get(family);
    if (fromSettings !== undefined) return { tokens: fromSettings, matched: family, source: 'settings' };
    const builtIn = BUILT_IN_LIMITS[family];
    if (builtIn !== undefined) return { tokens: builtIn, matched: family, source: 'built-in' };
  }
  return null;
}

/** A model's context window in tokens, or null when neither the settings nor the built-in table know it. */
export function contextLimitOf(model: string, overrides: Record<string, number> = {}): number | null {
  return resolveContextLimit(model, overrides)?.tokens ?? null;
}
