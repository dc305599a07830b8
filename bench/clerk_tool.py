"""Benchmark of batch certificate printing against the clerk's tool today (issue 7).

Run from the project folder:

    DEBUG=1 .venv/bin/python -m bench.clerk_tool               # 200 certificates, 3 runs
    DEBUG=1 .venv/bin/python -m bench.clerk_tool --pages 20 --runs 1

Today the clerk mail-merges the certificate in Word into one document of N pages and turns
it into a PDF. Here: the same N certificates as `bench.certificates` seeds (the same texts,
from `awards.certificates.pages_of`, and the same 600 × 600 emblem) are written with
python-docx into one merged .docx (A4 landscape, a double page border, the emblem, the
texts in their sizes and colours, a page break between certificates; no QR code, which
the clerk's tool has none of), and LibreOffice headless converts it:
`soffice --headless --convert-to pdf`. Each conversion is a new LibreOffice process, as a
clerk runs it, after one conversion of a one-page document has created the user profile.
The LibreOffice process's CPU time and peak resident set are read from
`getrusage(RUSAGE_CHILDREN)` in a fresh subprocess.

LibreOffice (Debian's `libreoffice-writer-nogui`) is installed by this command only when
`soffice` is missing and we run as root (`apt-get install -y --no-install-recommends
libreoffice-writer-nogui`); the tests never install or need it. `--no-install` skips it.

In the same run and database, `bench.certificates`' own measurements (each in a fresh
subprocess): the portal's batch job (full design), the blank mode, and WeasyPrint alone on
the same pages. Ratios are portal / the other, in CPU time.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from bench import certificates
from bench.common import write_json
from bench.scale import bench_database

PACKAGE = "libreoffice-writer-nogui"
RED = "C00000"


def ensure_libreoffice(install: bool = True) -> str | None:
    """The path of `soffice`, installing Debian's package first when it is missing (root
    only; bench-only, never the tests). None when it cannot be had."""
    found = shutil.which("soffice")
    if found or not install:
        return found
    if os.geteuid() != 0:
        print(f"LibreOffice is missing and we are not root: apt-get install {PACKAGE} to compare.")
        return None
    print(f"Installing {PACKAGE} for this benchmark (apt-get, once)...", flush=True)
    command = ["apt-get", "install", "-y", "--no-install-recommends", PACKAGE]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    with tempfile.TemporaryFile() as log:
        if subprocess.run(command, env=env, stdout=log, stderr=log).returncode != 0:
            subprocess.run(["apt-get", "update"], env=env, stdout=log, stderr=log)
            if subprocess.run(command, env=env, stdout=log, stderr=log).returncode != 0:
                log.seek(0)
                print(log.read().decode(errors="replace")[-2000:])
                return None
    return shutil.which("soffice")


# --------------------------------------------------------------------------- the merged .docx


def _paragraph(container, text: str, size: float, *, bold=False, italic=False, color=None, underline=False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    paragraph = container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(2)
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    return paragraph


def _page_border(section) -> None:
    """A double dark-red border round every page, as the printed blanks have."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        for key, value in (("val", "double"), ("sz", "18"), ("space", "20"), ("color", "A6192E")):
            edge.set(qn(f"w:{key}"), value)
        borders.append(edge)
    section._sectPr.append(borders)


