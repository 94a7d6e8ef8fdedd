from enum import StrEnum

from sharepool.core.errors import DomainError


class NeighbourhoodErrorCode(StrEnum):
    NAME_REQUIRED = "name_required"
    NAME_TAKEN = "name_taken"
    ESTATE_NOT_FOUND = "estate_not_found"
    BUILDING_NOT_FOUND = "building_not_found"
    BUILDING_ALREADY_CONFIRMED = "building_already_confirmed"
    HOUSEHOLDS_INVALID = "households_invalid"
    ORGANISATION_NOT_FOUND = "organisation_not_found"
    ORGANISATION_DISSOLVED = "organisation_dissolved"
    MEMBERS_COUNT_INVALID = "members_count_invalid"
    FOUNDED_IN_FUTURE = "founded_in_future"
    COLLECTIVE_MEMBER_INVALID = "collective_member_invalid"
    COLLECTIVE_MEMBER_TAKEN = "collective_member_taken"
    FEDERATED_ORGANISATION_NOT_FOUND = "federated_organisation_not_found"
    EMPLOYER_INVALID = "employer_invalid"
    COLLECTIVE_KIND_INVALID = "collective_kind_invalid"
    REPORTED_IN_WITHOUT_PARTY = "reported_in_without_party"
    ROLE_NOT_ASSIGNABLE = "role_not_assignable"
    ROLE_UNCHANGED = "role_unchanged"
    CANNOT_CHANGE_OWN_ROLE = "cannot_change_own_role"
    BUILDINGS_REQUIRED = "buildings_required"
    NOT_A_BUILDING_HEAD = "not_a_building_head"
    REGISTER_UNREADABLE = "register_unreadable"  # issue 14: not a CSV in UTF-8 nor an XLSX file
    ALREADY_IN_FEDERATION = "already_in_federation"
    NAME_TAKEN_IN_FEDERATION = "name_taken_in_federation"


class NeighbourhoodError(DomainError):
    pass
