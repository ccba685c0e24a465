// Chinese labels for this area's enums, short forms of the schema's descriptions of each value.
import type { OrganizationStatus, OrganizationType } from '@/gql/enums'

export const organizationStatusLabels: Record<OrganizationStatus, string> = {
  PENDING: '待审核',
  APPROVED: '已备案',
  REJECTED: '未通过审核',
}

export const organizationTypeLabels: Record<OrganizationType, string> = {
  SOCIAL_WORK_SERVICE_ORGANIZATION: '社会工作服务机构',
  COMMUNITY: '城乡社区',
  PUBLIC_INSTITUTION: '事业单位',
  SOCIAL_ORGANIZATION: '社会组织',
  ENTERPRISE: '企业',
  OTHER: '其他',
}
