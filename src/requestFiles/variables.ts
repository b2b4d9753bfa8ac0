/**
 * Variable resolution for request files. Where a variable comes from, first match wins:
 *   a named call (`{{hello.result}}`, a call above this one), `--var` / overrides, the selected environment,
 *   the file's `@name = value` definitions; `{{$env NAME}}` reads an environment variable and `{{$secret NAME}}`
 *   a secret through the caller's function (SecretStorage in the editor, the environment in the CLI).
 * What a variable is:
 *   - a value: `@who = "phyger"` is the string phyger, `@n = 5` the integer 5, `@base = http://…` (not JSON) the
 *     string as written; `--var` values and `$env` read the same way (typed JSON when they are, else a string);
 *     a `$secret` is always a string; an environment's values are the JSON values of the setting.
 *   - in a URL, method or header, and inside a JSON string literal (`"Hi {{who}}"` → "Hi phyger"), it is replaced by
 *     its text: a string as is (escaped as JSON needs inside a literal), a number as written, a {"$double"}/{"$i8"}/
 *     {"$datetime"}/{"$base64"} by its payload, an array or struct by its compact JSON.
 *   - anywhere else in typed JSON (an argument, an EXPECT, inside arrays and objects) it stands for its whole value:
 *     `{{hello.result}}` is the earlier call's typed result, `[{{n}}, 2]` an array of the integer 5 and 2.
 *
 * This is the module's entry: variableSources.ts (the sources, the secrets a file uses, the errors) and
 * variableResolver.ts (the resolution).
 */
export { displayValue, textOf, valueOfText } from './variableValues';
export { MissingResult, PENDING, readSecrets, ReferenceProblem, secretNames } from './variableSources';
export type { CallResultState, ResolvedCall, VariableSources } from './variableSources';
export { RequestFileResolver } from './variableResolver';
