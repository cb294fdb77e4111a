"""The one error type of LifeCircle's core: input it refuses, with a stable code and the message in
Chinese and English. The core knows no Qt, so the caller picks the language (``message(language)``)."""
from .language import is_chinese


class LifeCircleError(Exception):
    """Refused input or an impossible request, never a bug.

    ``code`` is stable for scripts and tests (e.g. 'network.empty'); ``message_en`` and ``message_zh``
    name the layer, field, feature or file and what to do. ``str(error)`` is the English text.
    """

    CODE = "lifecircle"  # the code of a subclass raised the older way, with its English message alone

    def __init__(self, code, message_en=None, message_zh=None):
        if message_en is None:  # ``SomeError("message")``: code from the class, the text in both languages
            code, message_en = self.CODE, code
        super().__init__(message_en)
        self.code = code
        self.message_en = message_en
        self.message_zh = message_zh or message_en

    def message(self, language="en"):
        """The message in the UI language (see ``is_chinese``), English otherwise."""
        return self.message_zh if is_chinese(language) else self.message_en


class ArgumentError(LifeCircleError, ValueError):
    """A core function given arguments it cannot use: the caller's mistake (the plugin's own algorithms
    check their input before), so the English text is kept in both languages. Subclasses set ``CODE``."""

    CODE = "argument"

    def __init__(self, message_en):
        super().__init__(self.CODE, message_en, f"LifeCircle 核心函数参数有误：{message_en}")
