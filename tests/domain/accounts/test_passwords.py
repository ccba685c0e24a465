"""Password hashing (scrypt) and the rule a new password must meet."""

from __future__ import annotations

import asyncio
import base64
import string
import threading

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from api.demo.data import DEMO_PASSWORD
from domain.accounts import passwords
from domain.accounts.common_passwords import COMMON_PASSWORDS, is_common_password
from domain.accounts.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    hash_password,
    hash_password_off_loop,
    password_problem,
    unknown_user_hash,
    verify_password,
    verify_password_off_loop,
)

# hash_password("abc12345") as stored by this release: stored hashes must keep verifying.
STORED_PASSWORD = "abc12345"
STORED = "scrypt$16384$8$1$rtO-6nBHer-BKtFW7nIJYQ$xjTwRywePQCahLfLNxs6wS-SBSACJF4aHhUH77dj9zE"
SALT, DIGEST = STORED.split("$")[4:]

LENGTH_PROBLEM = f"密码长度须为 {MIN_LENGTH} 到 {MAX_LENGTH} 位"
MIX_PROBLEM = "密码须同时包含字母和数字"

# scrypt is deliberately slow (about 50 ms a hash): few examples, and no per-example deadline.
slow = settings(max_examples=8, deadline=None)


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@pytest.mark.parametrize("password", ["abc12345", "社工Chuxiong2025", "p@ss w0rd with spaces", "🔑key123"])
def test_a_hashed_password_verifies(password: str) -> None:
    assert verify_password(password, hash_password(password))


def test_a_hash_stored_earlier_still_verifies() -> None:
    assert verify_password(STORED_PASSWORD, STORED)


@pytest.mark.parametrize(
    "attempt",
    [
        pytest.param("ABC12345", id="other case"),
        pytest.param("abc12345 ", id="trailing space"),
        pytest.param("abc1234", id="a character short"),
        pytest.param("abc123456", id="a character more"),
        pytest.param("", id="empty"),
    ],
)
def test_a_wrong_password_does_not_verify(attempt: str) -> None:
    assert not verify_password(attempt, STORED)


def test_two_hashes_of_the_same_password_differ_because_each_is_salted() -> None:
    first, second = hash_password("abc12345"), hash_password("abc12345")
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert verify_password("abc12345", first)
    assert verify_password("abc12345", second)


def test_a_hash_records_its_scheme_and_cost_with_a_16_byte_salt_and_a_32_byte_digest() -> None:
    scheme, n, r, p, salt, digest = hash_password("abc12345").split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(unb64(salt)) == 16
    assert len(unb64(digest)) == 32


def test_a_hash_does_not_contain_the_password() -> None:
    assert "abc12345" not in hash_password("abc12345")


@pytest.mark.parametrize(
    "stored",
    [
        pytest.param("", id="empty"),
        pytest.param(STORED_PASSWORD, id="the plain password"),
        pytest.param(f"scrypt$16384$8$1${SALT}", id="five fields"),
        pytest.param(f"{STORED}$extra", id="seven fields"),
        pytest.param("$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW", id="a bcrypt hash"),
        pytest.param(f"pbkdf2$16384$8$1${SALT}${DIGEST}", id="another scheme"),
        pytest.param("SCRYPT" + STORED.removeprefix("scrypt"), id="the scheme in capitals"),
        pytest.param("scrypt$16384$8$1$$", id="no salt and no digest"),
        pytest.param(f"scrypt$16384$8$1$${DIGEST}", id="no salt"),
        pytest.param(f"scrypt$16384$8$1${SALT}$", id="no digest"),
        pytest.param(f"scrypt$16384$8$1${SALT}${DIGEST[:-4]}", id="a truncated digest"),
        pytest.param(f"scrypt$8192$8$1${SALT}${DIGEST}", id="another cost"),
    ],
)
def test_a_malformed_or_foreign_stored_hash_does_not_verify(stored: str) -> None:
    assert verify_password(STORED_PASSWORD, stored) is False


@pytest.mark.parametrize(
    "stored",
    [
        pytest.param(
            f"scrypt$abc$8$1${SALT}${DIGEST}",
            id="a cost that is not a number",
        ),
        pytest.param(
            f"scrypt$16384$8$1${SALT}$A",
            id="base64 with a dangling character",
        ),
        pytest.param(
            f"scrypt$16383$8$1${SALT}${DIGEST}",
            id="a cost that is not a power of two",
        ),
        pytest.param(
            f"scrypt$16384$0$1${SALT}${DIGEST}",
            id="a zero block size",
        ),
        pytest.param(
            f"scrypt$1048576$8$1${SALT}${DIGEST}",
            id="a cost past the memory limit",
        ),
    ],
)
def test_a_stored_hash_with_unusable_parameters_does_not_verify(stored: str) -> None:
    assert verify_password(STORED_PASSWORD, stored) is False


def test_a_password_that_is_not_encodable_as_utf8_does_not_verify() -> None:
    assert verify_password("\ud800abc12345", STORED) is False


def test_a_password_that_is_not_encodable_as_utf8_is_refused_or_hashed() -> None:
    password = "\ud800abc12345"
    assert password_problem(password, username="li.na") == "密码含有无法识别的字符"


