"""The interface strings of the live pages (phone, console, projector), translated in the
request's language and embedded as JSON: the scripts hold no user-facing text. Placeholders
are %(name)s, replaced in the browser by text.js `format()`."""
from __future__ import annotations

import json

from flask_babel import gettext as _

from facilitator.domain import plenary as rules


def js_strings() -> dict[str, str]:
    """Every string the three live scripts (and their templates) show, by key."""
    return {**_common(), **_countdown(), **_errors(), **_phone(), **_notes(), **_console(),
            **_projector(), **_host(), **_handover(), **_plenary(), **_choices(), **_rules(),
            **_synthesizing(), **_photos(), **_note_themes(), **_live_room()}


def _note_themes() -> dict[str, str]:
    """The diagnostic's engine on notes: a host's suggested groups, the console's themes."""
    return {
        "suggest_groups": _("Suggest groups"),
        "suggest_groups_hint": _("Groups of the notes not grouped yet, each with a short title: "
                                 "accept, edit or ignore them."),
        "suggest_groups_none": _("No group to suggest: too few notes say the same thing."),
        "suggested_title_label": _("Title of the suggested group"),
        "suggested_notes": _("%(count)s notes"),
        "accept_group": _("Accept"),
        "ignore_group": _("Ignore"),
        "live_themes_title": _("Themes emerging across tables"),
        "live_themes_empty": _("No shared theme yet in this round."),
        "live_theme_meta": _("%(notes)s notes · %(tables)s tables"),
    }


def _live_room() -> dict[str, str]:
    """Between rounds, a move, the vote first, the count of voters (issue 14)."""
    return {
        "waiting_for_round": _("Waiting for round %(number)s"),
        "moved_by_facilitator": _("The facilitator moved you"),
        "voted_count": _("%(voters)s of %(people)s have voted"),
        "see_presenting": _("See what table %(number)s presents"),
        "see_plenary": _("See the tables' results"),
        "back_to_vote": _("Back to the vote"),
    }


def _photos() -> dict[str, str]:
    """Tablecloth photos: the host's tray on the phone, the console's thumbnails, the plenary."""
    return {
        "photos_title": _("Photos of the tablecloth"),
        "photos_hint": _("The tablecloth or the flip chart, for the plenary and the report."),
        "photo_add": _("Add a photo"),
        "photo_caption_label": _("Caption (optional)"),
        "photo_caption_placeholder": _("What the photo shows"),
        "photo_count": _("%(count)s of %(max)s photos"),
        "photos_empty": _("No photo yet for this round."),
        "photo_preparing": _("Preparing the photo…"),
        "photo_sending": _("Sending the photo…"),
        "photo_sent": _("Photo added."),
        "photo_failed": _("The photo was not sent: %(message)s"),
        "photo_network": _("the connection dropped"),
        "photo_retry": _("Try again"),
        "photo_dismiss": _("Give up"),
        "photo_full": _("This table already has %(max)s photos for this round: delete one first."),
        "photo_delete": _("Delete"),
        "photo_delete_named": _("Delete the photo: %(caption)s"),
        "photo_confirm_delete": _("Delete this photo?"),
        "photo_deleted": _("Photo deleted."),
        "photo_open": _("Open the photo: %(caption)s"),
        "photo_untitled": _("Photo of table %(number)s"),
    }


def _synthesizing() -> dict[str, str]:
    """The synthesizing round: what each phone heard before, what the plenary opens with."""
    return {
        "synthesizing_round": _("Synthesizing round"),
        "synthesizing_hint": _("Connect what the tables heard: which ideas meet, what is missing?"),
        "heard_title": _("What you heard"),
        "heard_card": _("Round %(round)s · table %(table)s"),
        "heard_nothing": _("Nothing was written down at this table."),
        "heard_empty": _("No synthesis from your earlier tables yet."),
        "emerging_title": _("What is emerging"),
        "emerging_tag": _("Emerging"),
    }


def _rules() -> dict[str, str]:
    """Not words but facts the scripts need (channels, levels, lengths), defined once in
    facilitator/domain/plenary.py. They ride with the strings because the page config is
    built elsewhere; each value is a JSON text."""
    return {"rules_synthesis": json.dumps({
        "channels": list(rules.CHANNELS), "levels": list(rules.LEVELS),
        "horizons": list(rules.HORIZONS), "solution_max": rules.SOLUTION_FIELD_MAX,
        "key_point_max": rules.KEY_POINT_MAX, "cluster_title_max": rules.CLUSTER_TITLE_MAX})}


