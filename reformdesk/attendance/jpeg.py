"""Tiny valid JPEG images for the simulator, the demo and the tests, without an image library.

A fixed 8×8 grey baseline JPEG (made once with Pillow); a comment segment carrying a label
makes each photo distinct while any JPEG reader still opens it.
"""

from __future__ import annotations

import base64

_GREY_8X8 = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1R"
    "V19iZ2hnPk1xeXBkeFxlZ2P/wAALCAAIAAgBAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgED"
    "AwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RF"
    "RkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJ"
    "ytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/9oACAEBAAA/ACv/2Q=="
)


def tiny_jpeg(label: str = "") -> bytes:
    """A valid JPEG; ``label`` goes into a COM segment right after SOI."""
    if not label:
        return _GREY_8X8
    comment = label.encode("utf-8")[:200]
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return _GREY_8X8[:2] + segment + _GREY_8X8[2:]
