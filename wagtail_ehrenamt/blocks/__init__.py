"""StreamField blocks of wagtail_ehrenamt, for the package's pages and any page of a site."""

from .base import DocumentBlock, HeadingBlock, LinkBlock, content_blocks
from .directory import (
    ContactCardBlock,
    MunicipalityOfficesBlock,
    OfficeCardBlock,
    directory_blocks,
    office_body_blocks,
)

__all__ = [
    "ContactCardBlock",
    "DocumentBlock",
    "HeadingBlock",
    "LinkBlock",
    "MunicipalityOfficesBlock",
    "OfficeCardBlock",
    "content_blocks",
    "directory_blocks",
    "office_body_blocks",
]
