"""Files that arrive with a mutation (GraphQL multipart request spec), read in one place for every
import: rosters, results lists, and the imports to come."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload


async def read_upload(file: Upload) -> bytes:
    """The whole file's bytes; the body limit (api/middleware.py) has already bounded its size.

    The file is closed here, and again harmlessly when the request ends (api/app.py)."""
    # Under Starlette, strawberry's `Upload` is Starlette's UploadFile.
    upload: UploadFile = file  # type: ignore[assignment]
    try:
        return await upload.read()
    finally:
        await upload.close()
