"""A (Field, Value) tree over any JSON value, with secrets masked until revealed.

Shows every field the API returned, including ones the app does not know.
Children are created lazily, so a 200-level document or a list of thousands of
items costs nothing until expanded. Display text is one line and truncated; the
copy helpers always return the full value.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from fastpix_viewer.ui.core.plain_text import plain_tooltip, single_line

MASK = "••••••••"

# Field names whose values are credentials: compared case-insensitively at any
# depth (simulcastResponses[*].streamKey, srtPlaybackResponse.srtPlaybackSecret, …).
SECRET_FIELDS = frozenset(
    name.casefold()
    for name in ("streamKey", "srtSecret", "srtPlaybackSecret", "privateKey", "secretKey", "token")
)

FIELD_COLUMN, VALUE_COLUMN = 0, 1

RawValueRole = Qt.ItemDataRole.UserRole + 1
"""The node's Python value (dict, list or scalar), unmasked."""
IsSecretRole = Qt.ItemDataRole.UserRole + 2
"""True for a secret field (whether or not it is revealed)."""
IsMaskedRole = Qt.ItemDataRole.UserRole + 3
"""True while a secret field's value is hidden."""
PathRole = Qt.ItemDataRole.UserRole + 4
"""Tuple of keys / list indices from the document root."""

ModelIndex = QModelIndex | QPersistentModelIndex
PathKey = str | int


def is_secret_field(name: object) -> bool:
    return isinstance(name, str) and name.casefold() in SECRET_FIELDS


