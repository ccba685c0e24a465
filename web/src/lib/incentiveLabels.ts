// Chinese labels for this area's enums, short forms of the schema's descriptions of each value.
import type { EntitlementStatus, IncentiveKind, PayoutBatchStatus, RecoveryStatus, WaitingCondition } from '@/gql/enums'

export const incentiveKindLabels: Record<IncentiveKind, string> = {
  EXAM_FEE_SUBSIDY: '考试费补贴',
  ONE_TIME_REWARD: '一次性奖励',
  MONTHLY_ALLOWANCE: '职业津贴',
}

export const entitlementStatusLabels: Record<EntitlementStatus, string> = {
  PENDING: '待审核',
  APPROVED: '待编入批次',
  REJECTED: '审核未通过',
  IN_BATCH: '已编入批次',
  PAID: '已发放',
  REVOKED: '已撤销',
}

export const payoutBatchStatusLabels: Record<PayoutBatchStatus, string> = {
  OPEN: '待发放',
  PAID: '已发放',
}

export const recoveryStatusLabels: Record<RecoveryStatus, string> = {
  OUTSTANDING: '待追回',
  RECOVERED: '已追回',
}

export const waitingConditionLabels: Record<WaitingCondition, string> = {
  EXAM_PASSED: '待考试合格',
  CERTIFICATE_REGISTRATION: '待证书登记',
  TENURE: '待本地工作年限届满',
}
