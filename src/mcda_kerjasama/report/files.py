"""Safe file output: files that follow the umask, single files written atomically, and
whole sets of files swapped into a folder at once; spreadsheet-formula neutralisation.

Every file and folder is created with the permissions any program of the user would
give it (``0666`` and ``0777`` minus the umask: ``0644`` and ``0755`` under umask 022),
never the ``0600`` of a :func:`tempfile.mkstemp` file.

:func:`write_set` writes a set of files (a run's outputs) into a staging folder first
and moves it in only when every file is complete and flushed, so a reader sees the old
set or the new one, never a mix, and a run that fails (disk full, killed) leaves the
previous set as it was. Whatever a killed run leaves behind is hidden
(``.NAME.kerjasama-*``) and the next write into that folder removes or finishes it.

Example:
    >>> neutralise("=HYPERLINK(\\"x\\")")
    '\\'=HYPERLINK("x")'
    >>> neutralise("Air bersih")
    'Air bersih'
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "hasil"
    >>> [p.name for p in write_set(out, {"a.csv": b"1", "b.json": b"{}"})]
    ['a.csv', 'b.json']
    >>> sorted(p.name for p in out.parent.iterdir())  # no staging folder left
    ['hasil']
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import os
import re
import secrets
import shutil
import stat
import sys
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path

from mcda_kerjasama.errors import InputError, Problem

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: The hidden names this module gives its work in progress. Beside a target folder
#: ``NAME``: ``.NAME.kerjasama-new-*`` (being written), ``.NAME.kerjasama-ready-*``
#: (complete, being moved in) and ``.NAME.kerjasama-old-*`` (the previous set, being
#: deleted); inside a folder that is kept: ``.kerjasama-new-*`` and ``.kerjasama-ready-*``;
#: beside a single file ``FILE``: ``.FILE.kerjasama-tmp-*``.
TAG = "kerjasama"
#: Without a lock (a file system without ``flock``) a leftover is removed only when it
#: is older than this many seconds, so a run still writing is never disturbed.
STALE_AFTER = 3600.0
_TOKEN = "[0-9a-f]{8}"
_INSIDE = re.compile(rf"\.{TAG}-(?P<state>new|ready)-{_TOKEN}")
#: Names of the temporary files older versions left (``tempfile.mkstemp`` suffixes).
_MKSTEMP = "[a-z0-9_]{8}"
_DISK_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def neutralise(value: str) -> str:
    """Text a spreadsheet would run as a formula, prefixed with ``'`` so it stays text.

    Example: see the module docstring.
    """
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


# --- single files ----------------------------------------------------------------------


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` to ``fd`` (the one place bytes reach a file)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def create_file(path: Path, data: bytes) -> None:
    """Create ``path``, which must not exist, holding ``data`` flushed to the disk.

    The mode is ``0666`` minus the umask, as for any file the user creates.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
        >>> create_file(p, b"ok"); p.read_bytes()
        b'ok'
        >>> oct(p.stat().st_mode & 0o777) == oct(0o666 & ~current_umask())
        True
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC, 0o666)
    try:
        _write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def current_umask() -> int:
    """The process's umask (read without changing it where Linux allows).

    Example:
        >>> 0 <= current_umask() <= 0o777
        True
    """
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a hidden temporary file in the same folder and
    a rename, so ``path`` is either the old file or the complete new one, never half.

    The file follows the umask; missing folders are created (following it too). A
    temporary file that a killed earlier write left beside ``path`` is removed. A full
    disk is an :class:`InputError` naming the file and the folder, and leaves ``path``
    as it was.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
        >>> write_atomic(p, b"ok"); p.read_bytes()
        b'ok'
        >>> write_atomic(p, b"new"); p.read_bytes(), [q.name for q in p.parent.iterdir()]
        (b'new', ['a.txt'])
    """
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    with folder_lock(folder) as locked:
        _remove_stale_temps(folder, {path.name}, locked)
        temp = folder / f".{path.name}.{TAG}-tmp-{secrets.token_hex(4)}"
        try:
            create_file(temp, data)
            os.replace(temp, path)
        except BaseException as exc:
            temp.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                raise output_error(exc, path, folder) from None
            raise
        _sync_folder(folder)


def write_files(folder: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write every ``name -> content`` into ``folder``, each atomically; the paths written.

    Each file on its own (for a set that must change together use :func:`write_set`).

    Example:
        >>> import tempfile, pathlib
        >>> [p.name for p in write_files(pathlib.Path(tempfile.mkdtemp()), {"a.txt": b"1"})]
        ['a.txt']
    """
    paths = []
    for name, content in files.items():
        write_atomic(folder / name, content)
        paths.append(folder / name)
    return paths