def scalar_text(value: Any) -> str:
    """JSON-ish text of a scalar: null, true/false, numbers, strings as they are."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return value
    return str(value)


def _summary(value: Any) -> str:
    n = len(value)
    if isinstance(value, dict):
        return "{}" if n == 0 else f"{{{n} field{'s' if n != 1 else ''}}}"
    return "[]" if n == 0 else f"[{n} item{'s' if n != 1 else ''}]"


def _is_container(value: Any) -> bool:
    return isinstance(value, dict | list | tuple)


class _Node:
    __slots__ = ("_children", "key", "label", "parent", "revealed", "row", "secret", "value")

    def __init__(
        self, key: PathKey | None, label: str, value: Any, parent: _Node | None, row: int
    ) -> None:
        self.key = key
        self.label = label
        self.value = value
        self.parent = parent
        self.row = row
        # A container under a secret name hides everything inside it too.
        self.secret = (parent is not None and parent.secret) or is_secret_field(key)
        # Fields created after their secret parent was revealed start revealed.
        self.revealed = parent is not None and parent.secret and parent.revealed
        self._children: list[_Node] | None = None

    def child_count(self) -> int:
        value = self.value
        return len(value) if _is_container(value) else 0

    def children(self) -> list[_Node]:
        if self._children is None:
            value = self.value
            if isinstance(value, dict):
                self._children = [
                    _Node(str(k), single_line(str(k)), v, self, i)
                    for i, (k, v) in enumerate(value.items())
                ]
            elif isinstance(value, list | tuple):
                self._children = [_Node(i, f"[{i}]", v, self, i) for i, v in enumerate(value)]
            else:
                self._children = []
        return self._children


class JsonTreeModel(QAbstractItemModel):
    """Two columns (Field, Value) over one JSON document.

    With a `title`, the document hangs under a single top-level row carrying
    the title; paths (`index_for_path`, PathRole) always start at the document.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = _Node(None, "", {}, None, 0)
        self._doc: _Node = self._root
        self._reveal_all = False

    # ---- document -------------------------------------------------------------------

    def set_document(self, json_obj: Any, title: str | None = None) -> None:
        self.beginResetModel()
        self._reveal_all = False
        if title is not None:
            self._root = _Node(None, "", [json_obj], None, 0)
            self._doc = self._root.children()[0]
            self._doc.label = single_line(title)
            self._doc.key = None
        elif _is_container(json_obj):
            self._root = _Node(None, "", json_obj, None, 0)
            self._doc = self._root
        else:
            # A bare scalar still gets a row to show it in.
            self._root = _Node(None, "", [json_obj], None, 0)
            self._doc = self._root.children()[0]
            self._doc.label = "(value)"
            self._doc.key = None
        self.endResetModel()

    def clear(self) -> None:
        self.set_document({})

    def document(self) -> Any:
        return self._doc.value

    # ---- lookups and copying --------------------------------------------------------

    def index_for_path(self, path: Sequence[PathKey], column: int = 0) -> QModelIndex:
        """Index of the field at `path` (keys and list indices from the document
        root), or an invalid index."""
        node = self._doc
        for key in path:
            match = None
            for child in node.children():
                if child.key == key:
                    match = child
                    break
            if match is None:
                return QModelIndex()
            node = match
        if node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def path(self, index: ModelIndex) -> tuple[PathKey, ...]:
        node = self._node(index)
        keys: list[PathKey] = []
        while node is not None and node is not self._doc and node is not self._root:
            assert node.key is not None
            keys.append(node.key)
            node = node.parent
        return tuple(reversed(keys))

    def raw_value(self, index: ModelIndex) -> Any:
        return self._node(index).value

    def value_text(self, index: ModelIndex) -> str:
        """Full text for "Copy value": scalars as shown (unmasked, untruncated),
        containers as pretty JSON."""
        value = self._node(index).value
        if _is_container(value):
            return self.json_text(index)
        return scalar_text(value)

    def json_text(self, index: ModelIndex) -> str:
        """The field's value as pretty JSON, unmasked ("Copy as JSON")."""
        return json.dumps(self._node(index).value, indent=2, ensure_ascii=False, default=str)

    # ---- secrets --------------------------------------------------------------------

    def is_secret(self, index: ModelIndex) -> bool:
        return index.isValid() and self._node(index).secret

    def is_masked(self, index: ModelIndex) -> bool:
        if not index.isValid():
            return False
        node = self._node(index)
        return self._masked(node)

    def set_revealed(self, index: ModelIndex, revealed: bool) -> None:
        """Show or hide one secret field (and any secret fields inside it)."""
        if not index.isValid():
            return
        node = self._node(index)
        if not node.secret:
            return
        stack = [node]
        while stack:
            current = stack.pop()
            current.revealed = revealed
            self._emit_value_changed(current)
            if current._children is not None:
                stack.extend(current._children)

    def set_reveal_all(self, revealed: bool) -> None:
        """Reveal or hide every secret field in the document."""
        self._reveal_all = revealed
        stack = list(self._root._children or [])
        while stack:
            node = stack.pop()
            if node.secret:
                node.revealed = revealed
                self._emit_value_changed(node)
            if node._children is not None:
                stack.extend(node._children)

    def reveal_all(self) -> bool:
        return self._reveal_all

    def revealed_paths(self) -> list[tuple[PathKey, ...]]:
        """Paths of secret fields revealed one by one (not via reveal-all)."""
        found: list[tuple[PathKey, ...]] = []
        stack = list(self._root._children or [])
        while stack:
            node = stack.pop()
            if node.secret and node.revealed and not (node.parent and node.parent.secret):
                found.append(self.path(self.createIndex(node.row, 0, node)))
            if node._children is not None:
                stack.extend(node._children)
        return found

    def has_secrets(self) -> bool:
        """Whether the document contains any secret field (walks the data, not nodes)."""
        stack: list[Any] = [self._doc.value]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                for k, v in value.items():
                    if is_secret_field(k) and _has_scalar(v):
                        return True
                    stack.append(v)
            elif isinstance(value, list | tuple):
                stack.extend(value)
        return False

    # ---- Qt model interface ---------------------------------------------------------

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column not in (FIELD_COLUMN, VALUE_COLUMN) or row < 0:
            return QModelIndex()
        node = self._node(parent) if parent.isValid() else self._root
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        if row >= node.child_count():
            return QModelIndex()
        return self.createIndex(row, column, node.children()[row])

    def parent(self, index: ModelIndex | None = None) -> Any:  # type: ignore[override]
        if index is None:  # QObject.parent()
            return QObject.parent(self)
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return self._root.child_count()
        if parent.column() != 0:
            return 0
        return self._node(parent).child_count()

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 2

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return {FIELD_COLUMN: "Field", VALUE_COLUMN: "Value"}.get(section)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == FIELD_COLUMN:
                return node.label
            return self._value_display(node)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == FIELD_COLUMN:
                path = self.path(index)
                return plain_tooltip(_path_text(path) if path else node.label)
            if _is_container(node.value) or self._masked(node):
                return None
            return plain_tooltip(scalar_text(node.value))
        if role == RawValueRole:
            return node.value
        if role == IsSecretRole:
            return node.secret
        if role == IsMaskedRole:
            return self._masked(node)
        if role == PathRole:
            return self.path(index)
        return None

    # ---- internals ------------------------------------------------------------------

    def _node(self, index: ModelIndex) -> _Node:
        if not index.isValid():
            return self._root
        node = index.internalPointer()
        assert isinstance(node, _Node)
        return node

    def _masked(self, node: _Node) -> bool:
        return (
            node.secret
            and not (node.revealed or self._reveal_all)
            and not _is_container(node.value)
            and node.value is not None
        )

    def _value_display(self, node: _Node) -> str:
        value = node.value
        if _is_container(value):
            return _summary(value)
        if self._masked(node):
            return MASK
        return single_line(scalar_text(value))

    def _emit_value_changed(self, node: _Node) -> None:
        if node is self._root:
            return
        index = self.createIndex(node.row, VALUE_COLUMN, node)
        self.dataChanged.emit(index, index)


def _has_scalar(value: Any) -> bool:
    if _is_container(value):
        items = value.values() if isinstance(value, dict) else value
        return any(_has_scalar(v) for v in items)
    return value is not None


def _path_text(path: Sequence[PathKey]) -> str:
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text
