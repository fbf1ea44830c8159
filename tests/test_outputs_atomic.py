"""Outputs are one set (issue 11): written whole or not at all, with the permissions the
umask gives, and whatever a failed or killed run leaves is cleaned by the next run."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import CONTOH, KERJASAMA

import mcda_kerjasama.report.files as files
from mcda_kerjasama.cli import main
from mcda_kerjasama.errors import InputError
from mcda_kerjasama.report import OWN_FILES, write_outputs

ORDER = ["hasil.json", "daftar_prioritas.csv", "daftar_prioritas.xlsx", "laporan.html"]
CHEAPER = ["--set", "constraints.budget=4e9"]  # a run whose files differ from contoh's


@pytest.fixture(scope="module")
def result():  # type: ignore[no-untyped-def]
    from mcda_kerjasama import load_scenario, run

    return run(load_scenario(CONTOH))


def tree(root: Path) -> dict[str, bytes | str]:
    """Everything under ``root``: path -> bytes (files), "dir" or "link -> target"."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            found[key] = f"link -> {os.readlink(path)}"
        elif path.is_dir():
            found[key] = "dir"
        else:
            found[key] = path.read_bytes()
    return found


def consistent(out: Path) -> bool:
    """Every output has the SHA-256 its manifest records (one whole set)."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return all(
        hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
        for name, digest in manifest["outputs"].items()
    )


def disk_full_at(call: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the ``call``-th file write stop halfway with ENOSPC, as a full disk does."""
    real = files._write_all
    calls = iter(range(1, 1000))

    def write(fd: int, data: bytes) -> None:
        if next(calls) == call:
            real(fd, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd, data)

    monkeypatch.setattr(files, "_write_all", write)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "the disk is full: {file} could not be written, so nothing in the folder {out} "
            "was changed; free some disk space and run again",
        ),
        (
            "id",
            "disk penuh: {file} tidak dapat ditulis, jadi tidak ada yang diubah di folder "
            "{out}; kosongkan ruang disk lalu jalankan lagi",
        ),
    ],
)
def test_disk_full_leaves_the_previous_set_byte_identical(
    runner, tmp_path, monkeypatch, lang, said
):
    out = tmp_path / "out"
    assert runner.invoke(main, ["run", str(CONTOH), "-o", str(out)]).exit_code == 0
    before = tree(tmp_path)
    disk_full_at(3, monkeypatch)  # the workbook, after hasil.json and the CSV
    failed = runner.invoke(
        main, ["run", str(CONTOH), "-o", str(out), *CHEAPER, "--lang", lang, "--format", "json"]
    )
    assert failed.exit_code == 1
    assert said.format(file=out / "daftar_prioritas.xlsx", out=out) in failed.stderr
    assert failed.stdout == ""  # no JSON of a result that was not written
    assert "Traceback" not in failed.output
    assert tree(tmp_path) == before  # same bytes, no staging folder, no temporary file


def test_disk_full_into_a_new_folder_creates_nothing(runner, tmp_path, monkeypatch):
    disk_full_at(1, monkeypatch)
    out = tmp_path / "a" / "b" / "out"
    failed = runner.invoke(main, ["run", str(CONTOH), "-o", str(out), "--lang", "en"])
    assert failed.exit_code == 1
    assert f"{out / 'hasil.json'} could not be written" in failed.stderr
    assert list(tmp_path.iterdir()) == []  # not even the parents it would have made


def test_disk_full_with_force_keeps_the_set_and_the_foreign_files(runner, tmp_path, monkeypatch):
    out = tmp_path / "out"
    (out / "arsip").mkdir(parents=True)
    (out / "arsip" / "2025.csv").write_bytes(b"old list")
    (out / "catatan.docx").write_bytes(b"mine")
    (out / ".hasil.json.backup01").write_bytes(b"my own backup")  # looks like a temp name
    (out / ".hasil.json.backup01").chmod(0o644)
    run = ["run", str(CONTOH), "-o", str(out), "--force"]
    assert runner.invoke(main, run).exit_code == 0
    before = tree(tmp_path)
    disk_full_at(5, monkeypatch)  # the manifest, the last file
    assert runner.invoke(main, [*run, *CHEAPER]).exit_code == 1
    assert tree(tmp_path) == before


def test_a_full_disk_for_a_single_file_keeps_it(tmp_path, monkeypatch):
    target = tmp_path / "sensitivitas.json"
    files.write_atomic(target, b"previous")
    disk_full_at(1, monkeypatch)
    with pytest.raises(InputError) as raised:
        files.write_atomic(target, b"next" * 1000)
    assert raised.value.problems[0].code == "output_disk_full"
    assert str(target) in raised.value.render("en")
    assert [p.name for p in tmp_path.iterdir()] == ["sensitivitas.json"]
    assert target.read_bytes() == b"previous"


def test_a_write_error_other_than_a_full_disk_is_named_too(tmp_path, monkeypatch):
    def denied(fd: int, data: bytes) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(files, "_write_all", denied)
    with pytest.raises(InputError) as raised:
        files.write_set(tmp_path / "out", {"a.csv": b"1"})
    message = raised.value.render("en")
    assert f"{tmp_path / 'out' / 'a.csv'} could not be written (Input/output error)" in message
    assert list(tmp_path.iterdir()) == []


