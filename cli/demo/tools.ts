import type { Rng } from './rng.js';
import type { Json, ToolName, Topic } from './types.js';

/** The research assistant's five tools, as declared to the model (OpenAI function tools with JSON schemas). */
export const toolDefinitions = [
  {
    type: 'function',
    name: 'web_search',
    description: 'Search the web for recent or changing facts. Returns titled snippets with URLs.',
    parameters: {
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 2 },
        max_results: { type: 'integer', minimum: 1, maximum: 10 },
      },
      required: ['query'],
      additionalProperties: false,
    },
  },
  {
    type: 'function',
    name: 'encyclopedia_lookup',
    description: 'Look up a settled reference fact in the encyclopedia by article title.',
    parameters: {
      type: 'object',
      properties: { title: { type: 'string', minLength: 1 }, section: { type: 'string' } },
      required: ['title'],
      additionalProperties: false,
    },
  },
  {
    type: 'function',
    name: 'calculator',
    description: 'Evaluate an arithmetic expression (+ - * / ^ and parentheses).',
    parameters: {
      type: 'object',
      properties: { expression: { type: 'string', minLength: 1 } },
      required: ['expression'],
      additionalProperties: false,
    },
  },
  {
    type: 'function',
    name: 'get_weather',
    description: 'Weather forecast for a city: conditions, temperatures, rain probability, wind.',
    parameters: {
      type: 'object',
      properties: {
        location: { type: 'string', description: 'City, ISO country code' },
        date: { type: 'string', description: 'today, tomorrow, a weekday or YYYY-MM-DD' },
        units: { type: 'string', enum: ['metric', 'imperial'] },
      },
      required: ['location'],
      additionalProperties: false,
    },
  },
  {
    type: 'function',
    name: 'convert_currency',
    description: 'Convert an amount between currencies at the latest reference rate.',
    parameters: {
      type: 'object',
      properties: {
        amount: { type: 'number', exclusiveMinimum: 0 },
        from: { type: 'string', pattern: '^[A-Z]{3}$' },
        to: { type: 'string', pattern: '^[A-Z]{3}$' },
      },
      required: ['amount', 'from', 'to'],
      additionalProperties: false,
    },
  },
] as const;

export const toolNames: ToolName[] = toolDefinitions.map((d) => d.name);

const urlOf = (source: string) =>
  `https://${source
    .split(':')[0]!
    .toLowerCase()
    .replace(/[^a-z]+/g, '-')
    .replace(/^-|-$/g, '')}.example.org/`;

/** What the right tool returns for the topic. */
export const rightResult = (topic: Topic): Record<string, Json> => {
  if (topic.result) return topic.result;
  if (topic.tool === 'encyclopedia_lookup') {
    return { title: topic.subject, extract: topic.docs.map(([, content]) => content).join(' ') };
  }
  return {
    results: topic.docs.map(([title, content]) => ({ title, url: urlOf(title), snippet: content })),
  };
};

/** A call to a tool that cannot answer the topic, and what that tool returns. */
export interface WrongCall {
  tool: ToolName;
  args: Record<string, Json>;
  result: Record<string, Json>;
  /** Whether the result reports an error. */
  errored: boolean;
}

const guessRate = (rng: Rng) => Math.round(rng.between(0.9, 1.3) * 100) / 100;

const weatherElsewhere = (location: string): WrongCall => ({
  tool: 'get_weather',
  args: { location, date: 'today' },
  result: { location, date: 'today', high_c: 12, low_c: 6, conditions: 'overcast' },
  errored: false,
});

/** Tools that cannot answer a question meant for `tool` (search and encyclopedia count as siblings). */
const wrongToolsFor = (tool: ToolName): ToolName[] => {
  const siblings =
    tool === 'web_search' || tool === 'encyclopedia_lookup' ? ['web_search', 'encyclopedia_lookup'] : [tool];
  return toolNames.filter((t) => !siblings.includes(t));
};

/** A realistic wrong tool call for the topic: odd arguments, an error, or an irrelevant answer. */
export const wrongCall = (rng: Rng, topic: Topic, question: string): WrongCall => {
  const tool = rng.pick(wrongToolsFor(topic.tool));
  const subject = topic.subject;
  switch (tool) {
    case 'calculator': {
      if (topic.tool === 'convert_currency') {
        const amount = Number(topic.args.amount);
        const rate = guessRate(rng);
        const expression = `${amount} * ${rate}`;
        return {
          tool,
          args: { expression },
          result: { expression, result: Math.round(amount * rate * 100) / 100 },
          errored: false,
        };
      }
      return {
        tool,
        args: { expression: subject },
        result: { error: `could not parse expression: '${subject}'` },
        errored: true,
      };
    }
    case 'get_weather':
      return rng.chance(0.5)
        ? { tool, args: { location: subject }, result: { error: `unknown location '${subject}'` }, errored: true }
        : weatherElsewhere(rng.pick(['Paris, FR', 'London, GB', 'New York, US']));
    case 'convert_currency':
      return rng.chance(0.5)
        ? {
            tool,
            args: { query: question },
            result: { error: "missing required parameter 'amount'", status: 400 },
            errored: true,
          }
        : {
            tool,
            args: { amount: 1, from: 'USD', to: 'EUR' },
            result: { amount: 1, from: 'USD', to: 'EUR', rate: 0.9223, converted: 0.92 },
            errored: false,
          };
    case 'encyclopedia_lookup':
      return rng.chance(0.5)
        ? {
            tool,
            args: { title: subject },
            result: { error: `no article titled '${subject}'`, status: 404 },
            errored: true,
          }
        : {
            tool,
            args: { title: subject },
            result: {
              title: subject,
              extract: `${subject}: general background article; no figures for the requested date or amount.`,
            },
            errored: false,
          };
    case 'web_search':
      return {
        tool,
        args: { query: question },
        result: {
          results: [
            {
              title: `${subject} — forum thread (2019)`,
              url: 'https://forum.example.org/t/1',
              snippet: `Old discussion about ${subject}.`,
            },
          ],
        },
        errored: false,
      };
  }
};
