"""Workspaces in the desktop app: the welcome and connect dialogs, the toolbar switcher and
the controller that swaps the window when the workspace changes."""

from fastpix_viewer.ui.workspaces.controller import NO_WORKSPACE_NOTICE, WorkspaceController
from fastpix_viewer.ui.workspaces.startup import initial_target, welcome_due
from fastpix_viewer.ui.workspaces.targets import DEMO, Target

__all__ = ["DEMO", "NO_WORKSPACE_NOTICE", "Target", "WorkspaceController", "initial_target", "welcome_due"]
