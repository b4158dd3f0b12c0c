"""Fixtures for the item-model tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from ui_models_fakes import media_columns, media_search_text

from fastpix_viewer.ui.lists.record_table import RecordTableModel


@pytest.fixture
def new_media_model() -> Callable[[], RecordTableModel]:
    def factory() -> RecordTableModel:
        return RecordTableModel(
            media_columns(),
            row_id=lambda m: m.id,
            status=lambda m: m.status,
            search_text=media_search_text,
        )

    return factory
