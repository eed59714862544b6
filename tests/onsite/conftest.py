# The staff of the day are the roles' accounts: the same fixture as the participants' tests.
from ..participants.conftest import role_user  # noqa: F401
