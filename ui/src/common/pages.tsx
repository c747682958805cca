import type { ComponentType } from 'react'
import { Create, Edit, type TransformData } from 'react-admin'

interface FormPagesOptions {
  /** Values a new record starts with. */
  defaults?: Record<string, unknown>
  /** Reshapes the form's data before it is sent; gets the record as loaded on edits. */
  transform?: (data: Record<string, any>, previous?: Record<string, any>) => Record<string, any>
  /** Where a created record is shown; 'edit' for a resource whose form is its only page. */
  afterCreate?: 'show' | 'edit'
}

/**
 * The edit and create pages of a resource around its one form. Edits wait for the API's answer
 * (pessimistic) so that its 422 messages land on the form's fields and a refused save never
 * looks saved.
 */
export function formPages(Form: ComponentType, { defaults, transform, afterCreate = 'show' }: FormPagesOptions = {}) {
  const onEdit: TransformData | undefined = transform && ((data, options) => transform(data, options?.previousData))
  const onCreate: TransformData | undefined = transform && ((data) => transform(data))
  function EditPage() {
    return (
      <Edit mutationMode="pessimistic" transform={onEdit}>
        <Form />
      </Edit>
    )
  }
  function CreatePage() {
    return (
      <Create redirect={afterCreate} record={defaults} transform={onCreate}>
        <Form />
      </Create>
    )
  }
  return { edit: EditPage, create: CreatePage }
}
