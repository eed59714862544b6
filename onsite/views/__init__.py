"""The day itself, one module a place: the reception desk (desk.py: arrivals, walk-ins),
the workshop doors (doors.py), the staff's dashboard (dashboard.py), and the contacts
exhibitors note at their stand (contacts.py).

Desk and doors: only staff with ``participants.check_in`` (the "Accueil" group); anonymous
visitors go to the login page, other users get a 403. A ticket code, scanned by the page
(camera or photo) or typed, is posted to a view that calls ``services.py`` and shows the
result; everything works without JavaScript (typed code, search by name).

Contacts: everything is scoped to the stands of the current edition held by the
organisations the user is a member of: another organisation's contacts are never read, and a
contact can only be recorded at one's own stand. The visitor's consent is checked by the
service.
"""