# --- what killed runs leave ------------------------------------------------------------


def test_leftovers_of_killed_runs_are_cleaned_by_the_next_run(runner, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(main, ["run", str(CONTOH), "-o", str(out)]).exit_code == 0
    # what this version leaves when killed while writing ...
    beside = tmp_path / ".out.kerjasama-new-0a1b2c3d"
    beside.mkdir()
    (beside / "hasil.json").write_bytes(b'{"schema_versi')
    old = tmp_path / ".out.kerjasama-old-4e5f6a7b"  # killed while deleting the old set
    old.mkdir()
    (old / "laporan.html").write_bytes(b"<html>")
    # ... and what older versions left: mkstemp files, one of them truncated
    for name in ("hasil.json", "laporan.html"):
        handle, _ = tempfile.mkstemp(prefix=f".{name}.", dir=out)
        os.write(handle, b"<!doctype ht")
        os.close(handle)
    other = tmp_path / ".other.kerjasama-new-0a1b2c3d"  # another folder's: not ours
    other.mkdir()

    assert runner.invoke(main, ["run", str(CONTOH), "-o", str(out), *CHEAPER]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, "out"]
    assert sorted(p.name for p in out.iterdir()) == sorted(OWN_FILES)
    assert consistent(out)


def test_a_kept_folder_half_renamed_is_completed(result, tmp_path):
    out = tmp_path / "out"
    (out).mkdir()
    (out / "catatan.docx").write_bytes(b"mine")  # the folder is kept: files renamed in
    write_outputs(result, out, force=True)
    new = {name: (out / name).read_bytes() for name in OWN_FILES}
    ready = out / ".kerjasama-ready-0123abcd"
    ready.mkdir()
    (ready / "hasil.json").write_bytes(b"{}")
    (ready / "manifest.json").write_bytes(b"{}")
    (out / "laporan.html").write_bytes(b"moved in before the kill")
    assert (out / "laporan.html").read_bytes() != new["laporan.html"]
    files.recover(out.resolve(), OWN_FILES)
    assert (out / "hasil.json").read_bytes() == b"{}"  # rolled forward, not left mixed
    assert sorted(p.name for p in out.iterdir()) == sorted({*OWN_FILES, "catatan.docx"})


def test_killed_between_the_two_renames_the_new_set_is_put_in_place(result, tmp_path):
    out = tmp_path / "out"
    write_outputs(result, out)
    ready = tmp_path / ".out.kerjasama-ready-0123abcd"
    out.rename(tmp_path / ".out.kerjasama-old-89abcdef")  # first rename done ...
    ready.mkdir()
    for name in OWN_FILES:  # ... the complete new set not yet renamed in
        (ready / name).write_bytes(f"new {name}".encode())
    dealt = files.recover(out, OWN_FILES)
    assert [p.name for p in dealt] == [".out.kerjasama-old-89abcdef", ready.name]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert (out / "hasil.json").read_bytes() == b"new hasil.json"


SLOW_RUN = """
import os, sys, time
from pathlib import Path
import mcda_kerjasama.report.files as files

mark = Path(sys.argv[1])
where = sys.argv[2]

def pause():
    mark.touch()
    time.sleep(120)

if where == "writing":  # halfway through the third file
    real, calls = files._write_all, []
    def write(fd, data):
        calls.append(1)
        if len(calls) == 3:
            real(fd, data[: len(data) // 2])
            os.fsync(fd)
            pause()
        real(fd, data)
    files._write_all = write
else:  # between the two renames of the fallback (no renameat2)
    files.exchange = lambda a, b: False
    real_rename = os.rename
    def rename(src, dst):
        real_rename(src, dst)
        if Path(src).name == "out":
            pause()
    files.os.rename = rename

from mcda_kerjasama.cli import main
sys.argv = ["kerjasama", "run", *sys.argv[3:]]
main()
"""


def kill_midway(tmp_path: Path, out: Path, where: str) -> None:
    """Run ``kerjasama run`` in a subprocess and ``kill -9`` it at ``where``."""
    mark = tmp_path / "paused"
    script = tmp_path / "slow_run.py"
    script.write_text(textwrap.dedent(SLOW_RUN), encoding="utf-8")
    args = [str(mark), where, str(CONTOH), "-o", str(out), *CHEAPER]
    process = subprocess.Popen(
        [sys.executable, str(script), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while not mark.exists():
            if process.poll() is not None:
                raise AssertionError(f"the run ended without pausing: {process.stderr.read()}")
            assert time.monotonic() < deadline, "the run never reached the pause"
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()  # type: ignore[union-attr]
    mark.unlink()
    script.unlink()


def test_kill_9_while_writing_leaves_the_previous_set_and_the_next_run_cleans(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([KERJASAMA, "run", str(CONTOH), "-o", str(out)], capture_output=True)
    assert done.returncode == 0, done.stderr
    before = tree(out)
    kill_midway(tmp_path, out, "writing")
    assert tree(out) == before  # the previous set, untouched
    left = [p.name for p in tmp_path.iterdir() if p.name != "out"]
    assert len(left) == 1 and left[0].startswith(".out.kerjasama-new-")  # the killed run's

    again = subprocess.run([KERJASAMA, "run", str(CONTOH), "-o", str(out)], capture_output=True)
    assert again.returncode == 0, again.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert sorted(p.name for p in out.iterdir()) == sorted(OWN_FILES)
    assert consistent(out)


def test_kill_9_between_the_two_renames_is_finished_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([KERJASAMA, "run", str(CONTOH), "-o", str(out)], capture_output=True)
    assert done.returncode == 0, done.stderr
    kill_midway(tmp_path, out, "between renames")
    assert not out.exists()  # the window the fallback has
    assert sorted(p.name.split("-")[1] for p in tmp_path.iterdir()) == ["old", "ready"]

    again = subprocess.run([KERJASAMA, "run", str(CONTOH), "-o", str(out)], capture_output=True)
    assert again.returncode == 0, again.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert consistent(out)


# --- permissions -------------------------------------------------------------------------


@pytest.fixture
def umask() -> Iterator[None]:
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o7777


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_outputs_follow_the_umask(result, tmp_path, umask, mask):
    os.umask(mask)
    out = tmp_path / "new" / "out"
    write_outputs(result, out)
    assert {name: mode(out / name) for name in OWN_FILES} == dict.fromkeys(OWN_FILES, 0o666 & ~mask)
    assert mode(out) == mode(tmp_path / "new") == 0o777 & ~mask
    write_outputs(result, out)  # replacing the set: the same
    assert {mode(out / name) for name in OWN_FILES} == {0o666 & ~mask}
    single = tmp_path / "sensitivitas.json"
    files.write_atomic(single, b"{}")
    assert mode(single) == 0o666 & ~mask


def test_a_replaced_folder_keeps_its_permissions(result, tmp_path, umask):
    os.umask(0o022)
    out = tmp_path / "out"
    write_outputs(result, out)
    out.chmod(0o750)
    write_outputs(result, out)
    assert mode(out) == 0o750


# --- how the set is put in place ----------------------------------------------------------


def test_the_folder_is_swapped_at_once_and_nothing_is_left(result, tmp_path):
    out = tmp_path / "out"
    write_outputs(result, out)
    first = out.stat().st_ino
    write_outputs(result, out)
    assert out.stat().st_ino != first  # a new folder took the old one's place
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert consistent(out)


def test_without_renameat2_two_renames_do_it(result, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "exchange", lambda a, b: False)
    out = tmp_path / "out"
    write_outputs(result, out)
    write_outputs(result, out)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert sorted(p.name for p in out.iterdir()) == sorted(OWN_FILES)
    assert consistent(out)


def test_force_keeps_the_folder_and_every_foreign_file(runner, tmp_path):
    out = tmp_path / "out"
    (out / "arsip").mkdir(parents=True)
    (out / "arsip" / "2025.csv").write_bytes(b"old list")
    (out / "catatan.docx").write_bytes(b"mine")
    (out / ".gitignore").write_bytes(b"*.xlsx\n")
    foreign = {k: v for k, v in tree(out).items() if k.split("/")[0] not in OWN_FILES}
    inode = out.stat().st_ino
    for extra in ([], CHEAPER):
        run = runner.invoke(main, ["run", str(CONTOH), "-o", str(out), "--force", *extra])
        assert run.exit_code == 0, run.output
    assert out.stat().st_ino == inode  # a folder with other files is kept, not replaced
    assert {k: v for k, v in tree(out).items() if k.split("/")[0] not in OWN_FILES} == foreign
    assert consistent(out)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_linked_output_folder_stays_a_link(result, tmp_path):
    real = tmp_path / "real"
    write_outputs(result, real)
    (tmp_path / "link").symlink_to(real)
    write_outputs(result, tmp_path / "link")
    assert (tmp_path / "link").is_symlink() and consistent(tmp_path / "link")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]


def test_the_working_folder_is_kept(result, tmp_path, monkeypatch):
    out = tmp_path / "out"
    write_outputs(result, out)
    inode = out.stat().st_ino
    monkeypatch.chdir(out)
    write_outputs(result, ".")
    assert out.stat().st_ino == inode  # a shell in it would otherwise sit in a deleted one
    assert sorted(p.name for p in out.iterdir()) == sorted(OWN_FILES) and consistent(out)


def test_a_folder_named_like_an_output_is_never_deleted(result, tmp_path):
    out = tmp_path / "out"
    (out / "laporan.html").mkdir(parents=True)
    (out / "laporan.html" / "draft.html").write_bytes(b"mine")
    before = tree(tmp_path)
    with pytest.raises(InputError) as raised:
        write_outputs(result, out)
    assert f"{out / 'laporan.html'} could not be written" in raised.value.render("en")
    assert tree(tmp_path) == before
