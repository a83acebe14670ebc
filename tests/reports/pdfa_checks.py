"""Structural PDF/A-2u checks with pikepdf (veraPDF, the reference validator, is a Java program
not offered by the package registries this project installs from; see README).

Each check names one requirement of ISO 19005-2 level U that our renderer must meet and that a
regression could silently break; an empty list means all of them hold.
"""

import io
import re

import pikepdf

_FORBIDDEN_ACTIONS = {"/JavaScript", "/Launch", "/ImportData", "/ResetForm", "/Rendition"}


def pdfa_problems(pdf: bytes) -> list[str]:
    problems: list[str] = []
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if doc.is_encrypted:
            problems.append("encrypted (forbidden in PDF/A)")
        if "/ID" not in doc.trailer:
            problems.append("no file identifier (/ID) in the trailer")
        root = doc.Root
        xmp = bytes(root.Metadata.read_bytes()).decode("utf-8") if "/Metadata" in root else ""
        if not re.search(r"pdfaid:part(?:>|=\")2", xmp):
            problems.append("XMP does not identify PDF/A part 2")
        if not re.search(r"pdfaid:conformance(?:>|=\")U", xmp):
            problems.append("XMP does not identify conformance level U")
        intents = [i for i in root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFA1"]
        if not intents or "/DestOutputProfile" not in intents[0]:
            problems.append("no PDF/A output intent with an embedded ICC profile")
        if "/JavaScript" in root.get("/Names", {}) or "/AA" in root:
            problems.append("document-level JavaScript or additional actions")
        for number, page in enumerate(doc.pages, start=1):
            problems.extend(_page_problems(number, page))
    return problems


def _page_problems(number: int, page: pikepdf.Page) -> list[str]:
    problems = []
    if "/AA" in page.obj:
        problems.append(f"page {number}: additional actions")
    for annot in page.obj.get("/Annots", []):
        action = annot.get("/A", {})
        if action.get("/S") in _FORBIDDEN_ACTIONS:
            problems.append(f"page {number}: forbidden action {action.get('/S')}")
    fonts = page.obj.get("/Resources", {}).get("/Font", {})
    for name, font in fonts.items():
        descendant = font.DescendantFonts[0] if font.get("/Subtype") == "/Type0" else font
        descriptor = descendant.get("/FontDescriptor", {})
        if not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()):
            problems.append(f"page {number}: font {name} not embedded")
        if "/ToUnicode" not in font:
            problems.append(f"page {number}: font {name} has no ToUnicode map (level U)")
    return problems
