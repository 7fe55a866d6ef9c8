"""The web app (issue 5): server-rendered pages and their JSON twins over the store. See :mod:`faultline.web.app`."""

from __future__ import annotations

__all__ = ["create_app"]


def create_app(*args, **kwargs):
    from faultline.web.app import create_app as create

    return create(*args, **kwargs)
