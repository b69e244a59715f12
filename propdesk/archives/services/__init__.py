from .records import (
    record_attach,
    record_create,
    record_file_download,
    record_update,
    record_viewed,
)

__all__ = [
    "record_attach",
    "record_create",
    "record_file_download",
    "record_update",
    "record_viewed",
]
