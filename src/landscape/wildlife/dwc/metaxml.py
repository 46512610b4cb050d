"""An archive's meta.xml: the core's file, delimiters, header lines and columns."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from landscape.problems import RowProblems, Severity
from landscape.wildlife.dwc.terms import CORE_ID, Layout, term_name

MAX_HEADER_LINES = 1000  # more ignoreHeaderLines is a broken meta.xml (the standard: 0 or 1)

OCCURRENCE_ROW_TYPE = "http://rs.tdwg.org/dwc/terms/Occurrence"
_WHOLE = re.compile(r"[0-9]+")


def parse_xml(
    data: bytes, shown: str, severity: Severity, report: RowProblems
) -> ET.Element | None:
    """Parsed XML; documents declaring entities are refused (no entity expansion bombs)."""
    if b"<!ENTITY" in data:
        report.add(
            "", severity, "declares XML entities, which are refused; remove them", path=shown
        )
        return None
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        report.add("", severity, f"is not well-formed XML ({exc}); export it again", path=shown)
        return None
    except (LookupError, ValueError) as exc:  # an XML declaration naming an unusable encoding
        report.add(
            "",
            severity,
            f"declares an encoding that cannot be read ({exc}); expected "
            '<?xml version="1.0" encoding="UTF-8"?>: save it as UTF-8 or export it again',
            path=shown,
        )
        return None


def local_name(tag: object) -> str:
    """An element's tag without its namespace."""
    return str(tag).rsplit("}", 1)[-1]


def child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if local_name(c.tag) == name), None)


def _unescape(value: str) -> str:
    r"""meta.xml's escapes: the two characters \t mean a tab, and so on."""
    escapes = {"\\t": "\t", "\\n": "\n", "\\r": "\r", "\\\\": "\\", '\\"': '"', "\\'": "'"}
    return re.sub(r"\\[tnr\\\"']", lambda m: escapes[m.group(0)], value)


def describe_core(
    root: ET.Element, shown: str, report: RowProblems
) -> tuple[Layout, str, str] | None:
    """The core's layout, file location and encoding; None (with errors) when unusable."""
    core = child(root, "core")
    if core is None:
        report.add(
            "core", "error", "meta.xml has no <core>; expected a Darwin Core Archive", path=shown
        )
        return None
    row_type = core.get("rowType", "")
    if row_type.rstrip("/").rsplit("/", 1)[-1] != "Occurrence":
        report.add(
            "rowType",
            "error",
            f"the archive's core is {term_name(row_type) or 'unnamed'} ({row_type!r}); only "
            f"occurrence-core archives are supported: expected rowType {OCCURRENCE_ROW_TYPE}",
            path=shown,
        )
        return None
    form = _text_form(core, shown, report)
    terms, defaults = _fields(core, shown, report)
    files = child(core, "files")
    location = child(files, "location") if files is not None else None
    where = (location.text or "").strip() if location is not None else ""
    if not where:
        report.add(
            "location", "error", "the core has no <files><location>; expected one", path=shown
        )
    if terms is None or form is None or not where:
        return None
    delimiter, enclosed, skip = form
    layout = Layout(
        delimiter=delimiter,
        quotechar=enclosed or None,
        skip=skip,
        terms=terms,
        defaults=defaults,
    )
    return layout, where, core.get("encoding", "UTF-8")


def _text_form(core: ET.Element, shown: str, report: RowProblems) -> tuple[str, str, int] | None:
    """The core's delimiter, quote character and header lines; None (with errors) when unusable."""
    delimiter = _unescape(core.get("fieldsTerminatedBy", ","))
    enclosed = _unescape(core.get("fieldsEnclosedBy", '"'))
    lines = _unescape(core.get("linesTerminatedBy", "\n"))
    header_lines = core.get("ignoreHeaderLines", "0").strip()
    whole = bool(_WHOLE.fullmatch(header_lines))
    checks = (
        (
            "fieldsTerminatedBy",
            len(delimiter) != 1,
            f"{delimiter!r} is not one character; expected \\t or ,",
        ),
        (
            "fieldsEnclosedBy",
            len(enclosed) > 1,
            f'{enclosed!r} is not one character; expected " or empty',
        ),
        (
            "linesTerminatedBy",
            lines not in ("\n", "\r\n", "\r"),
            f"{lines!r} is not supported; expected \\n or \\r\\n",
        ),
        (
            "ignoreHeaderLines",
            not whole,
            f"{header_lines!r} is not a whole number; expected 0 or 1",
        ),
        (
            "ignoreHeaderLines",
            whole and int(header_lines) > MAX_HEADER_LINES,
            f"{header_lines!r} header lines is more than {MAX_HEADER_LINES}; expected 0 or 1",
        ),
    )
    failed = [(key, message) for key, bad, message in checks if bad]
    for key, message in failed:
        report.add(key, "error", message, path=shown)
    return None if failed else (delimiter, enclosed, int(header_lines))


def _fields(
    core: ET.Element, shown: str, report: RowProblems
) -> tuple[dict[str, int] | None, dict[str, str]]:
    """Term -> column index and term -> default value from the core's <id> and <field>s."""
    terms: dict[str, int] = {}
    defaults: dict[str, str] = {}
    ok = True
    for element in core:
        tag = local_name(element.tag)
        if tag not in ("id", "field"):
            continue
        name = CORE_ID if tag == "id" else term_name(element.get("term", ""))
        index = element.get("index")
        if index is not None:
            if not _WHOLE.fullmatch(index.strip()):
                report.add(
                    name,
                    "error",
                    f"index {index!r} is not a whole number; expected 0 or more",
                    path=shown,
                )
                ok = False
            elif name not in terms:
                terms[name] = int(index.strip())
        if element.get("default") is not None and name not in defaults:
            defaults[name] = element.get("default", "")
    return (terms if ok else None), defaults
