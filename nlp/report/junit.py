"""Gaps as JUnit XML, which CI systems show as test results: one test case
per requirement; a gap is a failure unless it is accepted, ignored or below
the ``--fail-on`` threshold (then skipped, with the reason); n/a is skipped."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from nlp.report import GapsReport, ReportOptions, display_path, requirement_rows
from nlp.report.messages import load_messages
from nlp.sanitize import for_terminal

FAILING_OUTCOMES = (None, "fails", "not_gated")


def render_junit(report: GapsReport, options: ReportOptions) -> str:
    """The JUnit XML document of ``report``."""
    words, lang = load_messages(), options.lang
    name = for_terminal(display_path(report.record.source.path))  # no control characters: XML 1.0 forbids them
    suites = ET.Element("testsuites", name="jpolicy gaps")
    suite = ET.SubElement(suites, "testsuite", name=name, timestamp=options.generated.strftime("%Y-%m-%dT%H:%M:%S"))
    failures = skipped = 0
    rows = requirement_rows(report, options)
    for row in rows:
        case = ET.SubElement(suite, "testcase", name=f"{row.requirement} {row.title}",
                             classname=f"jpolicy.{report.profile if report.reference is None else 'reference'}",
                             file=name, time="0")
        if row.status == "n/a":
            skipped += 1
            ET.SubElement(case, "skipped", message=words.status(row.status, lang))
        elif row.is_gap and row.outcome not in FAILING_OUTCOMES:
            skipped += 1
            ET.SubElement(case, "skipped",
                          message=f"{words.label(row.outcome, lang) if row.outcome in ('accepted', 'ignored') else row.outcome}: "
                                  f"{for_terminal(row.outcome_reason)}")
        elif row.is_gap:
            failures += 1
            failure = ET.SubElement(case, "failure", type=row.severity,
                                    message=f"{words.status(row.status, lang)}: {for_terminal(row.gap or row.detail)}")
            failure.text = "\n".join(filter(None, [
                f"{words.label('law', lang)}: {row.law}",
                f"{words.label('severity', lang)}: {words.severity(row.severity, lang)}",
                f"{words.label('action', lang)}: {row.action}",
                *(f"{words.label('evidence', lang)}: {for_terminal(q.text)}" for q in row.quotes)]))
    suite.set("tests", str(len(rows)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    for key in ("tests", "failures", "errors", "skipped"):
        suites.set(key, suite.get(key))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"