def output_error(exc: OSError, file: Path, folder: Path) -> InputError:
    """The located message for an output that could not be written: a full disk (or
    quota) as ``output_disk_full``, anything else as ``output_write_failed``; both say
    that nothing in ``folder`` was changed.

    Example:
        >>> from pathlib import Path
        >>> err = output_error(OSError(errno.ENOSPC, "No space left on device"),
        ...                    Path("hasil/laporan.html"), Path("hasil"))
        >>> print(err.render("en"))  # doctest: +ELLIPSIS
        the disk is full: hasil/laporan.html could not be written, so nothing in the ...
    """
    code = "output_disk_full" if exc.errno in _DISK_FULL else "output_write_failed"
    params = {"file": str(file), "folder": str(folder), "reason": exc.strerror or str(exc)}
    return InputError([Problem(code, value=str(file), params=params)])


# --- sets of files ---------------------------------------------------------------------


def write_set(
    folder: str | Path, files: Mapping[str, bytes], owned: Collection[str] | None = None
) -> list[Path]:
    """Put the files ``files`` (name -> bytes) into ``folder`` as one set; the paths.

    Every file is written into a hidden staging folder and flushed to the disk first;
    nothing in ``folder`` changes before the whole set is complete. Then:

    * ``folder`` missing: the staging folder is renamed to it (missing parents are
      created; the folder follows the umask).
    * ``folder`` holding only ``owned`` names (default: the names in ``files``), ours, not
      a mount point and not the working folder: the staging folder, beside ``folder``,
      takes its place in one step (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two
      renames, ``folder`` aside then the new one in, a gap the next call closes) and the
      old one is deleted. The new folder keeps the old one's permissions.
    * otherwise (other files in it, e.g. with ``--force``; someone else's folder; the
      working folder) the folder is kept: the staging folder is made inside it and its
      files are renamed over the old ones, the last name of ``files`` last. Other files
      are never touched.

    Any failure before the move leaves ``folder`` as it was, removes the staging folder
    (and any parent created) and raises :class:`InputError` for a full disk or
    another write error (naming the file and the folder). Leftovers of a killed earlier
    call are cleaned first (see :func:`recover`). Calls into one folder are serialised
    by a lock on its parent.

    Example:
        >>> import tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "hasil"
        >>> _ = write_set(out, {"a.csv": b"old", "m.json": b"1"})
        >>> (out / "catatan.txt").write_text("mine")  # someone else's file
        4
        >>> _ = write_set(out, {"a.csv": b"new", "m.json": b"2"}, {"a.csv", "m.json"})
        >>> sorted(p.name for p in out.iterdir()), (out / "a.csv").read_bytes()
        (['a.csv', 'catatan.txt', 'm.json'], b'new')
    """
    given = Path(folder)
    target = given.resolve()
    owned = frozenset(files if owned is None else owned)
    created = _make_parents(target.parent)
    try:
        with folder_lock(target.parent) as locked:
            recover(target, owned, locked=locked)
            staging, inside = _stage(target, owned, files, given)
            ready = _set_state(staging, "ready")
            if inside:
                _move_files_in(ready, target, list(files))
            else:
                _swap_in(ready, target, owned)
    except BaseException:
        _remove_created(created)
        raise
    return [given / name for name in files]


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; the ones created, deepest first."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    folder.mkdir(parents=True, exist_ok=True)
    return missing


def _remove_created(created: list[Path]) -> None:
    for path in created:
        with contextlib.suppress(OSError):
            path.rmdir()


def _stage(
    target: Path,
    owned: frozenset[str],
    files: Mapping[str, bytes],
    given: Path,
) -> tuple[Path, bool]:
    """Write the set into a new staging folder: (staging path, inside ``target``)."""
    inside = not can_swap(target, owned)
    names = list(files)
    current = given / (names[0] if names else "")
    staging: Path | None = None
    try:
        try:
            staging = _new_staging(target, inside)
        except PermissionError:
            if inside or not target.is_dir():
                raise
            inside = True  # the parent is not ours to write in; the folder is
            staging = _new_staging(target, inside)
        if not inside and target.is_dir():
            _copy_permissions(target, staging)
        for name in names:
            current = given / name
            if inside and os.path.isdir(target / name) and not os.path.islink(target / name):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
            create_file(staging / name, files[name])
        _sync_folder(staging)
    except BaseException as exc:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise output_error(exc, current, given) from None
        raise
    return staging, inside


