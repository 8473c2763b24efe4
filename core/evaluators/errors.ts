import { AppError } from '../errors.js';

/**
 * An evaluator configuration that cannot be run: a bad pattern, a schema that does not compile,
 * an impossible budget. Thrown when a rule is compiled (never while evaluating an item), with
 * `field` naming the offending config field (`children[1].pattern`) and the message saying how to
 * fix it. It is a `bad_request` AppError, so the API answers 400 without a special case.
 */
export class EvaluatorConfigError extends AppError {
  constructor(field: string, message: string, cause?: unknown) {
    super('bad_request', `${field}: ${message}`, { field, cause });
    this.name = 'EvaluatorConfigError';
  }
}

/** `prefix.name`, or `name` at the top level. */
export const fieldPath = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);
