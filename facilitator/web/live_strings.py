"""The interface strings of the live pages (phone, console, projector), translated in the
request's language and embedded as JSON: the scripts hold no user-facing text. Placeholders
are %(name)s, replaced in the browser by live-common.js `format()`."""
from __future__ import annotations

from flask_babel import gettext as _


def js_strings() -> dict[str, str]:
    """Every string the three live scripts (and their templates) show, by key."""
    return {**_common(), **_countdown(), **_errors(), **_phone(), **_notes(), **_console(),
            **_projector()}


def _common() -> dict[str, str]:
    return {
        "phase_reflection": _("Individual reflection"),
        "phase_sharing": _("Sharing"),
        "phase_discussion": _("Discussion"),
        "stage_ready": _("Not open yet"),
        "stage_lobby": _("Waiting to start"),
        "stage_round": _("Round in progress"),
        "stage_rotation": _("Change tables"),
        "stage_plenary": _("Plenary"),
        "stage_closed": _("Workshop over"),
        "round_of": _("Round %(number)s of %(total)s"),
        "table_number": _("Table %(number)s"),
        "table_number_name": _("Table %(number)s · %(name)s"),
        "host_name": _("Host: %(name)s"),
        "message_title": _("Message from the facilitator"),
        "dismiss": _("Dismiss"),
        "status_connected": _("Connected"),
        "status_connecting": _("Connecting…"),
        "status_offline": _("Offline: reconnecting…"),
    }


def _countdown() -> dict[str, str]:
    return {
        "time_left": _("Time left"),
        "paused": _("Paused"),
        "time_up": _("Time is up"),
        "announce_phase_start": _("%(phase)s has started: %(duration)s."),
        "minutes_one": _("1 minute"),
        "minutes_many": _("%(count)s minutes"),
        "seconds_many": _("%(count)s seconds"),
        "announce_one_minute": _("One minute left."),
        "announce_time_up": _("Time is up."),
        "announce_paused": _("The timer is paused."),
        "announce_resumed": _("The timer is running again."),
    }


def _errors() -> dict[str, str]:
    """One message per error code of the protocol (docs/realtime.md), for when the server's
    own message is missing, and for the failures that happen before the server answers."""
    return {
        "error_invalid": _("Something in the form is not valid."),
        "error_forbidden": _("You are not allowed to do this."),
        "error_not_joined": _("You have not joined this workshop yet."),
        "error_not_now": _("This is not possible at this stage of the workshop."),
        "error_not_found": _("This no longer exists."),
        "error_consolidated": _("The host has already used this note: it can no longer change."),
        "error_state": _("This does not fit the current state of the workshop."),
        "error_protocol": _("This page is out of date: reloading…"),
        "error_rate_limited": _("Too fast: wait a moment and try again."),
        "error_unavailable": _("The server is busy: nothing was lost, it will be retried."),
        "error_unknown_workshop": _("This workshop does not exist or is not open."),
        "error_timeout": _("No answer from the server. Check your connection and try again."),
        "error_offline": _("You are offline. Try again once reconnected."),
        "error_unknown": _("Something went wrong. Try again."),
    }


def _phone() -> dict[str, str]:
    return {
        "lobby_title": _("You're in!"),
        "lobby_wait": _("Wait for the facilitator: the first round will start soon."),
        "lobby_hello": _("Hello %(name)s"),
        "your_table": _("Your table"),
        "you_are_host": _("You host this table"),
        "host_role_hint": _("You stay at this table for every round and welcome each new group."),
        "no_table": _("No table yet: ask the facilitator."),
        "tablemates": _("At your table"),
        "question": _("Question"),
        "go_to_table": _("Go to table %(number)s"),
        "stay_at_table": _("Stay at table %(number)s"),
        "stay_host_hint": _("You are its host: welcome the newcomers."),
        "you_will_meet": _("You will meet"),
        "hosted_by": _("Hosted by %(name)s"),
        "next_round": _("Round %(number)s is next"),
        "got_it": _("I'm there"),
        "plenary_phone": _("Plenary: everyone gathers to hear what each table found."),
        "closed_phone": _("Thank you! The workshop is over."),
        "offline_notes": _("Offline: your notes are kept and will be sent"),
        "host_tools": _("Host tools"),
        "table_notes_title": _("Shared at your table"),
        "table_notes_empty": _("Nothing shared at your table yet."),
        "by_author": _("by %(name)s"),
    }


