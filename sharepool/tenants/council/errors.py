from enum import StrEnum

from sharepool.core.errors import DomainError


class CouncilErrorCode(StrEnum):
    COUNCIL_NOT_FOUND = "council_not_found"
    SESSION_NOT_FOUND = "session_not_found"
    MOTION_NOT_FOUND = "motion_not_found"
    SPEAKER_NOT_FOUND = "speaker_not_found"
    NOT_PERMITTED = "not_permitted"
    NOT_A_VOTING_MEMBER = "not_a_voting_member"
    TITLE_REQUIRED = "title_required"
    TEXT_REQUIRED = "text_required"
    RESEARCH_REQUIRED = "research_required"
    TIME_INVALID = "time_invalid"
    DATE_INVALID = "date_invalid"
    WRONG_STATE = "wrong_state"
    SESSION_NOT_OPEN = "session_not_open"
    SESSION_HAS_BUSINESS = "session_has_business"
    ALREADY_CHECKED_IN = "already_checked_in"
    NOT_PRESENT = "not_present"
    QUORUM_NOT_PRESENT = "quorum_not_present"
    CANNOT_SECOND_OWN_MOTION = "cannot_second_own_motion"
    ALREADY_SECONDED = "already_seconded"
    AMENDMENT_TOO_DEEP = "amendment_too_deep"
    AMENDMENT_PENDING = "amendment_pending"
    PARENT_NOT_PENDING = "parent_not_pending"
    ALREADY_ON_SPEAKERS_LIST = "already_on_speakers_list"
    SPEAKER_OUT_OF_TURN = "speaker_out_of_turn"
    SOMEONE_IS_SPEAKING = "someone_is_speaking"
    DEBATE_NOT_CLOSED = "debate_not_closed"
    COUNTS_INVALID = "counts_invalid"
    COUNTS_REQUIRED = "counts_required"
    VOTE_NOT_OPEN = "vote_not_open"
    ALREADY_VOTED = "already_voted"
    CHOICE_REQUIRED = "choice_required"
    MINUTES_NOT_FOUND = "minutes_not_found"
    MINUTES_ALREADY_APPROVED = "minutes_already_approved"
    MINUTES_OF_A_LATER_SESSION = "minutes_of_a_later_session"
    PROGRESS_INVALID = "progress_invalid"
    BUILDING_NOT_CONCERNED = "building_not_concerned"
    EXECUTION_UNFINISHED = "execution_unfinished"
    REPORT_REQUIRED = "report_required"


class CouncilError(DomainError):
    pass
