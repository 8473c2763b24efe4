import { EvaluatorConfigError, fieldPath } from './errors.js';
import { checkFieldPath, FIELD_LABELS, fieldText } from './fields.js';
import { compileEvaluatorPattern } from './pattern.js';
import type { CompiledRule, ConfigOf } from './rule-types.js';
import { snippet } from './text.js';

/**
 * `regex`: the field must (must_match) or must not (must_not_match) contain a match of the
 * pattern. Score 1 or 0; the explanation quotes the (first) match. The pattern is checked and
 * compiled once here, on the linear-time engine (see compileEvaluatorPattern for what is refused).
 */
export const compileRegexRule = (config: ConfigOf<'regex'>, prefix = ''): CompiledRule => {
  const field = checkFieldPath(config.field, fieldPath(prefix, 'field'));
  const pattern = compileEvaluatorPattern(config.pattern, fieldPath(prefix, 'pattern'), {
    flags: config.flags,
    flagsField: fieldPath(prefix, 'flags'),
  });
  const mustMatch = config.mode === 'must_match';
  if (!mustMatch && config.mode !== 'must_not_match') {
    throw new EvaluatorConfigError(fieldPath(prefix, 'mode'), 'must be must_match or must_not_match');
  }
  const label = FIELD_LABELS[field];
  const noMatch = `${label} does not match ${pattern.display}`;
  const quote = (m: RegExpExecArray) => (m[0] === '' ? `(empty match at ${m.index})` : snippet(m[0]));
  return (item) => {
    const text = fieldText(item, field);
    const match = pattern.regex.exec(text);
    if (match === null) return { score: mustMatch ? 0 : 1, explanation: noMatch };
    return { score: mustMatch ? 1 : 0, explanation: `${label} matches ${pattern.display}: ${quote(match)}` };
  };
};