def can_swap(target: Path, owned: Collection[str]) -> bool:
    """Whether ``target`` may be replaced as a whole: missing, or a folder of ours that
    holds only ``owned`` names, is not a mount point and does not hold the working
    folder.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> can_swap(folder / "new", {"a.csv"}), can_swap(folder, {"a.csv"})
        (True, True)
        >>> (folder / "notes.txt").touch(); can_swap(folder, {"a.csv"})
        False
    """
    if not target.exists():
        return True
    if not target.is_dir() or target.is_symlink() or os.path.ismount(target):
        return False
    if hasattr(os, "getuid") and target.stat().st_uid != os.getuid():
        return False
    with contextlib.suppress(OSError):
        cwd = Path.cwd().resolve()
        if cwd == target or target in cwd.parents:
            return False
    return all(
        entry.name in owned and entry.is_file(follow_symlinks=False) for entry in os.scandir(target)
    )


def _new_staging(target: Path, inside: bool) -> Path:
    while True:
        token = secrets.token_hex(4)
        path = target / f".{TAG}-new-{token}" if inside else _beside(target, "new", token)
        try:
            os.mkdir(path, 0o777)  # the umask applies, as to any folder the user makes
        except FileExistsError:
            continue
        return path


def _beside(target: Path, state: str, token: str) -> Path:
    return target.parent / f".{target.name}.{TAG}-{state}-{token}"


def _set_state(staging: Path, state: str) -> Path:
    """Rename a staging folder to mark its state (``new`` -> ``ready``); flushed."""
    renamed = staging.with_name(staging.name.replace(f"{TAG}-new-", f"{TAG}-{state}-", 1))
    os.rename(staging, renamed)
    _sync_folder(renamed.parent)
    return renamed


def _copy_permissions(source: Path, dest: Path) -> None:
    """Give ``dest`` the permission bits (and, where allowed, the group) of ``source``."""
    info = source.stat()
    os.chmod(dest, stat.S_IMODE(info.st_mode))
    if hasattr(os, "chown") and dest.stat().st_gid != info.st_gid:
        with contextlib.suppress(OSError):
            os.chown(dest, -1, info.st_gid)


def _swap_in(ready: Path, target: Path, owned: frozenset[str]) -> None:
    """Put the complete folder ``ready`` in the place of ``target``."""
    if not target.exists():
        os.rename(ready, target)
        _sync_folder(target.parent)
        return
    if exchange(ready, target):
        old = ready  # that name now holds the previous set
    else:  # two renames; a run killed between them is finished by recover()
        old = _beside(target, "old", secrets.token_hex(4))
        os.rename(target, old)
        os.rename(ready, target)
    _sync_folder(target.parent)
    _discard(old, target, owned)


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without renameat2 (glibc < 2.28)
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


def exchange(a: Path, b: Path) -> bool:
    """Swap the two existing paths ``a`` and ``b`` in one atomic step; False when the
    system or the file system cannot (not Linux, old C library, e.g. some network file
    systems), in which case nothing was done.

    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "a").write_text("A"), (d / "b").write_text("B")
        >>> exchange(d / "a", d / "b") and (d / "a").read_text() == "B"
        True
    """
    func = _renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _move_files_in(ready: Path, target: Path, order: list[str]) -> None:
    """Rename every file of ``ready`` into ``target`` (``order`` first, in that order,
    so the last of it, the manifest, comes last), then remove ``ready``."""
    present = {entry.name for entry in os.scandir(ready)}
    rest = sorted(present - set(order), key=lambda n: ((ready / n).stat().st_mtime_ns, n))
    for name in [n for n in order if n in present] + rest:
        os.replace(ready / name, target / name)
    _sync_folder(target)
    shutil.rmtree(ready, ignore_errors=True)


def _discard(old: Path, target: Path, owned: frozenset[str]) -> None:
    """Delete a previous set; anything in it that is not ours (a file dropped in while
    the set was being replaced) goes back into ``target`` first. Kept when that is not
    possible, so nothing foreign is ever deleted."""
    kept = False
    for entry in os.scandir(old):
        if entry.name in owned or _is_leftover(entry.name, owned):
            continue
        if target.is_dir() and not os.path.lexists(target / entry.name):
            os.rename(entry.path, target / entry.name)
        else:
            kept = True
    if not kept:
        shutil.rmtree(old, ignore_errors=True)


def _is_leftover(name: str, owned: Collection[str]) -> bool:
    return bool(_INSIDE.fullmatch(name)) or _temp_of(name, owned) is not None


def _temp_of(name: str, owned: Collection[str]) -> str | None:
    """The owned file whose temporary file ``name`` is (ours or an older version's)."""
    match = re.fullmatch(rf"\.(?P<file>.+)\.(?:{TAG}-tmp-{_TOKEN}|{_MKSTEMP})", name)
    return match["file"] if match and match["file"] in owned else None


