"""Workspaces in the desktop app: the welcome and connect dialogs, the toolbar switcher and
the controller that swaps the window when the workspace changes."""

from .controller import NO_WORKSPACE_NOTICE, WorkspaceController
from .startup import initial_target, welcome_due
from .targets import DEMO, Target

__all__ = ["DEMO", "NO_WORKSPACE_NOTICE", "Target", "WorkspaceController", "initial_target", "welcome_due"]
