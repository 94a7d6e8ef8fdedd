"""Admission: approving or rejecting an applicant (issue 1).

Not a Django app (it has no tables: it changes members' rows). It sits above members and recognition
because an approval gives the member number and grants the 1,000th member's milestone in the same
transaction; members itself stays at the bottom of the tenant apps, below everything that names a member
(issue 11).
"""