def recover(target: Path, owned: Collection[str], *, locked: bool = True) -> list[Path]:
    """Clean up after a write into ``target`` that was killed; the paths dealt with.

    * staging folders still being written (``new``) are deleted;
    * inside a kept folder, a complete set whose files were being renamed in
      (``ready``) is finished, so the folder holds one whole set again;
    * when ``target`` is missing (killed between the two renames of the fallback) the
      newest complete set beside it (``ready``) takes its place;
    * other sets beside it (the previous set, ``old``, or a complete set that had not
      replaced it yet) are deleted, anything foreign in them moved back first;
    * temporary files of the ``owned`` names (``.hasil.json.kerjasama-tmp-*``, and
      ``.hasil.json.XXXXXXXX`` as older versions left them) are deleted.

    Only leftovers are touched; with ``locked`` False (no lock could be taken) only
    those older than :data:`STALE_AFTER` seconds.

    Example:
        >>> import tempfile, pathlib
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "hasil"
        >>> _ = write_set(out, {"a.csv": b"1"})
        >>> (out.parent / ".hasil.kerjasama-new-0123abcd").mkdir()  # a killed run's
        >>> _, temp = tempfile.mkstemp(prefix=".a.csv.", dir=out)  # an old version's
        >>> [p.name for p in recover(out, {"a.csv"})][-1]
        '.hasil.kerjasama-new-0123abcd'
        >>> sorted(p.name for p in out.parent.iterdir()), [p.name for p in out.iterdir()]
        (['hasil'], ['a.csv'])
    """
    now = time.time()

    def stale(path: Path) -> bool:
        try:
            return locked or now - path.lstat().st_mtime > STALE_AFTER
        except OSError:
            return False

    dealt: list[Path] = []
    if target.is_dir():
        dealt += _remove_stale_temps(target, owned, locked)
        for entry in sorted(os.scandir(target), key=lambda e: e.name):
            match = _INSIDE.fullmatch(entry.name)
            path = Path(entry.path)
            if match and entry.is_dir(follow_symlinks=False) and stale(path):
                if match["state"] == "ready":
                    _move_files_in(path, target, [])
                else:
                    shutil.rmtree(path, ignore_errors=True)
                dealt.append(path)
    pattern = re.compile(rf"\.{re.escape(target.name)}\.{TAG}-(?P<state>new|ready|old)-{_TOKEN}")
    found: dict[str, list[Path]] = {"new": [], "ready": [], "old": []}
    if target.parent.is_dir():
        for entry in os.scandir(target.parent):
            match = pattern.fullmatch(entry.name)
            if match and entry.is_dir(follow_symlinks=False) and stale(Path(entry.path)):
                found[match["state"]].append(Path(entry.path))
    if not os.path.lexists(target) and found["ready"]:
        newest = max(found["ready"], key=lambda p: p.stat().st_mtime_ns)
        os.rename(newest, target)
        _sync_folder(target.parent)
        found["ready"].remove(newest)
        dealt.append(newest)
    for path in sorted(p for paths in found.values() for p in paths):
        _discard(path, target, frozenset(owned))
        dealt.append(path)
    return sorted(dealt, key=lambda p: p.name)


def _remove_stale_temps(folder: Path, owned: Collection[str], locked: bool) -> list[Path]:
    """Delete temporary files of ``owned`` names that a killed write left in ``folder``.

    An older version's ``mkstemp`` file is recognised by its name and its ``0600``
    mode (so a user's ``.hasil.json.backup01`` with ordinary permissions is kept).
    """
    removed = []
    now = time.time()
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if _temp_of(entry.name, owned) is None:
                continue
            info = entry.stat(follow_symlinks=False)
            ours = f"{TAG}-tmp-" in entry.name
            if not stat.S_ISREG(info.st_mode):
                continue
            if not ours and stat.S_IMODE(info.st_mode) != 0o600:
                continue
            if not locked and now - info.st_mtime <= STALE_AFTER:
                continue
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[bool]:
    """Hold an exclusive lock on ``folder`` (``flock`` on the folder itself) while the
    block runs; yields whether the lock is held (False where the system or the file
    system has no such lock). Not re-entrant: a second lock on the same folder in the
    same process waits for ever.

    Example:
        >>> import tempfile, pathlib
        >>> with folder_lock(pathlib.Path(tempfile.mkdtemp())) as locked:
        ...     locked
        True
    """
    try:
        import fcntl

        fd = os.open(folder, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    except (ImportError, OSError):
        yield False
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            locked = True
        except OSError:
            locked = False
        yield locked
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (renames, new files) to the disk, where supported."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
