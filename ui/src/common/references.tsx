import { AutocompleteInput, ReferenceField, ReferenceInput, type ReferenceInputProps } from 'react-admin'

type Props = Omit<ReferenceInputProps, 'reference' | 'children' | 'source'> & {
  source: string
  label?: string
  validate?: any
  fullWidth?: boolean
}

/**
 * A reference picked by typing: the list behind it is paged and searched by the API's `q`, so it
 * works as well for 17,000 links as for 40 ministries.
 */
export function ReferenceAutocomplete({ reference, label, validate, fullWidth, ...rest }: Props & { reference: string }) {
  return (
    <ReferenceInput reference={reference} {...rest}>
      <AutocompleteInput
        label={label}
        validate={validate}
        fullWidth={fullWidth}
        filterToQuery={(q: string) => (q ? { q } : {})}
      />
    </ReferenceInput>
  )
}

export function AgencyInput(props: Omit<Props, 'source'> & { source?: string }) {
  return <ReferenceAutocomplete source="agency_id" reference="agencies" {...props} />
}

export function AgencyField({ source = 'agency_id' }: { source?: string; label?: string; sortable?: boolean }) {
  return <ReferenceField source={source} reference="agencies" link="show" />
}