def _choices() -> dict[str, str]:
    """Labels of the fixed choices: solution channels, impact/effort levels, horizons."""
    labels = {
        # The channels read as in the deliverables: one list of names, in the domain.
        **{f"channel_{channel}": _(name) for channel, name in rules.CHANNEL_NAMES.items()},
        "level_low": _("Low"),
        "level_medium": _("Medium"),
        "level_high": _("High"),
        "horizon_short": _("Short term"),
        "horizon_medium": _("Medium term"),
        "horizon_long": _("Long term"),
    }
    wanted = ({f"channel_{c}" for c in rules.CHANNELS} | {f"level_{v}" for v in rules.LEVELS}
              | {f"horizon_{h}" for h in rules.HORIZONS})
    assert wanted <= labels.keys(), f"labels missing for {sorted(wanted - labels.keys())}"
    return labels


def _host() -> dict[str, str]:
    return {
        "host_notes_title": _("Your table's notes"),
        "host_notes_hint": _("Tap notes to select them, then group them. Star the key ones."),
        "held_title": _("Waiting for your review"),
        "held_hint": _("The table sees these notes once you let them through."),
        "let_through": _("Let through"),
        "send_back": _("Send back"),
        "send_back_label": _("Send this note back to its author"),
        "not_grouped": _("Not grouped"),
        "select_note": _("Select this note"),
        "selected_count": _("%(count)s selected"),
        "group_title_label": _("Title of the new group"),
        "group_title_placeholder": _("e.g. Waiting times"),
        "group": _("Group"),
        "move_selected_to": _("Move the selection to"),
        "clear_selection": _("Clear"),
        "cluster_title_label": _("Title of this group"),
        "cluster_count": _("%(count)s notes"),
        "ungroup": _("Ungroup"),
        "confirm_ungroup": _("Ungroup these notes? They stay, outside any group."),
        "star": _("Star"),
        "unstar": _("Unstar"),
        "starred": _("Key note"),
        "note_menu": _("More"),
        "note_menu_label": _("More actions for this note"),
        "move_to_group": _("Move to group"),
        "no_group": _("No group"),
        "duplicate_of": _("Duplicate of"),
        "not_duplicate": _("Not a duplicate"),
        "duplicate_tag": _("Duplicate of “%(text)s”"),
        "duplicates_count": _("Duplicates: %(count)s"),
        "as_key_point": _("Make it a key point"),
        "synthesis_title": _("Synthesis of this round"),
        "key_points_title": _("Key points"),
        "key_point_label": _("Key point %(number)s"),
        "key_point_new": _("A new key point"),
        "key_point_placeholder": _("What the group agrees on, in one sentence"),
        "add": _("Add"),
        "remove": _("Remove"),
        "confirm_remove_key_point": _("Remove this key point?"),
        "no_key_points": _("No key point yet."),
        "solutions_title": _("Proposed solutions"),
        "solution_number": _("Solution %(number)s"),
        "solution_new": _("Title of a new solution"),
        "solution_placeholder": _("e.g. A callback within two hours"),
        "solution_from_selection": _("from the %(count)s selected notes"),
        "no_solutions": _("No solution yet."),
        "confirm_remove_solution": _("Remove this solution?"),
        "field_title": _("Title"),
        "field_description": _("Description"),
        "field_irritant": _("Irritant addressed"),
        "field_stage": _("Customer journey stage"),
        "field_work_stream": _("Work stream"),
        "field_channel": _("Channel"),
        "field_note_ids": _("From the notes"),
        "choose": _("Choose…"),
        "save_saving": _("Saving…"),
        "save_saved": _("Saved"),
        "save_queued": _("Not saved yet: will be sent once reconnected"),
        "save_failed": _("Not saved: %(message)s"),
        "retry": _("Retry"),
        "edited_by": _("Edited by %(name)s meanwhile"),
        "edited_elsewhere": _("Edited on your other device meanwhile"),
        "take_theirs": _("Take theirs"),
        "keep_mine": _("Keep mine"),
        "their_version": _("Their version: “%(text)s”"),
        "needs_connection": _("You are offline: this needs the connection."),
        "help_edit": _("Help edit"),
        "close_editor": _("Close"),
        "syntheses_title": _("Syntheses"),
        "synthesis_of_table": _("Synthesis of table %(number)s, round %(round)s"),
        "counts_notes": _("%(count)s notes"),
        "counts_clusters": _("%(count)s groups"),
        "counts_key_points": _("%(count)s key points"),
        "counts_solutions": _("%(count)s solutions"),
    }


