"""Reading the results list (成绩册) as CSV, XLSX or XLS: 准考证号, 科目, 成绩 and, optionally, 单独划线
(是/否). The list is checked whole first; any bad row records nothing (as rosters are)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

from domain.exam.vocabulary import ExamSubject
from domain.spreadsheets import NumberLostDigits, Required, UnreadableFile, read_table

ADMISSION_NUMBER: Final = "准考证号"
SUBJECT: Final = "科目"
SCORE: Final = "成绩"
LOCAL_LINE: Final = "单独划线"
REQUIRED: Final[tuple[Required, ...]] = (ADMISSION_NUMBER, SUBJECT, SCORE)
MAX_ROWS: Final = 20_000
# Other names the examination authority's lists give the columns; headers are also read without spaces
# and notes in brackets (`domain.spreadsheets.header_key`).
SYNONYMS: Final = {
    ADMISSION_NUMBER: ("准考证号码", "准考证", "考号"),
    SUBJECT: ("考试科目", "科目名称"),
    SCORE: ("分数", "考试成绩", "成绩(分)"),
    LOCAL_LINE: ("是否单独划线",),
}

SUBJECT_NAMES: Final = {
    "社会工作综合能力（初级）": ExamSubject.ASSISTANT_COMPREHENSIVE,
    "社会工作实务（初级）": ExamSubject.ASSISTANT_PRACTICE,
    "社会工作综合能力（中级）": ExamSubject.COMPREHENSIVE,
    "社会工作法规与政策": ExamSubject.LAWS_AND_POLICIES,
    "社会工作实务（中级）": ExamSubject.PRACTICE,
    "社会工作实务（高级）": ExamSubject.SENIOR_PRACTICE,
}
YES: Final = frozenset({"是", "Y", "YES", "1", "TRUE"})
NO: Final = frozenset({"", "否", "N", "NO", "0", "FALSE"})


@dataclass(frozen=True, slots=True)
class ResultRow:
    row: int
    admission_number: str
    subject: ExamSubject
    score: Decimal
    local_line: bool


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    column: str | None
    message: str


def parse_subject(text: str) -> ExamSubject | None:
    """A subject by its Chinese name (half- or full-width brackets) or by its code."""
    name = text.strip().replace("(", "（").replace(")", "）")
    if name in SUBJECT_NAMES:
        return SUBJECT_NAMES[name]
    try:
        return ExamSubject(text.strip().upper())
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class ResultsList:
    """What a results file holds: the sound rows, the problems, and how many data rows it has."""

    rows: list[ResultRow]
    problems: list[RowProblem]
    row_count: int


def read_results(data: bytes) -> ResultsList:
    """The results list in a CSV, XLSX or XLS file (read by `domain.spreadsheets`), checked row by row.

    Headers are read as `SYNONYMS` and `domain.spreadsheets.header_key` allow. `row_count` counts every
    non-blank data row, sound or not; `rows` holds the sound ones. A row's
    problems name its row and column as Excel shows them; an admission number stored as a number that
    has lost its last digits is reported as such.

    Raises:
        UnreadableFile: the file as a whole cannot be read, has more than 20,000 data rows, or has only
            its header row (an empty list is refused, as an empty roster is, rather than "0 recorded").
    """
    table = read_table(data, required=REQUIRED, synonyms=SYNONYMS, max_rows=MAX_ROWS)
    missing = [RowProblem(table.header_row, h, f"缺少「{h}」列") for h in table.missing(REQUIRED)]
    if missing:
        return ResultsList([], missing, 0)
    if not table.rows:
        raise UnreadableFile("文件只有表头，没有数据行")

    rows: list[ResultRow] = []
    problems: list[RowProblem] = []
    for line in table.rows:
        number = line.number
        admission, lost_digits = "", ""
        try:
            admission = line.code(ADMISSION_NUMBER)
        except NumberLostDigits as exc:
            lost_digits = str(exc)
        subject = parse_subject(line.text(SUBJECT))
        local = line.text(LOCAL_LINE).upper()
        score: Decimal | None = None
        try:
            score = Decimal(line.text(SCORE))
        except InvalidOperation:
            problems.append(RowProblem(number, SCORE, "成绩须为数字"))
        if lost_digits or not admission:
            problems.append(RowProblem(number, ADMISSION_NUMBER, lost_digits or "准考证号不能为空"))
        if subject is None:
            problems.append(RowProblem(number, SUBJECT, "科目名称无法识别"))
        if local not in YES | NO:
            problems.append(RowProblem(number, LOCAL_LINE, "单独划线应填“是”或“否”"))
        row_is_sound = not problems or problems[-1].row != number
        if row_is_sound and admission and subject is not None and score is not None:
            rows.append(ResultRow(number, admission, subject, score, local in YES))
    return ResultsList(rows, problems, len(table.rows))
