import type { DecodedSpan, JsonValue } from '../otlp/types.js';
import {
  type AttrEntries,
  asString,
  asStringList,
  asText,
  getAttr,
  isObject,
  parseJsonish,
  truncate,
} from './attributes.js';
import { associationProperties } from './openllmetry.js';
import type { TagMapping } from './types.js';

/** Longest tag key or value kept; longer ones are truncated. */
export const MAX_TAG_LENGTH = 1000;

/** The OTel feature-flag evaluation event and its attributes. */
const FLAG_EVENT = 'feature_flag.evaluation';

class TagSet {
  readonly entries = new Map<string, string>();

  /** Adds a tag unless the key is taken or the value is empty; structures are stored as JSON. */
  add(key: string, value: JsonValue | undefined): void {
    const text = asText(value);
    if (text === null || text === '' || key === '') return;
    const tagKey = truncate(key, MAX_TAG_LENGTH);
    if (!this.entries.has(tagKey)) this.entries.set(tagKey, truncate(text, MAX_TAG_LENGTH));
  }
}

/** The first mapped key present, span attributes before resource attributes. */
function firstMapped(span: DecodedSpan, keys: string[]): JsonValue | undefined {
  for (const attrs of [span.attributes, span.resource.attributes]) {
    for (const key of keys) {
      const value = getAttr(attrs, key);
      if (value !== undefined && value !== null && value !== '') return value;
    }
  }
  return undefined;
}

function addFlags(tags: TagSet, span: DecodedSpan, entries: AttrEntries, prefixes: string[]): void {
  const active = prefixes.filter((prefix) => prefix !== '');
  if (active.length === 0) return;
  for (const source of [entries, Object.entries(span.resource.attributes)]) {
    for (const [key, value] of source) {
      for (const prefix of active) {
        if (key.startsWith(prefix)) tags.add(`flag.${key.slice(prefix.length)}`, value);
      }
    }
  }
  for (const event of span.events) {
    if (event.name !== FLAG_EVENT) continue;
    const flag = asString(getAttr(event.attributes, 'feature_flag.key'));
    const variant =
      getAttr(event.attributes, 'feature_flag.result.variant') ??
      getAttr(event.attributes, 'feature_flag.variant') ??
      getAttr(event.attributes, 'feature_flag.result.value');
    if (flag !== null) tags.add(`flag.${flag}`, variant);
  }
}

function addMetadata(tags: TagSet, value: JsonValue | undefined): void {
  const metadata = parseJsonish(value);
  if (!isObject(metadata)) return;
  for (const [key, entry] of Object.entries(metadata)) {
    if (typeof entry === 'string' || typeof entry === 'number' || typeof entry === 'boolean')
      tags.add(`meta.${key}`, entry);
  }
}

/**
 * The span's tags: `release`, `environment`, `prompt_version`, `model_version` from the mapping's key
 * lists (span attributes, then resource attributes); `flag.<name>` for attributes under a feature-flag
 * prefix (and OTel `feature_flag.evaluation` events); `agent`; `data_source` (GenAI
 * `gen_ai.data_source.id`); `tag.<t>` = 'true' for each OpenInference `tag.tags` entry; `assoc.<k>` for Traceloop
 * association properties; `meta.<k>` for scalar entries of OpenInference `metadata`; `source` and
 * `synthetic` for traces evalloop imported or generated (`evalloop.source`, `evalloop.synthetic`). Values are
 * stringified and truncated to 1,000 characters; on a key collision the earlier entry wins.
 */
export function computeTags(
  span: DecodedSpan,
  mapping: TagMapping,
  agentName: string | null,
  entries: AttrEntries = Object.entries(span.attributes),
): Record<string, string> {
  const tags = new TagSet();
  const attrs = span.attributes;
  tags.add('release', firstMapped(span, mapping.release));
  tags.add('environment', firstMapped(span, mapping.environment));
  tags.add('prompt_version', firstMapped(span, mapping.promptVersion));
  tags.add('model_version', firstMapped(span, mapping.modelVersion));
  addFlags(tags, span, entries, mapping.featureFlagPrefixes);
  tags.add('agent', agentName);
  tags.add('data_source', getAttr(attrs, 'gen_ai.data_source.id'));
  for (const tag of asStringList(getAttr(attrs, 'tag.tags'))) tags.add(`tag.${tag}`, 'true');
  for (const [key, value] of associationProperties(entries)) tags.add(`assoc.${key}`, value);
  addMetadata(tags, getAttr(attrs, 'metadata'));
  // Imported and synthetic traces (core/import) say so on every page and report that shows tags.
  tags.add('source', getAttr(attrs, 'evalloop.source'));
  const synthetic = getAttr(attrs, 'evalloop.synthetic');
  if (synthetic === true || synthetic === 'true') tags.add('synthetic', 'true');
  return Object.fromEntries(tags.entries);
}