def build_docx(pages: list, emblem: bytes) -> bytes:
    """One merged .docx of `pages` (`certificates.CertificatePage`), a page each."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(14))
    _page_border(section)
    for number, page in enumerate(pages):
        _paragraph(document, "", 6).runs[0].add_picture(io.BytesIO(emblem), width=Mm(28))
        _paragraph(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 14, bold=True)
        _paragraph(document, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, underline=True)
        _paragraph(document, page.authority, 16, bold=True, color=RED)
        _paragraph(document, "TẶNG", 16, bold=True)
        _paragraph(document, "GIẤY KHEN", 40, bold=True, color=RED)
        _paragraph(document, page.name, 24, bold=True)
        if page.detail:
            _paragraph(document, page.detail, 15, italic=True)
        _paragraph(document, page.achievement, 15)
        table = document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.paragraphs[0].text = ""
        _paragraph(left, page.decision_line, 12.5, bold=True, italic=True)
        if page.book_line:
            _paragraph(left, page.book_line, 12.5, bold=True, italic=True)
        _paragraph(right, page.dateline, 14, italic=True)
        for line in page.capacity:
            _paragraph(right, line, 14, bold=True)
        _paragraph(right, "", 14)
        _paragraph(right, "", 14)
        _paragraph(right, page.signer, 14, bold=True)
        if number < len(pages) - 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_pages(path: pathlib.Path) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    with path.open("rb") as source:
        return int(PdfFileReader(source).root["/Pages"]["/Count"])


# --------------------------------------------------------------------------- measuring


def _convert(soffice: str, profile: pathlib.Path, docx: pathlib.Path, out: pathlib.Path) -> None:
    command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    command += ["--convert-to", "pdf", "--outdir", str(out), str(docx)]
    subprocess.run(command, check=True, capture_output=True, timeout=1800)


def _measure_soffice(soffice: str, docx: str, small: str, runs: int) -> dict:
    """Inside a fresh process: a warm-up conversion (profile), then `runs` conversions."""
    with tempfile.TemporaryDirectory(prefix="clerk-tool-") as folder:
        profile, out = pathlib.Path(folder, "profile"), pathlib.Path(folder, "out")
        _convert(soffice, profile, pathlib.Path(small), out)
        walls, cpus = [], []
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            _convert(soffice, profile, pathlib.Path(docx), out)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        pdf = out / (pathlib.Path(docx).stem + ".pdf")
        return {
            "seconds": statistics.median(walls),
            "cpu": min(cpus),
            "bytes": pdf.stat().st_size,
            "pages": pdf_pages(pdf),
            "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        }


def _clerk(soffice: str, decision_id: int, folder: pathlib.Path, runs: int) -> dict:
    """Write the merged .docx (and a one-page one), then convert in a fresh process."""
    from awards import certificates as portal
    from awards.models import CertificateDesign, Decision

    pages = portal.pages_of(Decision.objects.get(pk=decision_id).awards.order_by("position"))
    emblem = CertificateDesign.current().emblem.read()
    start = time.perf_counter()
    merged = build_docx(pages, emblem)
    built = time.perf_counter() - start
    docx, small = folder / "giay-khen.docx", folder / "one.docx"
    docx.write_bytes(merged)
    small.write_bytes(build_docx(pages[:1], emblem))
    command = [sys.executable, "-m", "bench.clerk_tool", "--child-soffice", soffice]
    command += ["--docx", str(docx), "--small", str(small), "--runs", str(runs)]
    output = subprocess.run(command, capture_output=True, text=True, check=True, env=os.environ.copy()).stdout
    return {**json.loads(output.strip().splitlines()[-1]), "docx_seconds": built, "docx_bytes": len(merged)}


def collect(pages: int, runs: int, install: bool = True) -> list[dict]:
    """Seed one decision of `pages` awards; measure the portal, WeasyPrint alone and the
    clerk's tool; return the table rows."""
    soffice = ensure_libreoffice(install)
    with tempfile.TemporaryDirectory(prefix="clerk-tool-bench-media-") as media:
        os.environ["MEDIA_ROOT"] = media
        with bench_database(prefix="clerk-tool-bench-"):
            decision_id = certificates.seed_decision(pages)
            html_path = pathlib.Path(media, "static.html")
            certificates.write_static_html(decision_id, html_path)
            results = {
                kind: certificates.run_child(kind, decision_id, html_path, runs)
                for kind in ("weasyprint", "job", "blank")
            }
            if soffice:
                results["clerk"] = _clerk(soffice, decision_id, pathlib.Path(media), runs)
    alone, job = results["weasyprint"], results["job"]
    rows = [
        {
            "name": f"{pages} certificates: portal batch job (full design)",
            "figure": job["cpu"],
            "unit": "s CPU",
            "baseline": alone["cpu"],
            "baseline_name": "WeasyPrint alone, same pages as static HTML",
            "ratio": job["cpu"] / alone["cpu"],
            "peak_mb": job["peak_mb"],
            "baseline_peak_mb": alone["peak_mb"],
            "detail": {"job": job, "weasyprint": alone, "runs": runs},
        },
        {
            "name": f"{pages} certificates: portal, blank mode (text only)",
            "figure": results["blank"]["cpu"],
            "unit": "s CPU",
            "baseline": alone["cpu"],
            "baseline_name": "WeasyPrint alone, same pages as static HTML (full design)",
            "ratio": results["blank"]["cpu"] / alone["cpu"],
            "peak_mb": results["blank"]["peak_mb"],
            "baseline_peak_mb": alone["peak_mb"],
            "detail": {"blank": results["blank"], "runs": runs},
        },
    ]
    if "clerk" in results:
        clerk = results["clerk"]
        rows.append(
            {
                "name": f"{pages} certificates: portal batch job vs clerk's tool (.docx → LibreOffice)",
                "figure": job["cpu"],
                "unit": "s CPU",
                "baseline": clerk["cpu"],
                "baseline_name": "LibreOffice headless converting the merged .docx",
                "ratio": job["cpu"] / clerk["cpu"],
                "peak_mb": job["peak_mb"],
                "baseline_peak_mb": clerk["peak_mb"],
                "detail": {
                    "job": job,
                    "clerk": clerk,
                    "wall_ratio": job["seconds"] / clerk["seconds"],
                    "runs": runs,
                },
            }
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="certificates in the batch (default 200)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per measurement (default 3)")
    parser.add_argument("--no-install", action="store_true", help="never install LibreOffice")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--child-soffice", help=argparse.SUPPRESS)
    parser.add_argument("--docx", help=argparse.SUPPRESS)
    parser.add_argument("--small", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_soffice:
        print(json.dumps(_measure_soffice(args.child_soffice, args.docx, args.small, args.runs)))
        return 0
    rows = collect(args.pages, args.runs, install=not args.no_install)
    first = rows[0]["detail"]
    measured = [("portal batch job", first["job"]), ("portal, blank mode", rows[1]["detail"]["blank"])]
    measured.append(("WeasyPrint alone", first["weasyprint"]))
    if len(rows) > 2:
        measured.append(("LibreOffice, merged .docx", rows[2]["detail"]["clerk"]))
    print(f"{args.pages} certificates, median of {args.runs} runs, each measurement in a fresh process")
    print(f"{'measurement':<28}{'wall s':>8}{'CPU s':>8}{'peak MB':>9}{'PDF KB':>8}")
    for label, m in measured:
        print(f"{label:<28}{m['seconds']:>8.2f}{m['cpu']:>8.2f}{m['peak_mb']:>9.0f}{m['bytes'] / 1024:>8.0f}")
    for row in rows:
        print(f"{row['name']}: ratio {row['ratio']:.2f} (CPU)")
    write_json(args.json, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
