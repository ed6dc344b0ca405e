"""Files are read in a child process: results, the files' own errors and the ceilings."""
import json

import pytest

from facilitator import isolation
from facilitator.domain.diagnostic import FeedbackFileError
from facilitator.domain.roster import RosterFileError


def test_a_feedback_file_is_read_in_the_child_with_its_progress():
    data = ("score,comment\n" + "".join(f"{i % 11},avis {i}\n" for i in range(2500))).encode()
    seen = []
    result = isolation.run("feedback", data, {"filename": "a.csv", "mapping": None},
                           lambda done, total: seen.append((done, total)), always=True)
    assert len(result.responses) == 2500
    assert seen and seen[-1][0] == 2500


def test_the_files_own_errors_come_back_with_their_code():
    with pytest.raises(FeedbackFileError) as error:
        isolation.run("feedback", b'{"items": 3}', {"filename": "x.json", "mapping": None},
                      always=True)
    assert error.value.code == "bad_json" and error.value.message("fr")
    with pytest.raises(RosterFileError) as roster_error:
        isolation.run("roster", b"nom;ville\nA;B\n", {"existing_names": set()}, always=True)
    assert roster_error.value.code == "missing_columns"
    assert roster_error.value.params["missing"]


def test_a_file_that_needs_too_much_memory_is_stopped_not_the_server():
    # Half a million small objects: a few MB of JSON, well over 100 MB once parsed.
    data = json.dumps([{"score": 9, "comment": "x"}] * 500_000).encode()
    with pytest.raises(isolation.TooLarge):
        isolation.run("feedback", data, {"filename": "big.json", "mapping": None},
                      memory_mb=100)


def test_small_text_is_read_in_process_and_workbooks_never_are():
    assert not isolation.worth_a_child(b"score\n9\n")
    assert isolation.worth_a_child(b"PK\x03\x04" + b"x" * 10)
    assert isolation.worth_a_child(b"score\n" + b"9\n" * 40_000)


def test_an_open_file_goes_to_the_child_in_chunks_with_the_hub_given_back(monkeypatch):
    import io

    assert isolation._from_stream(io.BytesIO(b"score\n9\n")) == b"score\n9\n"
    monkeypatch.setattr(isolation, "CHUNK", 10_000)
    yields = []
    monkeypatch.setattr(isolation.time, "sleep", lambda seconds: yields.append(seconds))
    data = b"score;comment\n" + b"9;bien\n" * 20_000
    copy = isolation._from_stream(io.BytesIO(data))
    assert callable(copy)
    written = io.BytesIO()
    copy(written)
    assert written.getvalue() == data
    assert len(yields) >= (len(data) - isolation.IN_PROCESS_BYTES) // 10_000


def test_a_large_open_file_is_read_whole_in_the_child():
    import io

    data = b"score;comment\n" + b"9;bien\n" * 20_000
    result = isolation.run("feedback", io.BytesIO(data), {"filename": "a.csv", "mapping": None})
    assert len(result.responses) == 20_000
