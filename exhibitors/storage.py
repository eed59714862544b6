from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files that must never have a public URL (CVs): served only by a view that checks
    who asks."""

    def url(self, name):
        raise ValueError("Private files have no public URL; use the portal's download view.")
