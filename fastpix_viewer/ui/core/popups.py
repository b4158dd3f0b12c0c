"""Menus that pop up from widgets inside the window, parented so Qt never warns.

The video surface is a native window, so its ancestors (the splitters) are native, and so
is every direct child of those (the list tabs, the details box). A QMenu takes its nearest
native ancestor's window as its transient parent; when that is a native *child* window Qt
prints "QWidgetWindow(…listTabsWindow) must be a top level window" on a real display
(the offscreen platform makes no native children, so tests there never saw it). A menu
parented to the top-level window gets that window as its transient parent instead.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QMenu, QWidget


def popup_menu(anchor: QWidget) -> QMenu:
    """A new menu for `anchor`, owned by `anchor`'s top-level window (delete it when done)."""
    return QMenu(anchor.window())


def rehome_menu(menu: QMenu, anchor: QWidget) -> QMenu:
    """Move a menu Qt built with `anchor` as parent (e.g. a line edit's standard menu) to
    `anchor`'s top-level window, keeping it a popup."""
    menu.setParent(anchor.window(), menu.windowFlags())
    return menu


def popup_below(menu: QMenu, anchor: QWidget) -> None:
    """Pop `menu` up below `anchor` (a tool button's own menu), owned by `anchor`'s top-level
    window first: QToolButton.setMenu() would show it with the button's native parent (the
    player's control bar: "playerControlsWindow must be a top level window")."""
    if menu.parentWidget() is not anchor.window():
        rehome_menu(menu, anchor)
    menu.popup(anchor.mapToGlobal(anchor.rect().bottomLeft()))


def use_top_level_context_menu(edit: QLineEdit) -> None:
    """Give `edit` its standard context menu (Undo, Cut, Copy, Paste…), parented as above."""
    edit.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        menu = rehome_menu(edit.createStandardContextMenu(), edit)
        menu.setObjectName("lineEditMenu")
        menu.exec(edit.mapToGlobal(pos))
        menu.deleteLater()

    edit.customContextMenuRequested.connect(show)


__all__ = ["popup_below", "popup_menu", "rehome_menu", "use_top_level_context_menu"]
