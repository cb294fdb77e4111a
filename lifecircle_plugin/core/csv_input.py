"""The one reader of the CSV files LifeCircle is given (standards, mapping tables): UTF-8 with or without
BOM, else GB18030 (what Chinese Excel saves as "CSV"); anything else is refused naming the file."""
import csv
import io

from .errors import LifeCircleError

ENCODINGS = ("utf-8-sig", "gb18030")


class CsvFileError(LifeCircleError, ValueError):
    """A CSV file that cannot be opened or decoded; the message names the file."""


def read_csv_text(path):
    """The text of the CSV file ``path``, decoded as UTF-8 (BOM or not), else GB18030."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except IsADirectoryError:
        raise CsvFileError("csv.is_folder", f"{path} is a folder, not a CSV file; choose the file.",
                           f"{path} 是文件夹而不是 CSV 文件，请选择文件。") from None
    except OSError as error:
        raise CsvFileError("csv.unreadable", f"Cannot read the CSV file {path}: {error.strerror}.",
                           f"无法读取 CSV 文件 {path}：{error.strerror}。") from error
    if b"\x00" in data:
        raise CsvFileError(
            "csv.binary", f"{path} cannot be read as a CSV text file (it holds binary data, perhaps an .xlsx "
            "renamed or a damaged file). Save it from Excel as CSV (UTF-8 or GBK) and run again.",
            f"{path} 无法作为 CSV 文本文件读取（含二进制内容，可能是改名的 .xlsx 或已损坏）。请在 Excel 中另存为 CSV"
            "（UTF-8 或 GBK）后重试。")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvFileError(
        "csv.encoding", f"{path} is neither UTF-8 nor GBK/GB18030 text; save it as CSV UTF-8 and run again.",
        f"{path} 既不是 UTF-8 也不是 GBK/GB18030 编码的文本，请另存为 CSV UTF-8 后重试。")


def read_csv_dicts(path):
    """(header, rows as dicts) of the CSV file ``path`` (see ``read_csv_text``)."""
    reader = csv.DictReader(io.StringIO(read_csv_text(path), newline=""))
    rows = list(reader)
    return reader.fieldnames or [], rows

