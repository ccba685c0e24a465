"""Crashes the fuzzer (tests/stress/test_fuzz.py) found, kept as fast in-process tests: each request below
once answered INTERNAL, and must now be refused with a coded error a client can act on."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api, Tokens, error_codes

IMPORTS = {
    "importCompletions": "courseId: $id, dryRun: true",
    "importExamResults": "sittingId: $id",
    "attachTalentEvidence": "applicationId: $id",
}
ID_TYPES = {
    "importCompletions": "Course",
    "importExamResults": "ExamSitting",
    "attachTalentEvidence": "TalentApplication",
}


def import_mutation(field: str, file: str, variables: str = "$id: ID!, $file: Upload!") -> str:
    return (
        f"mutation Import({variables}) {{ {field}(input: {{ {IMPORTS[field]}, file: {file} }})"
        " { userErrors { code } } }"
    )


@pytest.mark.parametrize("field", sorted(IMPORTS))
@pytest.mark.parametrize("literal", ['"roster.csv"', "0", '""'])
async def test_a_file_written_into_the_document_instead_of_uploaded_is_refused_as_bad_input(
    api: Api, tokens: Tokens, field: str, literal: str
) -> None:
    # Found by the fuzzer: `file: "roster.csv"` reached the resolver as a string, which read it as a file.
    query = import_mutation(field, literal, variables="$id: ID!")
    body = await api.post(query, {"id": "MQ=="}, token=tokens.prefecture)

    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "multipart" in body["errors"][0]["message"]


@pytest.mark.parametrize("field", sorted(IMPORTS))
@pytest.mark.parametrize("value", ["roster.csv", 0, {"name": "roster.csv"}, ["a"]])
async def test_a_file_sent_as_a_json_variable_instead_of_uploaded_is_refused_as_bad_input(
    api: Api, tokens: Tokens, field: str, value: object
) -> None:
    body = await api.post(
        import_mutation(field, "$file"), {"id": "MQ==", "file": value}, token=tokens.prefecture
    )

    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert "multipart" in body["errors"][0]["message"]
