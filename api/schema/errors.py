"""How failures reach clients: `userErrors` for business rules, coded top-level errors for the rest."""

from __future__ import annotations

import strawberry

from api.schema.enums import described_enum
from domain.errors import DomainError, ErrorCode

described_enum(
    ErrorCode,
    name="ErrorCode",
    description="业务规则错误代码（稳定，可据以编程）；具体原因见 UserError.message",
    values={
        ErrorCode.INVALID_INPUT: "输入不符合要求（message 说明哪一项、怎样改）",
        ErrorCode.INVALID_ID: "编号格式不正确或对象不存在",
        ErrorCode.INVALID_ID_CARD_NUMBER: "身份证号不正确（位数、校验码、地区码或出生日期）",
        ErrorCode.INVALID_NAME: "姓名不符合要求（汉字、间隔号或拉丁字母，2 到 40 个字符）",
        ErrorCode.INVALID_CREDIT_CODE: "统一社会信用代码不正确",
        ErrorCode.INVALID_PHONE: "手机号不正确（11 位数字，以 1 开头）",
        ErrorCode.UNKNOWN_COUNTY: "不是楚雄州的县市代码",
        ErrorCode.USERNAME_TAKEN: "用户名已被使用",
        ErrorCode.WEAK_PASSWORD: "密码太弱",
        ErrorCode.INVALID_CREDENTIALS: "用户名或密码不正确",
        ErrorCode.TOO_MANY_ATTEMPTS: "登录失败次数过多，请稍后再试",
        ErrorCode.UNKNOWN_USER: "用户不存在",
        ErrorCode.ROLE_SCOPE_INVALID: "角色的范围不对（县级管理员须有县市，培训机构账号须有机构）",
        ErrorCode.ROLE_ALREADY_HELD: "该用户已拥有此角色",
        ErrorCode.ROLE_NOT_HELD: "该用户没有此角色",
        ErrorCode.ID_CARD_NUMBER_TAKEN: "该身份证号已登记",
        ErrorCode.NO_PERSON: "当前账号没有人才档案",
        ErrorCode.DATES_OUT_OF_ORDER: "日期先后不合理（如从事社会工作早于 16 岁、晚于今天）",
        ErrorCode.CREDIT_CODE_TAKEN: "该统一社会信用代码的机构已备案",
        ErrorCode.ORGANIZATION_NOT_FOUND: "机构不存在",
        ErrorCode.ORGANIZATION_ALREADY_REVIEWED: "该机构备案已审核",
        ErrorCode.ORGANIZATION_NOT_APPROVED: "机构未通过备案",
        ErrorCode.REASON_REQUIRED: "须填写理由",
        ErrorCode.INVALID_POPULATION_RECORD: "人口数据不正确",
        ErrorCode.PROVIDER_NOT_FOUND: "培训机构不存在或未备案",
        ErrorCode.PROVIDER_NAME_TAKEN: "同名培训机构已备案",
        ErrorCode.COURSE_NOT_FOUND: "课程不存在",
        ErrorCode.INVALID_HOURS: "学时数不正确",
        ErrorCode.INVALID_SESSIONS: "课次安排不正确（时间、地点）",
        ErrorCode.COURSE_NOT_EDITABLE: "课程已开课或已取消，不能修改",
        ErrorCode.COURSE_NOT_OPEN: "课程未开放报名",
        ErrorCode.ALREADY_ENROLLED: "已报名（或在候补名单中）",
        ErrorCode.ENROLLMENT_NOT_FOUND: "报名记录不存在",
        ErrorCode.ENROLLMENT_CLOSED: "报名已截止",
        ErrorCode.NOT_ENROLLED: "此人没有报名该课程",
        ErrorCode.SESSION_NOT_FOUND: "课次不属于此课程",
        ErrorCode.HOURS_ABOVE_CREDIT: "学时超过课程的学时数",
        ErrorCode.ALREADY_CREDITED: "已记录过结业学时",
        ErrorCode.IDEMPOTENCY_KEY_REUSED: "幂等键已用于另一个不同的请求",
        ErrorCode.ENTRY_NOT_FOUND: "学时记录不存在",
        ErrorCode.ALREADY_REVERSED: "学时记录已冲正",
        ErrorCode.REQUIREMENT_NOT_FOUND: "学时要求不存在",
        ErrorCode.INVALID_ROSTER: "名单文件无法读取或缺少必需的列",
        ErrorCode.FILE_TOO_LARGE: "文件太大",
        ErrorCode.INVALID_DATE: "日期不正确",
        ErrorCode.SESSION_NOT_STARTED: "课次尚未开始，不能记录考勤",
        ErrorCode.COURSE_NOT_HELD: "课程最后一次课尚未开始，不能记录结业",
        ErrorCode.HOURS_ABOVE_BALANCE: "减去的学时超过该类别已计的学时（message 给出两个数）",
        ErrorCode.SITTING_EXISTS: "该年度已有考试",
        ErrorCode.SITTING_NOT_FOUND: "考试不存在",
        ErrorCode.SITE_NOT_FOUND: "考点不属于本次考试",
        ErrorCode.LEVEL_NOT_OFFERED: "本次考试不设此级别",
        ErrorCode.REGISTRATION_CLOSED: "不在报名时间内",
        ErrorCode.EXAM_SITE_FULL: "考点名额已满",
        ErrorCode.ALREADY_REGISTERED: "已报名本次考试",
        ErrorCode.NOT_ELIGIBLE: "不符合报考条件（message 说明所缺条件）",
        ErrorCode.REGISTRATION_NOT_FOUND: "考试报名记录不存在",
        ErrorCode.WRONG_REGISTRATION_STATUS: "报名所处状态不能做此操作",
        ErrorCode.FEE_MISMATCH: "缴费金额与应缴金额不符",
        ErrorCode.CERTIFICATE_NUMBER_TAKEN: "该证书编号已登记",
        ErrorCode.CERTIFICATE_ALREADY_HELD: "此人已有该级别的证书",
        ErrorCode.CERTIFICATE_NOT_FOUND: "证书不存在",
        ErrorCode.INVALID_ISSUE_DATE: "发证日期不可能（早于考试设立、晚于今天或早于出生）",
        ErrorCode.SOCIAL_WORKER_CERTIFICATE_MISSING: "高级社会工作师须先有社会工作师（中级）证书",
        ErrorCode.INVALID_SCORE: "成绩不正确",
        ErrorCode.RESULT_ALREADY_RECORDED: "该科目成绩已录入",
        ErrorCode.REGISTRATION_NOT_DUE: "证书登记还不能办理（未到续期时间）",
        ErrorCode.CONTINUING_EDUCATION_MISSING: "继续教育学时不足，不能办理登记续期",
        ErrorCode.EXAM_NOT_YET_HELD: "考试尚未举行：考试日当天及以后才能录入成绩",
        ErrorCode.REGISTRATION_STILL_OPEN: "报名尚未截止：截止后才能发放准考证",
        ErrorCode.SITTING_LOCKED: "报名已开始，考试安排不能再修改",
        ErrorCode.SITTING_HAS_REGISTRATIONS: "已有人报名，考试不能取消",
        ErrorCode.DUPLICATE_SITE_NAME: "同一次考试的考点名称重复",
        ErrorCode.EXAM_DATE_PASSED: "考试日期已过",
        ErrorCode.EXAM_ALREADY_HELD: "考试已举行：报名不能再审核或确认缴费",
        ErrorCode.INVALID_AMOUNT: "金额不正确（须为不小于零的元，最多两位小数）",
        ErrorCode.INCENTIVE_POLICY_OVERLAP: "同一县、同一类别和级别的政策有效期重叠",
        ErrorCode.INCENTIVE_POLICY_NOT_FOUND: "激励政策不存在",
        ErrorCode.INVALID_ACCOUNT_NUMBER: "银行账号须为 8 至 30 位数字",
        ErrorCode.ENTITLEMENT_NOT_FOUND: "待遇不存在或不在您的管理范围",
        ErrorCode.WRONG_ENTITLEMENT_STATUS: "待遇当前状态不允许此操作",
        ErrorCode.BUDGET_EXCEEDED: "超出县级年度预算剩余额度（或尚未设置预算）",
        ErrorCode.BUDGET_BELOW_USED: "预算额低于已承诺与已发放金额",
        ErrorCode.PAYOUT_BATCH_NOT_FOUND: "发放批次不存在或不在您的管理范围",
        ErrorCode.PAYOUT_BATCH_EMPTY: "没有可编入发放批次的待遇",
        ErrorCode.PAYOUT_BATCH_ALREADY_PAID: "发放批次已标记为已发放",
        ErrorCode.RECOVERY_NOT_FOUND: "追回事项不存在或不在您的管理范围",
        ErrorCode.RECOVERY_ALREADY_RECORDED: "追回事项已登记为已追回",
        ErrorCode.INVALID_MONTH: "月份格式不正确，或该月尚未结束",
        ErrorCode.TALENT_ROUND_NOT_FOUND: "领军人才选拔轮次不存在",
        ErrorCode.INVALID_QUOTA: "名额不正确（总名额为正整数，县级名额为不小于零的整数；message 说明哪一项）",
        ErrorCode.INVALID_RUBRIC: "评分细则不正确（六个维度各一次，权重与满分为正数）",
        ErrorCode.TALENT_ROUND_LOCKED: "申报已开始，选拔轮次不能再更正",
        ErrorCode.WRONG_ROUND_STATUS: "选拔轮次当前阶段不允许此操作（message 说明当前阶段和下一步）",
        ErrorCode.APPLICATION_WINDOW_CLOSED: "不在申报期内",
        ErrorCode.TALENT_NOT_ELIGIBLE: "不符合申报条件（message 逐条说明未满足的条件）",
        ErrorCode.ALREADY_APPLIED: "本轮已有此人的申报：每人每轮只能申报一次",
        ErrorCode.TALENT_APPLICATION_NOT_FOUND: "领军人才申报不存在或不在您的查看范围",
        ErrorCode.WRONG_APPLICATION_STATUS: "申报当前状态不允许此操作（message 说明当前状态）",
        ErrorCode.COUNTY_QUOTA_FULL: "本县初审通过人数已达县级名额",
        ErrorCode.INVALID_EVIDENCE: "证明材料须为 PDF 或图片（JPG、PNG），且不超过大小上限",
        ErrorCode.EVIDENCE_NOT_FOUND: "证明材料不存在",
        ErrorCode.NOT_AN_EXPERT: "所选账号不是评审专家",
        ErrorCode.REVIEWER_CONFLICT: "评审专家与申报人存在利益冲突（同一单位或已申明回避）",
        ErrorCode.NOT_ASSIGNED: "您未被分配评审此申报",
        ErrorCode.INVALID_SCORES: "评分不正确（每个维度一次，0 至该维度满分，最多两位小数）",
        ErrorCode.ALREADY_SCORED: "评分已提交封存，不能修改",
        ErrorCode.SCORING_INCOMPLETE: "尚有专家未评分，不能结束评审（可先准予免评并记录原因）",
        ErrorCode.INVALID_WORKING_DAYS: "公示期须不少于 5 个工作日",
        ErrorCode.NOT_ON_NOTICE: "该人选不在公示中，不能对其提出异议",
        ErrorCode.TOO_MANY_OBJECTIONS: "提交异议过于频繁，请稍后再试",
        ErrorCode.OBJECTION_NOT_FOUND: "异议不存在",
        ErrorCode.OBJECTION_ALREADY_RESOLVED: "异议已处理",
        ErrorCode.OBJECTIONS_OPEN: "尚有未处理的异议，不能批准",
        ErrorCode.NOTICE_NOT_ENDED: "公示期尚未结束，不能批准",
        ErrorCode.LEADING_TALENT_NOT_FOUND: "领军人才不存在",
        ErrorCode.WRONG_TALENT_STATUS: "领军人才当前状态不允许此操作（如称号已撤销）",
        ErrorCode.INVALID_ASSESSMENT_YEAR: "考核年度不在培养期内、尚未到来，或上一年度尚未考核",
        ErrorCode.ASSESSMENT_ALREADY_RECORDED: "该年度考核已记录为其他等次",
        ErrorCode.CALENDAR_DAY_NOT_FOUND: "该日期没有管理员添加的节假日或调休工作日",
        ErrorCode.PLAN_PERIOD_NOT_FOUND: "规划期不存在",
        ErrorCode.INVALID_TARGET: "目标数不正确（人数须为正整数，千分比须大于 0、最多两位小数）",
        ErrorCode.OUT_OF_SCOPE: "超出您的管理范围",
    },
)


@strawberry.type(description="业务规则未通过：code 稳定，field 指向输入中的字段，message 为中文说明")
class UserError:
    code: ErrorCode
    field: list[str] | None
    message: str

    @classmethod
    def from_domain(cls, error: DomainError) -> UserError:
        path = ["input", *error.field_path] if error.field_path else None
        return cls(code=error.code, field=path, message=error.message)


@strawberry.type(description="导入文件中的一处错误：行号（与 Excel 中看到的一致，表头为第 1 行）、列名、原因")
class FileRowError:
    row: int
    column: str | None
    message: str
