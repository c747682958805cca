import vine, { type VineValidator } from '@vinejs/vine'
import type { FieldContext, MessagesProviderContact } from '@vinejs/vine/types'

/**
 * A resource's own VineJS validator, recompiled so that its database rules do not each cost a
 * query per row. Lucid's `exists` rule is answered from ids the import has already looked up in
 * bulk (one query per batch), and `unique` on the natural key is dropped because an import upserts
 * on that key. Every other rule, message and transform is the resource's own: the rules are
 * written once, in the resource definition.
 */

/** What the replaced `exists` rule asks; the import passes it in the validation metadata. */
export type ReferenceCheck = (table: string, column: string, value: unknown) => boolean

export interface ImportMeta {
  id: number | null
  user: unknown
  referenceExists: ReferenceCheck
}

export interface ShapeField {
  field: string
  optional: boolean
  nullable: boolean
}

export interface ShapeValidator {
  /** `messagesProvider` words the errors in the importing account's language (validation_messages.ts). */
  validate(data: unknown, meta: ImportMeta, messagesProvider?: MessagesProviderContact): Promise<Record<string, any>>
  /** Top-level fields in schema order. */
  fields: ShapeField[]
  /** Fields that name a row of another table by id (their `exists` rule), and that table. */
  references: Map<string, { table: string; column: string }>
}

// Lucid's wording for the rule, so an import reports what the form would.
const EXISTS_MESSAGE = 'The selected {{ field }} is invalid'

type RuleFn = (value: unknown, options: any, field: FieldContext) => unknown

let databaseRules: { unique: Set<RuleFn>; exists: Set<RuleFn> } | null = null

/**
 * The rule functions Lucid registers, found by building one schema with each: the compiled
 * validator's refs point at exactly these functions, so they can be recognised by identity.
 */
function lucidDatabaseRules() {
  if (databaseRules) return databaseRules
  const lastRule = (schema: unknown) => {
    const validations = (schema as { validations: Array<{ rule: { validator: RuleFn } }> }).validations
    return validations[validations.length - 1].rule.validator
  }
  const options = { table: 'probe', column: 'probe' }
  databaseRules = {
    unique: new Set([lastRule(vine.string().unique(options)), lastRule(vine.number().unique(options))]),
    exists: new Set([lastRule(vine.string().exists(options)), lastRule(vine.number().exists(options))]),
  }
  return databaseRules
}

interface CompiledNode {
  type: string
  fieldName?: string
  isOptional?: boolean
  allowNull?: boolean
  validations?: Array<{ ruleFnId: string }>
  properties?: CompiledNode[]
  schema?: CompiledNode
}

const cache = new WeakMap<VineValidator<any, any>, Map<string, ShapeValidator>>()

export function shapeValidatorOf(
  validator: VineValidator<any, any>,
  naturalKey: { table: string; column: string }
): ShapeValidator {
  const key = `${naturalKey.table}.${naturalKey.column}`
  let forValidator = cache.get(validator)
  if (!forValidator) cache.set(validator, (forValidator = new Map()))
  const cached = forValidator.get(key)
  if (cached) return cached

  const rules = lucidDatabaseRules()
  // A second compilation of the same schema gets refs of its own, which we may rewrite freely.
  const Validator = validator.constructor as new (schema: unknown, options: unknown) => VineValidator<any, any>
  const copy = new Validator(validator.schema, (validator as unknown as { options: unknown }).options)
  const { schema, refs } = copy.toJSON() as unknown as {
    schema: CompiledNode
    refs: Record<string, { validator: RuleFn; options: any }>
  }

  const existsRefs = new Set<string>()
  for (const [id, ref] of Object.entries(refs)) {
    if (!ref || typeof ref !== 'object' || typeof ref.validator !== 'function') continue
    const options = ref.options
    // Callback forms of the rules decide for themselves; they keep their own query.
    if (!options || typeof options !== 'object' || typeof options.table !== 'string') continue
    if (rules.exists.has(ref.validator)) {
      existsRefs.add(id)
      refs[id] = {
        options,
        validator: (value, opts, field) => {
          if (!field.isValid) return
          const meta = field.meta as Partial<ImportMeta>
          if (!meta.referenceExists) throw new Error('import validation needs meta.referenceExists')
          if (!meta.referenceExists(opts.table, opts.column ?? field.name, value)) {
            field.report(EXISTS_MESSAGE, 'database.exists', field)
          }
        },
      }
    } else if (
      rules.unique.has(ref.validator) &&
      options.table === naturalKey.table &&
      (options.column ?? '') === naturalKey.column
    ) {
      refs[id] = { options, validator: () => {} }
    }
  }

  const object = schema.schema!
  const fields: ShapeField[] = []
  const references = new Map<string, { table: string; column: string }>()
  for (const property of object.properties ?? []) {
    const field = property.fieldName!
    fields.push({ field, optional: Boolean(property.isOptional), nullable: Boolean(property.allowNull) })
    for (const validation of property.validations ?? []) {
      if (existsRefs.has(validation.ruleFnId)) {
        const options = refs[validation.ruleFnId].options
        references.set(field, { table: options.table, column: options.column ?? field })
      }
    }
  }

  const shape: ShapeValidator = {
    validate: (data, meta, messagesProvider) => copy.validate(data, { meta, messagesProvider }),
    fields,
    references,
  }
  forValidator.set(key, shape)
  return shape
}
