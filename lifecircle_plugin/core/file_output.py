"""Why a file cannot be written, in words a planner can act on (read-only, a folder, missing folder,
disk full), as the one error type of the core."""
import errno
import os

from .errors import LifeCircleError


class OutputFileError(LifeCircleError, ValueError):
    """An output file that cannot be written; the message names the path and why."""


def writable_problem(path):
    """None when a new file can be created at ``path``, else an OutputFileError saying why."""
    folder = os.path.dirname(os.path.abspath(path)) or "."
    if os.path.isdir(path):
        return OutputFileError("output.is_folder", f"Cannot write {path}: it is a folder; give a file name.",
                               f"无法写入 {path}：这是一个文件夹，请给出文件名。")
    if not os.path.isdir(folder):
        return OutputFileError(
            "output.no_folder", f"Cannot write {path}: folder {folder} does not exist; choose an existing folder.",
            f"无法写入 {path}：文件夹 {folder} 不存在，请选择已有的文件夹。")
    return None


def shared_output_error(path, first, second):
    """The OutputFileError for two outputs (``first``, ``second``: how the user knows them) set to one file
    ``path``: the second would replace the first."""
    return OutputFileError(
        "output.shared", f"Outputs '{first}' and '{second}' are both set to {path}: one would replace the other. "
        "Give each output a file of its own.",
        f"输出“{first}”和“{second}”都设为 {path}：后写的会覆盖先写的。请为每个输出指定各自的文件。")


def output_error(path, error):
    """The OutputFileError for the OSError ``error`` met while writing ``path``."""
    problem = writable_problem(path)
    if problem is not None:
        return problem
    number = getattr(error, "errno", None)
    reason = getattr(error, "strerror", None) or str(error)
    if number in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputFileError(
            "output.read_only",
            f"Cannot write {path}: the folder or file is read-only ({reason}). Choose a folder you may "
            "write to, or close the file if another program holds it.",
            f"无法写入 {path}：文件夹或文件为只读（{reason}）。请选择有写入权限的文件夹，或关闭占用该文件的程序。")
    if number in (errno.ENOSPC, errno.EDQUOT):
        return OutputFileError(
            "output.disk_full", f"Cannot write {path}: the disk is full ({reason}). Free some space and run again.",
            f"无法写入 {path}：磁盘已满（{reason}）。请释放空间后重试。")
    return OutputFileError("output.failed", f"Cannot write {path}: {reason}.", f"无法写入 {path}：{reason}。")
