"""Who may use the directory; access helpers per object build on core.access."""

from propdesk.core.exceptions import NotAllowed

from .roles import DIRECTORY_EDITORS, DIRECTORY_READERS, REVEALERS, SALARY_READERS


def require_directory_reader(user) -> None:
    if not user.is_active or not user.has_any_role(DIRECTORY_READERS):
        raise NotAllowed()


def require_directory_editor(user) -> None:
    if user.is_read_only or not user.has_any_role(DIRECTORY_EDITORS):
        raise NotAllowed()


def can_reveal(user) -> bool:
    return not user.is_read_only and user.has_any_role(REVEALERS)


def can_edit_directory(user) -> bool:
    return not user.is_read_only and user.has_any_role(DIRECTORY_EDITORS)


def can_see_salary(user) -> bool:
    return user.has_any_role(SALARY_READERS)
