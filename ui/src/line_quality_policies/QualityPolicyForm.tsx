import { NumberInput, SelectInput, SimpleForm, maxValue, minValue, number, required } from 'react-admin'
import { choices } from '../common/enums'
import { percentShare, sharePercent } from './percent'

const lossPercent = [required(), number(), minValue(0.01), maxValue(100)]
const millis = [required(), number(), minValue(0.1), maxValue(10_000)]

/**
 * A link class's quality thresholds: the class is fixed (shown, not chosen); losses typed in
 * percent. The loss inputs carry no HTML min/max/step: with a step counted from its min the
 * browser's own check refused whole percents (4 is not 0.01 + n × 0.1) with a bubble in the
 * browser's language and no request; the validators say the range in the reader's language.
 */
export function QualityPolicyForm() {
  return (
    <SimpleForm sx={{ maxWidth: 600 }}>
      <SelectInput source="link_kind" choices={choices('link_kind')} readOnly />
      <NumberInput
        source="loss_degraded"
        format={sharePercent}
        parse={percentShare}
        validate={lossPercent}
        helperText="gsn.line_quality_policies.loss_degraded_help"
      />
      <NumberInput
        source="loss_down"
        format={sharePercent}
        parse={percentShare}
        validate={lossPercent}
        helperText="gsn.line_quality_policies.loss_down_help"
      />
      <NumberInput source="rtt_degraded_ms" min={0.1} max={10_000} validate={millis} />
      <NumberInput source="jitter_degraded_ms" min={0.1} max={10_000} validate={millis} />
    </SimpleForm>
  )
}
