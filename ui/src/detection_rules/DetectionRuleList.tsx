import { BooleanField, DataTable, FunctionField, List, useTranslate } from 'react-admin'
import { ListActions } from '../common/ListActions'
import { TimeCol } from '../common/columns'
import { useCan } from '../common/permissions'
import { RULE_SETTINGS, type RuleName } from '../../../shared/detection_rules'
import { settingText } from './settings'

type Row = { rule: RuleName; enabled: boolean; settings: Record<string, unknown> }

/** The eight rows (shared settings, then each rule): on or off and their thresholds at a glance. */
export default function DetectionRuleList() {
  const mayEdit = useCan('detection_rules', 'update')
  const translate = useTranslate()
  return (
    <List perPage={25} actions={<ListActions create={false} filters={false} />} sort={{ field: 'id', order: 'ASC' }} pagination={false}>
      <DataTable rowClick={mayEdit ? 'edit' : false} bulkActionButtons={false}>
        <DataTable.Col source="rule">
          <FunctionField<Row> render={(r) => translate(`gsn.detection_rules.rule.${r.rule}`)} />
        </DataTable.Col>
        <DataTable.Col source="enabled">
          <BooleanField source="enabled" />
        </DataTable.Col>
        <DataTable.Col source="settings" disableSort>
          <FunctionField<Row>
            render={(r) =>
              RULE_SETTINGS[r.rule]
                .map((name) => `${translate(`gsn.detection_rules.setting.${name}`)}: ${settingText(r.settings[name], translate)}`)
                .join('; ')
            }
          />
        </DataTable.Col>
        <TimeCol source="updated_at" />
      </DataTable>
    </List>
  )
}