def test_the_unknown_user_hash_is_a_real_scrypt_hash_that_matches_nothing_guessable() -> None:
    stored = unknown_user_hash()
    assert stored == unknown_user_hash()
    assert stored.split("$")[:4] == ["scrypt", "16384", "8", "1"]
    for guess in ["", "abc12345", "password1", stored]:
        assert not verify_password(guess, stored)


@slow
@given(password=st.text(max_size=40))
def test_every_password_verifies_against_its_own_hash_and_nothing_else(password: str) -> None:
    stored = hash_password(password)
    assert verify_password(password, stored)
    assert not verify_password(password + "x", stored)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        pytest.param("abkd1234", None, id="8 characters"),
        pytest.param("abc1234", LENGTH_PROBLEM, id="7 characters"),
        pytest.param("", LENGTH_PROBLEM, id="empty"),
        pytest.param("a1" * 64, None, id="128 characters"),
        pytest.param("a1" * 64 + "b", LENGTH_PROBLEM, id="129 characters"),
        pytest.param("abcdefgh", MIX_PROBLEM, id="letters only"),
        pytest.param("12345678", MIX_PROBLEM, id="digits only"),
        pytest.param("!@#$%^&*", MIX_PROBLEM, id="punctuation only"),
        pytest.param("1234567!", MIX_PROBLEM, id="digits and punctuation"),
        pytest.param("Chuxiong2025", None, id="letters and digits"),
        pytest.param("a1!@#$%^", None, id="one letter, one digit"),
    ],
)
def test_a_new_password_must_be_8_to_128_characters_with_letters_and_digits(
    password: str, problem: str | None
) -> None:
    assert password_problem(password, username="li.na") == problem


@given(
    password=st.one_of(
        st.text(max_size=MIN_LENGTH - 1),
        st.text(min_size=MAX_LENGTH + 1, max_size=MAX_LENGTH + 40),
    )
)
def test_a_password_of_the_wrong_length_is_refused_for_its_length(password: str) -> None:
    assert password_problem(password, username="li.na") == LENGTH_PROBLEM


@given(
    letters=st.text(alphabet=string.ascii_letters, min_size=4, max_size=60),
    padding=st.text(alphabet="!@#$%^&*-_ ", max_size=8),
    digits=st.text(alphabet=string.digits, min_size=4, max_size=60),
)
def test_any_mix_of_letters_and_digits_of_an_allowed_length_is_accepted(
    letters: str, padding: str, digits: str
) -> None:
    password = letters + padding + digits
    assume(not is_common_password(password))
    assert password_problem(password, username="li.na") is None


@pytest.mark.parametrize(
    ("password", "username"),
    [
        pytest.param("li.na2026", "li.na2026", id="the same"),
        pytest.param("LI.NA2026", "li.na2026", id="in capitals"),
        pytest.param("ｌｉ．ｎａ２０２６", "li.na2026", id="in full width"),
    ],
)
def test_a_password_equal_to_the_username_in_any_case_or_width_is_refused(
    password: str, username: str
) -> None:
    assert password_problem(password, username=username) == "密码不能与用户名相同"


@pytest.mark.parametrize(
    "password", ["qq123456", "woaini1314", "Password1", "1qaz2wsx", "a12345678", "abcd1234"]
)
def test_a_password_on_the_common_list_is_refused_in_any_case(password: str) -> None:
    assert password_problem(password, username="li.na") == "该密码过于常见，容易被猜中，请换一个"


def test_the_common_list_holds_the_chinese_favourites_and_not_the_demo_password() -> None:
    for favourite in [
        "123456",
        "12345678",
        "111111",
        "123123",
        "a123456",
        "qq123456",
        "woaini1314",
        "5201314",
    ]:
        assert is_common_password(favourite)
    assert len(COMMON_PASSWORDS) >= 200
    # The README publishes it for the demo accounts `swtalent seed-demo` creates, which must keep working.
    assert password_problem(DEMO_PASSWORD, username="li.na") is None


async def _ticks_while(work: object) -> int:
    """How often another coroutine ran while `work` was awaited: 0 when `work` held the event loop."""
    ticks = 0
    done = False

    async def other_request() -> None:
        nonlocal ticks
        while not done:
            ticks += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(other_request())
    await work  # type: ignore[misc]
    done = True
    await task
    return ticks


async def test_hashing_a_password_lets_other_requests_run_meanwhile() -> None:
    assert await _ticks_while(hash_password_off_loop("abc12345")) > 0


async def test_verifying_a_password_lets_other_requests_run_meanwhile() -> None:
    assert await _ticks_while(verify_password_off_loop(STORED_PASSWORD, STORED)) > 0
    assert await verify_password_off_loop(STORED_PASSWORD, STORED)


async def test_a_coroutine_that_hashes_on_the_loop_is_caught_by_the_tick_count() -> None:
    # The measure itself can fail: scrypt called directly holds the loop and nothing else runs.
    async def on_the_loop() -> str:
        return hash_password("abc12345")

    assert await _ticks_while(on_the_loop()) == 0


async def test_the_hash_is_computed_in_a_worker_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real = passwords.hash_password

    def recording(password: str) -> str:
        threads.append(threading.current_thread())
        return real(password)

    monkeypatch.setattr(passwords, "hash_password", recording)
    stored = await hash_password_off_loop("abc12345")
    assert verify_password("abc12345", stored)
    assert threads
    assert threads[0] is not threading.main_thread()