def _notes() -> dict[str, str]:
    return {
        "notes_title": _("My notes"),
        "note_label": _("Write a note"),
        "note_placeholder": _("An idea, a question, an example…"),
        "chars_count": _("%(count)s / %(max)s characters"),
        "chars_left": _("%(count)s characters left"),
        "save_note": _("Save"),
        "save_and_share": _("Save and share"),
        "update_note": _("Update"),
        "cancel": _("Cancel"),
        "share": _("Share"),
        "share_all": _("Share all my notes"),
        "edit": _("Edit"),
        "delete": _("Delete"),
        "confirm_delete": _("Delete this note?"),
        "share_when": _("You can share your notes during the sharing and discussion phases."),
        "no_notes": _("No notes yet for this round."),
        "earlier_rounds": _("My notes from earlier rounds"),
        "round_number": _("Round %(number)s"),
        "note_pending": _("Waiting for the connection"),
        "note_sending": _("Sending…"),
        "note_saved": _("Saved"),
        "note_shared": _("Shared with your table"),
        "note_consolidated": _("Used by the host"),
        "note_failed": _("Not sent: %(message)s"),
        "announce_saved": _("Note saved."),
        "announce_shared": _("Note shared with your table."),
        "announce_shared_many": _("%(count)s notes shared with your table."),
        "announce_deleted": _("Note deleted."),
        "announce_queued": _("Note kept on this phone: it will be sent once reconnected."),
        "saved_not_shared": _("Saved but not shared: sharing is closed at the moment."),
        "editing": _("Editing a note"),
    }


def _console() -> dict[str, str]:
    return {
        "cmd_start_round": _("Start round %(number)s"),
        "cmd_pause": _("Pause"),
        "cmd_resume": _("Resume"),
        "cmd_extend": _("+%(minutes)s min"),
        "cmd_extend_label": _("Add %(minutes)s minutes to this phase"),
        "cmd_skip": _("Next phase"),
        "cmd_back": _("Previous phase"),
        "cmd_rotate": _("Rotate now"),
        "cmd_plenary": _("Plenary"),
        "cmd_close": _("Close the workshop"),
        "confirm_rotate": _("End this round now and send everyone to their next table?"),
        "confirm_plenary": _("End the rounds and go to the plenary?"),
        "confirm_close": _("Close the workshop? Participants will no longer be able to write notes."),
        "next_question": _("Next question: %(question)s"),
        "board_title": _("Tables"),
        "roster_title": _("People"),
        "connected_of": _("%(connected)s connected of %(joined)s joined"),
        "shared_notes": _("%(count)s shared notes"),
        "no_host": _("No host"),
        "host_role": _("host"),
        "presence_connected": _("Connected"),
        "presence_joined": _("Joined, not connected"),
        "presence_not_joined": _("Not joined"),
        "presence_absent": _("Absent"),
        "col_name": _("Name"),
        "col_department": _("Department"),
        "col_table": _("Table"),
        "col_presence": _("Presence"),
        "col_actions": _("Actions"),
        "move_to": _("Move %(name)s to"),
        "move": _("Move"),
        "mark_absent": _("Mark absent"),
        "mark_present": _("Mark present"),
        "make_host": _("Make host"),
        "new_host_for": _("New host for table %(number)s"),
        "filter_people": _("Find a person"),
        "moved": _("%(name)s moved to table %(number)s."),
        "marked_absent": _("%(name)s marked absent."),
        "marked_present": _("%(name)s marked present."),
        "host_replaced": _("%(name)s now hosts table %(number)s."),
        "broadcast_label": _("Message to everyone"),
        "broadcast_send": _("Send"),
        "broadcast_clear": _("Clear the message"),
        "broadcast_sent": _("Message sent."),
        "broadcast_cleared": _("Message cleared."),
        "auto_advance_label": _("Go to the next phase when time is up"),
        "at_this_table": _("At this table"),
        "other_people": _("Others"),
        "choose_person": _("Choose a person"),
        "release": _("Free the name"),
        "release_hint": _("Lets this person join again from another phone."),
        "confirm_release": _("Free the name of %(name)s? The phone they joined with will be disconnected."),
        "board_round": _("Seating of round %(number)s"),
    }


def _projector() -> dict[str, str]:
    return {
        "scan_to_join": _("Scan to join"),
        "or_open": _("or open %(url)s"),
        "join_code": _("Code"),
        "joined_count": _("%(count)s joined"),
        "change_tables": _("Change tables!"),
        "hosts_stay": _("Hosts stay."),
        "plenary_title": _("Plenary"),
        "closed_title": _("Thank you!"),
        "fullscreen": _("Full screen"),
    }
