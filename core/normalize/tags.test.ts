import { describe, expect, it } from 'vitest';
import type { Attributes } from '../otlp/types.js';
import { normalizeSpan } from './normalize-span.js';
import { makeSpan } from './span-fixtures.js';
import { computeTags, MAX_TAG_LENGTH } from './tags.js';
import { defaultTagMapping, type TagMapping } from './types.js';

describe('computeTags: reserved keys from the default mapping', () => {
  it.each<[string, Attributes, Attributes, Record<string, string>]>([
    ['release from resource service.version', {}, { 'service.version': '1.4.0' }, { release: '1.4.0' }],
    [
      'environment from resource deployment.environment.name',
      {},
      { 'deployment.environment.name': 'staging' },
      { environment: 'staging' },
    ],
    ['environment from the pre-1.27 key', {}, { 'deployment.environment': 'prod' }, { environment: 'prod' }],
    ['prompt version from gen_ai.prompt.version', { 'gen_ai.prompt.version': 'p-12' }, {}, { prompt_version: 'p-12' }],
    [
      'prompt version from llm.prompt_template.version',
      { 'llm.prompt_template.version': 'v3' },
      {},
      { prompt_version: 'v3' },
    ],
    [
      'prompt version from numeric traceloop.entity.version',
      { 'traceloop.entity.version': 2 },
      {},
      { prompt_version: '2' },
    ],
    [
      'the first key in list order wins within the span',
      { 'gen_ai.prompt.version': 'a', 'llm.prompt_template.version': 'b' },
      {},
      { prompt_version: 'a' },
    ],
    [
      'span attributes win over resource attributes',
      { 'app.release': 'span-rel' },
      { 'service.version': 'res-rel' },
      { release: 'span-rel' },
    ],
    [
      'model version prefers the response model',
      { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-2024-08-06' },
      {},
      { model_version: 'gpt-4o-2024-08-06' },
    ],
    [
      'empty values are skipped',
      { 'gen_ai.prompt.version': '', 'evalloop.prompt_version': 'x' },
      {},
      { prompt_version: 'x' },
    ],
  ])('%s', (_name, attributes, resource, expected) => {
    expect(computeTags(makeSpan({ attributes, resource }), defaultTagMapping, null)).toEqual(expected);
  });
});

describe('computeTags: flags and free-form tags', () => {
  it('collects feature flags from prefixes (span first) and feature_flag.evaluation events', () => {
    const span = makeSpan({
      attributes: { 'feature_flag.new_checkout': true, 'evalloop.flag.router': 'b' },
      resource: { 'feature_flag.new_checkout': false, 'feature_flag.dark_mode': 'on' },
      events: [
        {
          name: 'feature_flag.evaluation',
          attributes: { 'feature_flag.key': 'fast_path', 'feature_flag.result.variant': 'treatment' },
        },
      ],
    });
    expect(computeTags(span, defaultTagMapping, null)).toEqual({
      'flag.new_checkout': 'true',
      'flag.router': 'b',
      'flag.dark_mode': 'on',
      'flag.fast_path': 'treatment',
    });
  });

  it('adds agent, OpenInference tags and metadata, and Traceloop association properties', () => {
    const span = makeSpan({
      attributes: {
        'tag.tags': ['beta', 'eu'],
        metadata: { tenant: 'acme', seats: 40, trial: false, plan: { tier: 'pro' }, empty: null },
        'traceloop.association.properties.chat_id': 'c-1',
        'traceloop.association.properties.count': 2,
      },
    });
    expect(computeTags(span, defaultTagMapping, 'router')).toEqual({
      agent: 'router',
      'tag.beta': 'true',
      'tag.eu': 'true',
      'assoc.chat_id': 'c-1',
      'assoc.count': '2',
      'meta.tenant': 'acme',
      'meta.seats': '40',
      'meta.trial': 'false',
    });
  });

  it('truncates long keys and values to 1,000 characters and stores structures as JSON', () => {
    const long = 'x'.repeat(5000);
    const span = makeSpan({
      attributes: { 'service.version': long, 'gen_ai.prompt.version': { id: 'p', rev: 2 } },
      resource: { [`feature_flag.${'k'.repeat(2000)}`]: 'on' },
    });
    const tags = computeTags(span, defaultTagMapping, null);
    expect(tags.release).toBe('x'.repeat(MAX_TAG_LENGTH));
    expect(tags.prompt_version).toBe('{"id":"p","rev":2}');
    const flagKeys = Object.keys(tags).filter((k) => k.startsWith('flag.'));
    expect(flagKeys.map((k) => k.length)).toEqual([MAX_TAG_LENGTH]);
  });

  it('does not split a surrogate pair when truncating', () => {
    const value = `${'a'.repeat(MAX_TAG_LENGTH - 1)}😀`;
    const tags = computeTags(makeSpan({ attributes: { 'service.version': value } }), defaultTagMapping, null);
    expect(tags.release).toBe('a'.repeat(MAX_TAG_LENGTH - 1));
  });

  it('follows a custom mapping', () => {
    const mapping: TagMapping = {
      release: ['git.sha'],
      environment: [],
      promptVersion: ['my.prompt'],
      modelVersion: [],
      featureFlagPrefixes: ['ff.', ''],
    };
    const span = makeSpan({
      attributes: { 'git.sha': 'abc123', 'my.prompt': 'v9', 'ff.dark': 'on', 'gen_ai.response.model': 'gpt-4o' },
      resource: { 'service.version': '1.0.0' },
    });
    expect(computeTags(span, mapping, null)).toEqual({ release: 'abc123', prompt_version: 'v9', 'flag.dark': 'on' });
  });

  it('is what normalizeSpan returns as tags', () => {
    const span = makeSpan({
      attributes: { 'gen_ai.agent.name': 'planner', 'gen_ai.prompt.version': 'p1' },
      resource: { 'service.version': '3.0.0', 'deployment.environment.name': 'prod' },
    });
    expect(normalizeSpan(span, [], defaultTagMapping).tags).toEqual({
      release: '3.0.0',
      environment: 'prod',
      prompt_version: 'p1',
      agent: 'planner',
    });
  });
});

describe('computeTags: imported and synthetic traces', () => {
  it.each<[string, Attributes, Record<string, string>]>([
    ['an import source', { 'evalloop.source': 'langsmith' }, { source: 'langsmith' }],
    ['synthetic as a boolean', { 'evalloop.synthetic': true }, { synthetic: 'true' }],
    ['synthetic as text', { 'evalloop.synthetic': 'true' }, { synthetic: 'true' }],
    ['not synthetic', { 'evalloop.synthetic': false }, {}],
  ])('%s', (_, attributes, expected) => {
    expect(computeTags(makeSpan({ attributes }), defaultTagMapping, null)).toEqual(expected);
  });
});
