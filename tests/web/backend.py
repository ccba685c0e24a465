"""Setting the scene for a browser test the way any client would: GraphQL over HTTP against the served
app, with real login tokens. Only the scene is set here; what the user does happens in the browser."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

ADMIN_USERNAME = "web.zhou"
PASSWORD = "swtalent2026"

_serial = itertools.count(1)
_people = itertools.count(1)

# GB 11643-1999: the weights of the first 17 digits and the check character of their sum mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def unique(prefix: str) -> str:
    """`prefix` with a serial number: tests share one served database, each makes its own people."""
    return f"{prefix}{next(_serial)}"


def check_character(first17: str) -> str:
    """The ID number's check character for its first 17 digits (GB 11643-1999, ISO 7064 MOD 11-2)."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def id_card_number() -> str:
    """A valid ID number of someone from 楚雄市, different on every call (born one day apart from 1990)."""
    born = date(1990, 1, 1) + timedelta(days=next(_people))
    body = f"532301{born:%Y%m%d}101"
    return body + check_character(body)


def wrong_check_digit(number: str) -> str:
    """The same number with a check character that does not fit."""
    return number[:17] + ("1" if number[17] != "1" else "2")


@dataclass
class Backend:
    """The served app's GraphQL endpoint, for setting up what a test's user finds there."""

    base: str

    def gql(self, query: str, variables: dict[str, Any] | None = None, token: str | None = None) -> Any:
        """Runs `query` and returns its `data`; fails the test on any top-level error or any userError
        of a mutation's payload (the scene must be set exactly as written)."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = httpx.post(
            f"{self.base}/graphql",
            json={"query": query, "variables": variables or {}},
            headers=headers,
            timeout=30,
        )
        body = response.json()
        assert "errors" not in body, body
        for payload in body["data"].values():
            if isinstance(payload, dict) and payload.get("userErrors"):
                raise AssertionError(payload["userErrors"])
        return body["data"]

    def login(self, username: str, password: str = PASSWORD) -> str:
        data = self.gql(
            "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) "
            "{ token userErrors { code message } } }",
            {"u": username, "p": password},
        )
        token: str = data["login"]["token"]
        return token

    def admin(self) -> str:
        """A token of the prefecture admin created by `swtalent create-user` when the server started."""
        return self.login(ADMIN_USERNAME)

    def new_provider(self, name: str | None = None) -> tuple[str, str]:
        """A training provider filed by the prefecture with an account of its own: (username, provider id)."""
        admin = self.admin()
        name = name or unique("楚雄州社会工作培训中心")
        provider = self.gql(
            "mutation($i: FileProviderInput!) { fileProvider(input: $i) { provider { id } userErrors { code message } } }",
            {
                "i": {
                    "name": name,
                    "countyCode": "532301",
                    "contactName": "罗老师",
                    "contactPhone": "0878-3120000",
                }
            },
            admin,
        )["fileProvider"]["provider"]["id"]
        username = unique("web.provider")
        self.gql(
            "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } userErrors { code message } } }",
            {
                "i": {
                    "username": username,
                    "password": PASSWORD,
                    "name": "培训专员",
                    "organizationName": name,
                    "roles": [{"role": "PROVIDER", "providerId": provider}],
                }
            },
            admin,
        )
        return username, provider

    def register_trainee(
        self, name: str, *, prefix: str = "web.trainee", social_work_since: date = date(2018, 7, 1)
    ) -> tuple[str, str]:
        """A front-line social worker of 楚雄市 with a bachelor's degree in social work, registered over the
        API as the sign-up page does (`registerAccount`): (username, token)."""
        username = unique(prefix)
        data = self.gql(
            "mutation($i: RegisterAccountInput!) { registerAccount(input: $i) "
            "{ token userErrors { code field message } } }",
            {
                "i": {
                    "username": username,
                    "password": PASSWORD,
                    "name": name,
                    "idCardNumber": id_card_number(),
                    "phone": f"139{next(_serial):08d}",
                    "countyCode": "532301",
                    "education": "BACHELOR",
                    "major": "SOCIAL_WORK",
                    "socialWorkSince": social_work_since.isoformat(),
                    "organizationName": "楚雄市鹿城镇社会工作站",
                    "frontLine": True,
                    "fullTimeCommunityWorker": False,
                }
            },
        )
        token: str = data["registerAccount"]["token"]
        return username, token

    def person_id(self, token: str) -> str:
        """The global id of the registry record of the user of `token`."""
        person_id: str = self.gql("{ viewer { person { id } } }", token=token)["viewer"]["person"]["id"]
        return person_id

    def county_admin(self, county_code: str = "532301") -> str:
        """A county admin of `county_code`, created by the prefecture admin: their token."""
        username = unique("web.county")
        self.gql(
            "mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } userErrors { code field message } } }",
            {
                "i": {
                    "username": username,
                    "password": PASSWORD,
                    "name": "县民政局管理员",
                    "roles": [{"role": "COUNTY_ADMIN", "countyCode": county_code}],
                }
            },
            self.admin(),
        )
        return self.login(username)

    def enroll(self, token: str, course_id: str) -> str:
        """The trainee of `token` enrols in the course over the API: the enrolment's id."""
        data = self.gql(
            "mutation($i: EnrollInCourseInput!) { enrollInCourse(input: $i) "
            "{ enrollment { id } userErrors { code field message } } }",
            {"i": {"courseId": course_id, "idempotencyKey": str(uuid.uuid4())}},
            token,
        )
        enrollment_id: str = data["enrollInCourse"]["enrollment"]["id"]
        return enrollment_id

    def published_course(
        self,
        provider_token: str,
        title: str,
        *,
        service_field: str = "ELDERLY_CARE",
        county_code: str = "532301",
        credit_hours: str = "16",
        capacity: int = 30,
        days_ahead: int = 10,
        starts: datetime | None = None,
    ) -> str:
        """A course the provider posted and published, with one eight-hour session starting at `starts`, or
        else `days_ahead` days from now at 09:00 Beijing time: its global id. (Attendance and completions are
        taken once a course has started: give `starts` a few seconds ahead for those.)"""
        if starts is None:
            day = (datetime.now(UTC) + timedelta(days=days_ahead)).date()
            starts = datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)
        course = self.gql(
            "mutation($i: PostCourseInput!) { postCourse(input: $i) { course { id } userErrors { code message } } }",
            {
                "i": {
                    "title": title,
                    "description": "面向一线社会工作者的专题培训。",
                    "serviceField": service_field,
                    "hourCategory": "KNOWLEDGE",
                    "creditHours": credit_hours,
                    "deliveryMode": "IN_PERSON",
                    "countyCode": county_code,
                    "capacity": capacity,
                    "sessions": [
                        {
                            "startsAt": starts.isoformat(),
                            "endsAt": (starts + timedelta(hours=8)).isoformat(),
                            "location": "楚雄市鹿城镇社区服务中心",
                        }
                    ],
                }
            },
            provider_token,
        )["postCourse"]["course"]["id"]
        self.gql(
            "mutation($i: PublishCourseInput!) { publishCourse(input: $i) { userErrors { code message } } }",
            {"i": {"courseId": course}},
            provider_token,
        )
        course_id: str = course
        return course_id