def _handover() -> dict[str, str]:
    return {
        "handover_host_title": _("Restate to newcomers"),
        "handover_host_hint": _("Welcome the new group: say in a minute what this table found before."),
        "handover_guest_title": _("What this table found before you"),
        "handover_theme": _("Theme: %(theme)s"),
        "handover_empty": _("Nothing was written down in the earlier rounds: ask the host."),
        "handover_reopen": _("What this table found before"),
        "round_question": _("Round %(number)s: %(question)s"),
        "solutions_short": _("Solutions"),
    }


def _plenary() -> dict[str, str]:
    return {
        "presenting": _("Table %(number)s presents"),
        "presented_by": _("Presented by %(name)s"),
        "no_presenter": _("No host"),
        "plenary_overview": _("Every table presents its findings, then everyone votes."),
        "vote_title": _("Vote for the solutions"),
        "vote_rules": _("%(dots)s dots each, at most %(max)s on one solution."),
        "dots_left": _("%(count)s dots left"),
        "dot_left": _("1 dot left"),
        "no_dots_left": _("No dots left: take one back to move it."),
        "vote_add": _("Add a dot to %(title)s"),
        "vote_remove": _("Take a dot back from %(title)s"),
        "vote_count": _("%(count)s of your dots"),
        "votes_closed": _("Voting is closed."),
        "votes_not_open": _("Voting opens after the presentations."),
        "votes_count": _("%(count)s dots"),
        "from_table": _("Table %(number)s"),
        "ranking_title": _("Ranking"),
        "no_solutions_yet": _("No solution was proposed."),
        "vote_saved": _("Vote saved: %(left)s"),
        "plenary_controls": _("Plenary"),
        "presentation_title": _("Presentation"),
        "vote_on_phones": _("Vote on your phone: %(dots)s dots each."),
        "show_overview": _("Overview"),
        "next_table": _("Next table"),
        "presenting_now": _("On the projector: %(what)s"),
        "overview_label": _("the overview"),
        "voting_title": _("Voting"),
        "open_votes": _("Open voting"),
        "close_votes": _("Close voting"),
        "reveal": _("Reveal the results"),
        "hide_results": _("Hide the results"),
        "rules_dots": _("Dots each"),
        "rules_max": _("At most on one solution"),
        "set_rules": _("Set the rules"),
        "rules_locked": _("Votes have been cast: the rules are fixed."),
        "rules_saved": _("Rules saved."),
        "votes_state_open": _("Voting is open"),
        "votes_state_closed": _("Voting is closed"),
        "results_shown": _("Results shown to everyone"),
        "results_hidden": _("Results hidden from participants"),
        "col_rank": _("#"),
        "col_solution": _("Solution"),
        "col_votes": _("Dots"),
        "col_impact": _("Impact"),
        "col_effort": _("Effort"),
        "col_owner": _("Owner"),
        "col_horizon": _("Horizon"),
        "col_merge": _("Duplicate of"),
        "merge_into": _("Merge %(title)s into"),
        "confirm_merge": _("Merge “%(source)s” into “%(target)s”? Its dots move with it."),
        "merged": _("Merged into “%(title)s”."),
        "qualified": _("Saved."),
        "table_round": _("Table %(table)s · round %(round)s"),
        "total_dots": _("%(count)s dots placed"),
    }


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
        # My route (static/js/route.js): every round's table, from `me.route`
        "route_title": _("My route"),
        "route_round": _("Round %(number)s"),
        "route_you_host": _("You host this table and stay at it"),
        "route_late": _("Not there yet"),
        "route_left": _("Not there: you leave before this round"),
        "route_pending": _("To be announced"),
        "route_now": _("now"),
        "route_played": _("played"),
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
        "note_held": _("Waiting for the host's review"),
        "note_returned": _("The host sent a note back to you: it is private again, edit it or share it later."),
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
        "slides_title": _("On the projector before round 1"),
        "slides_hint": _("Set the context while people join: the join code, the purpose, the diagnostic's key figures, the café etiquette."),
        # Without imported feedback there is no key-figures slide to mention.
        "slides_hint_no_figures": _("Set the context while people join: the join code, the purpose, the café etiquette."),
        "slide_join": _("Join code"),
        "slide_purpose": _("Purpose"),
        "slide_figures": _("Key figures"),
        "slide_etiquette": _("Café etiquette"),
        "nps_label": _("NPS, ± %(margin)s points, %(count)s responses"),
        "top_irritants": _("What irritates"),
        "top_praise": _("What is praised"),
        "held_notes": _("%(count)s awaiting review"),
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
        "claim_approve": _("New device: approve"),
        "claim_refuse": _("Refuse"),
        "confirm_claim": _("Give the name of %(name)s to the new device? The first device will be disconnected."),
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
