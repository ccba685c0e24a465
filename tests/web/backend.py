"""Setting the scene for a browser test the way any client would: GraphQL over HTTP against the served
app, with real login tokens. Only the scene is set here; what the user does happens in the browser."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

ADMIN_USERNAME = "web.zhou"
PASSWORD = "swtalent2026"

_serial = itertools.count(1)


def unique(prefix: str) -> str:
    """`prefix` with a serial number: tests share one served database, each makes its own people."""
    return f"{prefix}{next(_serial)}"


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
    ) -> str:
        """A course the provider posted and published, with one session `days_ahead` days from now (09:00
        to 17:00 Beijing time): its global id."""
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
