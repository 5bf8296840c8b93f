// Declaring forms

export type {
  AnyField,
  Attrs,
  Bounds,
  Builder,
  Choice,
  DateOptions,
  DecimalOptions,
  FieldConfig,
  FieldKind,
  FieldOptions,
  FieldOutput,
  FileOptions,
  MultiSelectOptions,
  NumberOptions,
  SchemaFieldOptions,
  SelectBuilder,
  TextOptions,
  Validator,
  ValidatorContext,
} from './field.js';
export { Field, fields } from './field.js';
export type { FieldMap, FormInput, FormOptions, FormValidatorContext, InferFormData } from './form.js';
export { defineForm, Form } from './form.js';
export { ValidationError } from './validation-error.js';

// Results and rendering

export { BoundField, defaultLabel } from './bound-field.js';
export type { FieldErrors, FormResult, FormValues } from './form-state.js';
export { FormState } from './form-state.js';

// Messages

export type { Message, MessageCode, MessageParams, Messages } from './messages.js';
export { DEFAULT_MESSAGES, formatMessage } from './messages.js';

// CSRF protection

export type { CsrfExtension, CsrfOptions } from './csrf.js';
export { CSRF_DEFAULTS, csrf } from './csrf.js';
export type { CsrfFailure } from './csrf-error.js';
export { CSRF_MESSAGES, CSRFError } from './csrf-error.js';
export { checkCsrfToken, csrfField, csrfToken, rotateCsrfToken } from './csrf-token.js';

// Standard Schema

export type {
  InferSchemaOutput as InferOutput,
  StandardSchemaIssue as StandardIssue,
  StandardSchemaProps,
  StandardSchemaResult as StandardResult,
  StandardSchemaV1,
} from '@flagon/internal';
