#!/usr/bin/env python3
"""A "foreign" scene set for the capture checks: camera-like pictures of identity documents and
of things that are not, drawn by code that shares nothing with the project's own scene generator
(crates/fixtures/src/scenes.rs), so a threshold fitted to how *we* draw shows up here.

Writes DIR/NNN-<what>.jpg and DIR/truth.json in the format `vision-eval --dir DIR` reads
(crates/idv-inspect/src/eval_dir.rs):

    e2e/.venv/bin/python tools/foreign-scenes/foreign_scenes.py --out /tmp/foreign
    cargo run --release -p idv-inspect --bin vision-eval -- --dir /tmp/foreign

What is drawn (numpy + Pillow; the PDF417 by pdf417gen; the MRZ in the OCR-B font the repo ships
in crates/fixtures/fonts/; every other text in Pillow's bundled default font, so no system font
is read and the output is the same on any machine with the pinned packages):

- ID-1 licence fronts (85.6 x 54 mm): tinted ground, wavy security lines, a header band of some
  colour and height, a portrait box (left or right), labelled fields, a signature;
- ID-1 backs: a real PDF417 carrying AAMVA-like text (DAQ, DCS, DAC, DBB, ...), some text, some
  with a magnetic-stripe-like band;
- TD3 passport data pages (125 x 88 mm): header, portrait, fields and a two-line MRZ with valid
  check digits;
- non-documents: a blank sheet, a printed page of text, a plain plastic card with no content, a
  screen (dark bezel, bright content), a bare desk;

placed with a 3-D pose (turn, tilt, distance) projected through a pinhole camera and warped with
Pillow's PERSPECTIVE transform onto surfaces (value noise, wood grain, woven fabric, stone,
cluttered desks with pens, keys, a mug, papers), lit by gradients with a colour cast, a soft
shadow, sometimes a highlight, then focus blur, sensor noise and JPEG.

Truth: the corners are the projected corners of the card (exactly where the warp puts them); a
back's barcode is legible when its narrowest module is >= 2.0 px in the frame (on the shorter
horizontal edge) and no glare, darkness or blur spoils it; an MRZ when its character pitch is
>= 9 px. On a cut-off document whose code is partly outside the frame the truth leaves
`code_legible` out (n/a): error correction may or may not make up for what is lost. Genuine
pictures are whole with a margin of 5 % of the frame's short side, and drawn so their codes are
legible; flawed ones carry one flaw each: glare over the text/barcode/MRZ, a dark room, focus
blur, or cut off by the frame's edge (12-30 % of the card's width outside).

Seeded and deterministic: the same --seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
from pathlib import Path

import numpy as np
import pdf417gen
from PIL import Image, ImageDraw, ImageFilter, ImageFont

REPO = Path(__file__).resolve().parents[2]
OCRB = REPO / "crates" / "fixtures" / "fonts" / "OCRB.otf"

ID1_MM = (85.6, 53.98)
TD3_MM = (125.0, 88.0)
# Texture resolution, pixels per millimetre.
PX_MM = 12.0
# Truth: the least barcode module and MRZ pitch, frame pixels, that count as legible.
MIN_MODULE_PX = 2.0
MIN_MRZ_PITCH_PX = 9.0

FIRST = ["ANNA", "JOSE", "MEI", "OLUWASEUN", "PIOTR", "SARAH", "DMITRI", "LUCIA", "KWAME",
         "INGRID", "RAVI", "CHLOE", "TOMAS", "AIKO", "FATIMA", "NOAH"]
LAST = ["KOWALSKA", "OKAFOR", "HERNANDEZ", "NAKAMURA", "LINDQVIST", "MURPHY", "ABERNATHY",
        "PETROVA", "SANTOS", "VAN DER BERG", "OSEI", "MARCHETTI", "DUBOIS", "KIM", "BRANDT"]
STREETS = ["ELM ST", "HARBOR RD", "MAPLE AVE", "3RD ST NW", "OAK LN", "RIVERSIDE DR", "MAIN ST"]
CITIES = [("SPRINGFIELD", "IL", "627010000"), ("PORTLAND", "OR", "972050000"),
          ("AUSTIN", "TX", "787010000"), ("DENVER", "CO", "802020000"),
          ("ALBANY", "NY", "122070000"), ("MADISON", "WI", "537030000")]
STATES = ["STATE OF ILLINOIS", "OREGON", "TEXAS", "COLORADO", "NEW YORK STATE", "WISCONSIN",
          "REPUBLIC OF UTOPIA", "COMMONWEALTH"]
COUNTRIES = [("UTO", "UTOPIA"), ("D", "GERMANY"), ("NLD", "NETHERLANDS"), ("CAN", "CANADA"),
             ("GBR", "UNITED KINGDOM"), ("IRL", "IRELAND")]


def font(size: float) -> ImageFont.FreeTypeFont:
    """Pillow's bundled scalable default font (no system font is read)."""
    return ImageFont.load_default(size=max(6, int(round(size))))


def ocrb(size: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(OCRB), max(6, int(round(size))))


# --- Surfaces --------------------------------------------------------------------------------


def value_noise(rng: np.random.Generator, h: int, w: int, cell: int) -> np.ndarray:
    """Smooth noise in [0, 1]: a coarse random grid, bicubically enlarged."""
    gh, gw = h // cell + 2, w // cell + 2
    grid = (rng.random((gh, gw)) * 255).astype(np.uint8)
    big = Image.fromarray(grid).resize((gw * cell, gh * cell), Image.BICUBIC)
    return np.asarray(big, dtype=np.float32)[:h, :w] / 255.0


def fractal(rng: np.random.Generator, h: int, w: int, base: int) -> np.ndarray:
    acc = np.zeros((h, w), np.float32)
    amp, total, cell = 1.0, 0.0, base
    while cell >= 4:
        acc += amp * value_noise(rng, h, w, cell)
        total += amp
        amp *= 0.55
        cell //= 2
    return acc / total


def colourise(t: np.ndarray, a, b) -> np.ndarray:
    a, b = np.array(a, np.float32), np.array(b, np.float32)
    return a + (b - a) * t[..., None]


def surface(rng: np.random.Generator, w: int, h: int, kind: str) -> np.ndarray:
    """An H x W x 3 float surface the document lies on."""
    if kind == "wood":
        hue = rng.uniform(0.6, 1.2)
        y, x = np.mgrid[0:h, 0:w].astype(np.float32)
        ang = rng.uniform(-0.3, 0.3)
        u = x * math.cos(ang) + y * math.sin(ang)
        v = -x * math.sin(ang) + y * math.cos(ang)
        warp = fractal(rng, h, w, 128) * rng.uniform(20, 60)
        rings = 0.5 + 0.5 * np.sin((v + warp) / rng.uniform(5, 14))
        grain = fractal(rng, h, w, 16)
        t = 0.6 * rings + 0.4 * grain
        dark = np.array([70, 42, 22]) * hue
        light = np.array([170, 120, 72]) * hue
        del u
        return colourise(t, np.clip(dark, 0, 255), np.clip(light, 0, 255))
    if kind == "fabric":
        y, x = np.mgrid[0:h, 0:w].astype(np.float32)
        p = rng.uniform(3.0, 7.0)
        weave = 0.5 + 0.25 * np.sin(x / p * math.pi) * np.sign(np.sin(y / p * math.pi)) \
            + 0.25 * np.sin(y / p * math.pi) * np.sign(np.sin(x / p * math.pi + 1.0))
        t = 0.5 * weave + 0.5 * fractal(rng, h, w, 64)
        base = rng.uniform(30, 200, 3)
        return colourise(t, base * 0.55, np.minimum(base * 1.1, 255))
    if kind == "stone":
        t = fractal(rng, h, w, 64)
        spk = (rng.random((h, w)) < 0.04).astype(np.float32) * rng.uniform(-0.5, 0.5)
        t = np.clip(t + spk, 0, 1)
        g = rng.uniform(60, 190)
        return colourise(t, (g * 0.6, g * 0.6, g * 0.62), (g * 1.15, g * 1.12, g * 1.1))
    if kind == "dark":
        t = fractal(rng, h, w, 128)
        g = rng.uniform(15, 45)
        return colourise(t, (g, g, g * 1.1), (g + 25, g + 25, g + 30))
    if kind == "light":
        t = fractal(rng, h, w, 256)
        g = rng.uniform(185, 225)
        return colourise(t, (g - 20, g - 20, g - 25), (g, g, g - 5))
    # "noise": a plain painted/laminate desk
    t = fractal(rng, h, w, 256)
    base = rng.uniform(40, 170, 3)
    return colourise(t, base * 0.8, np.minimum(base * 1.2, 255))


def clutter(rng: np.random.Generator, img: Image.Image, count: int, keep_out=None) -> None:
    """Pens, keys, coins, a mug, sticky notes, cables on the desk."""
    d = ImageDraw.Draw(img)
    w, h = img.size
    for _ in range(count):
        what = rng.choice(["pen", "coin", "mug", "note", "cable", "keys"])
        for _ in range(20):
            cx, cy = rng.uniform(0, w), rng.uniform(0, h)
            if keep_out is None or not near_quad(keep_out, cx, cy, margin=200):
                break
        else:
            continue
        col = tuple(int(c) for c in rng.uniform(20, 235, 3))
        if what == "pen":
            length, ang = rng.uniform(120, 320), rng.uniform(0, math.pi)
            dx, dy = math.cos(ang) * length / 2, math.sin(ang) * length / 2
            d.line([(cx - dx, cy - dy), (cx + dx, cy + dy)], fill=col, width=int(rng.uniform(7, 14)))
            d.line([(cx - dx, cy - dy), (cx + dx, cy + dy)], fill=tuple(min(255, c + 50) for c in col), width=2)
        elif what == "coin":
            r = rng.uniform(12, 22)
            g = int(rng.uniform(120, 200))
            d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(g, int(g * 0.85), int(g * 0.5)), outline=(60, 50, 30))
        elif what == "mug":
            r = rng.uniform(55, 90)
            d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=col, outline=(30, 30, 30), width=3)
            d.ellipse([cx - r * 0.8, cy - r * 0.8, cx + r * 0.8, cy + r * 0.8], fill=(50, 30, 20))
        elif what == "note":
            s = rng.uniform(60, 110)
            pal = [(250, 235, 110), (255, 170, 190), (170, 230, 250), (190, 250, 160)]
            c = pal[int(rng.integers(len(pal)))]
            ang = rng.uniform(0, math.tau)
            pts = [(cx + s * math.cos(ang + k * math.pi / 2), cy + s * math.sin(ang + k * math.pi / 2)) for k in range(4)]
            d.polygon(pts, fill=c)
        elif what == "cable":
            pts = [(cx, cy)]
            ang = rng.uniform(0, math.tau)
            for _ in range(12):
                ang += rng.uniform(-0.6, 0.6)
                pts.append((pts[-1][0] + 40 * math.cos(ang), pts[-1][1] + 40 * math.sin(ang)))
            d.line(pts, fill=(25, 25, 25) if rng.random() < 0.6 else (235, 235, 235), width=int(rng.uniform(4, 9)), joint="curve")
        else:
            for k in range(3):
                a = rng.uniform(0, math.tau)
                x2, y2 = cx + 60 * math.cos(a), cy + 60 * math.sin(a)
                d.line([(cx, cy), (x2, y2)], fill=(160, 160, 150), width=9)
                d.ellipse([x2 - 14, y2 - 14, x2 + 14, y2 + 14], outline=(150, 150, 140), width=5)


def background(rng: np.random.Generator, w: int, h: int, kind: str) -> Image.Image:
    return Image.fromarray(np.clip(surface(rng, w, h, kind), 0, 255).astype(np.uint8))


# --- Documents (flat textures, PX_MM pixels a millimetre) -------------------------------------


def person(rng: np.random.Generator) -> dict:
    first, last = FIRST[int(rng.integers(len(FIRST)))], LAST[int(rng.integers(len(LAST)))]
    city, state, zipc = CITIES[int(rng.integers(len(CITIES)))]
    year = int(rng.integers(1950, 2004))
    month, day = int(rng.integers(1, 13)), int(rng.integers(1, 29))
    return {
        "first": first, "last": last, "middle": FIRST[int(rng.integers(len(FIRST)))][0],
        "street": f"{int(rng.integers(1, 9999))} {STREETS[int(rng.integers(len(STREETS)))]}",
        "city": city, "state": state, "zip": zipc,
        "dob": (year, month, day),
        "exp": (int(rng.integers(2027, 2034)), month, day),
        "iss": (int(rng.integers(2019, 2026)), int(rng.integers(1, 13)), int(rng.integers(1, 29))),
        "number": "".join(str(int(d)) for d in rng.integers(0, 10, 9)),
        "sex": "F" if rng.random() < 0.5 else "M",
        "height": int(rng.integers(150, 200)),
        "eyes": ["BRO", "BLU", "GRN", "HAZ"][int(rng.integers(4))],
    }


def guilloche(rng: np.random.Generator, d: ImageDraw.ImageDraw, w: int, h: int, col) -> None:
    for k in range(int(rng.integers(6, 16))):
        amp, per, ph = rng.uniform(8, 40), rng.uniform(80, 300), rng.uniform(0, math.tau)
        y0 = rng.uniform(0, h)
        pts = [(x, y0 + amp * math.sin(x / per * math.tau + ph)) for x in range(0, w + 8, 8)]
        d.line(pts, fill=col, width=2)


def portrait(rng: np.random.Generator, img: Image.Image, box) -> None:
    """A head-and-shoulders silhouette in `box`, drawn apart and pasted so it stays inside."""
    x0, y0, x1, y1 = (int(v) for v in box)
    bw, bh = x1 - x0, y1 - y0
    pic = Image.new("RGB", (bw, bh), tuple(int(c) for c in rng.uniform(150, 235, 3)))
    d = ImageDraw.Draw(pic)
    cx = bw / 2
    skin = tuple(int(c) for c in np.array([rng.uniform(90, 230)] * 3) * np.array([1.0, 0.8, 0.65]))
    hair = tuple(int(c) for c in rng.uniform(10, 110, 3))
    d.ellipse([cx - bw * 0.45, bh * 0.70, cx + bw * 0.45, bh * 1.4], fill=tuple(int(c) for c in rng.uniform(20, 160, 3)))
    d.ellipse([cx - bw * 0.24, bh * 0.14, cx + bw * 0.24, bh * 0.66], fill=hair)
    d.ellipse([cx - bw * 0.2, bh * 0.2, cx + bw * 0.2, bh * 0.68], fill=skin)
    d.rectangle([0, 0, bw - 1, bh - 1], outline=(90, 90, 90), width=2)
    img.paste(pic, (x0, y0))


def rounded_mask(w: int, h: int, r: float) -> Image.Image:
    m = Image.new("L", (w, h), 0)
    ImageDraw.Draw(m).rounded_rectangle([0, 0, w - 1, h - 1], radius=int(r), fill=255)
    return m


def printed_ground(rng: np.random.Generator, w: int, h: int, lo: float, hi: float, grain: int, shade: float):
    """A document's printed ground: a colour drawn between `lo` and `hi` per channel, mottled
    down to `shade` of it at `grain` pixels. Returns the picture, a pen on it and the colour."""
    ground = rng.uniform(lo, hi, 3)
    img = Image.fromarray(np.clip(colourise(fractal(rng, h, w, grain), ground * shade, ground), 0, 255).astype(np.uint8))
    return img, ImageDraw.Draw(img), ground


def card_front(rng: np.random.Generator, p: dict) -> tuple[Image.Image, dict]:
    w, h = int(ID1_MM[0] * PX_MM), int(ID1_MM[1] * PX_MM)
    img, d, ground = printed_ground(rng, w, h, 200, 248, 128, 0.93)
    guilloche(rng, d, w, h, tuple(int(c) for c in ground * rng.uniform(0.8, 0.92)))
    band_h = int(h * rng.uniform(0.10, 0.24))
    band = tuple(int(c) for c in rng.choice([[20, 50, 120], [150, 20, 30], [20, 100, 60], [90, 40, 120], [10, 10, 10], [200, 120, 20], [30, 120, 170]]))
    at_top = rng.random() < 0.8
    by = 0 if at_top else h - band_h
    d.rectangle([0, by, w, by + band_h], fill=band)
    title = ["DRIVER LICENSE", "DRIVER'S LICENSE", "IDENTIFICATION CARD", "DRIVING LICENCE"][int(rng.integers(4))]
    state = STATES[int(rng.integers(len(STATES)))]
    d.text((int(w * 0.04), by + band_h * 0.12), state, font=font(band_h * 0.42), fill=(255, 255, 255))
    d.text((int(w * 0.04), by + band_h * 0.58), title, font=font(band_h * 0.3), fill=(235, 235, 235))
    left = rng.random() < 0.75
    top = band_h + 20 if at_top else 20
    ph_w, ph_h = int(w * rng.uniform(0.25, 0.32)), int(h * rng.uniform(0.45, 0.58))
    ph_x = int(w * 0.04) if left else w - ph_w - int(w * 0.04)
    portrait(rng, img, (ph_x, top + 10, ph_x + ph_w, top + 10 + ph_h))
    tx = ph_x + ph_w + int(w * 0.04) if left else int(w * 0.05)
    size = rng.uniform(22, 32)
    lab_col = tuple(int(c) for c in np.array(band) * 0.8)
    fields = [("DL", p["number"]), ("EXP", "%02d/%02d/%04d" % (p["exp"][1], p["exp"][2], p["exp"][0])),
              ("LN", p["last"]), ("FN", p["first"] + " " + p["middle"]), ("", p["street"]),
              ("", "%s, %s %s" % (p["city"], p["state"], p["zip"][:5])),
              ("DOB", "%02d/%02d/%04d" % (p["dob"][1], p["dob"][2], p["dob"][0])),
              ("SEX", p["sex"] + "   HGT " + str(p["height"]) + " cm   EYES " + p["eyes"])]
    y = top + 4
    for lab, val in fields:
        if y > h - size * 2.2:
            break
        if lab:
            d.text((tx, y + size * 0.25), lab, font=font(size * 0.6), fill=lab_col)
        d.text((tx + size * 1.9, y), val, font=font(size), fill=(15, 15, 20))
        y += size * rng.uniform(1.25, 1.5)
    # Signature under the photo.
    sx, sy = ph_x + 8, top + ph_h + 40
    pts = [(sx + k * 6, sy + 10 * math.sin(k * rng.uniform(0.3, 0.9)) + rng.uniform(-3, 3)) for k in range(int(ph_w / 6))]
    if sy + 25 < h:
        d.line(pts, fill=(20, 20, 80), width=3)
    # Content boxes (frame-free): the text block and the portrait, for glare placement.
    return img, {"content": [(tx / w, top / h, 0.95, min(y, h) / h), (ph_x / w, top / h, (ph_x + ph_w) / w, (top + ph_h) / h)]}


def aamva_text(p: dict) -> str:
    def date(t):
        return "%02d%02d%04d" % (t[1], t[2], t[0])
    fields = [("DAQ", p["number"]), ("DCS", p["last"]), ("DAC", p["first"]), ("DAD", p["middle"]),
              ("DBD", date(p["iss"])), ("DBB", date(p["dob"])), ("DBA", date(p["exp"])),
              ("DBC", "2" if p["sex"] == "F" else "1"), ("DAY", p["eyes"]), ("DAU", "%03d CM" % p["height"]),
              ("DAG", p["street"]), ("DAI", p["city"]), ("DAJ", p["state"]), ("DAK", p["zip"]),
              ("DCF", p["number"][::-1] + "X"), ("DCG", "USA"), ("DDE", "N"), ("DDF", "N"), ("DDG", "N")]
    body = "DL" + "".join(k + v + "\n" for k, v in fields)
    body = body[:-1] + "\r"
    # Header: compliance indicator, separators, "ANSI ", IIN, version, jurisdiction version,
    # one subfile; its offset and length, as AAMVA writes them.
    header_len = 21 + 10
    return "@\n\x1e\rANSI 636000" + "10" + "00" + "01" + "DL" + "%04d" % header_len + "%04d" % len(body) + body


def card_back(rng: np.random.Generator, p: dict) -> tuple[Image.Image, dict]:
    w, h = int(ID1_MM[0] * PX_MM), int(ID1_MM[1] * PX_MM)
    img, d, ground = printed_ground(rng, w, h, 215, 250, 96, 0.94)
    if rng.random() < 0.5:
        guilloche(rng, d, w, h, tuple(int(c) for c in ground * 0.88))
    codes = pdf417gen.encode(aamva_text(p), columns=int(rng.integers(9, 14)), security_level=int(rng.integers(3, 6)))
    # Module 0.25-0.33 mm (10-13 mil), rows 3 modules high: as licences print them.
    module = int(rng.integers(3, 5))
    bar = pdf417gen.render_image(codes, scale=module, ratio=3, padding=0, fg_color="#000000", bg_color="#FFFFFF")
    if bar.width > w * 0.94:
        module = max(2, int(module * w * 0.94 / bar.width))
        bar = pdf417gen.render_image(codes, scale=module, ratio=3, padding=0, fg_color="#000000", bg_color="#FFFFFF")
    bx = int((w - bar.width) / 2 + rng.uniform(-0.3, 0.3) * (w - bar.width) / 2)
    layout = int(rng.integers(3))
    if layout == 0:  # barcode low, text above
        by = h - bar.height - int(h * rng.uniform(0.05, 0.12))
    elif layout == 1:  # barcode high, text below
        by = int(h * rng.uniform(0.06, 0.14))
    else:  # stripe on top, barcode in the middle
        d.rectangle([0, int(h * 0.06), w, int(h * 0.24)], fill=(25, 22, 20))
        by = int(h * 0.30)
    by = max(8, min(by, h - bar.height - 8))
    # A white quiet zone around the symbol.
    q = module * 2
    d.rectangle([bx - q, by - q, bx + bar.width + q, by + bar.height + q], fill=(252, 252, 250))
    img.paste(bar, (bx, by))
    size = rng.uniform(18, 26)
    lines = ["RESTRICTIONS: NONE", "ENDORSEMENTS: NONE", "CLASS D   ORGAN DONOR",
             "If found, return to any licensing office.", "DD " + p["number"][::-1] + "0421"]
    ty = int(h * 0.06) if layout == 0 else by + bar.height + int(h * 0.05)
    for line in lines:
        if ty + size > h - 6 or (layout == 0 and ty + size > by - q - 4):
            break
        if layout == 2 and ty < h * 0.26:
            ty = int(h * 0.26) + bar.height + 20
            continue
        d.text((int(w * 0.05), ty), line, font=font(size), fill=(30, 30, 30))
        ty += size * 1.35
    bar_box = (bx / w, by / h, (bx + bar.width) / w, (by + bar.height) / h)
    return img, {"module_tex": float(module), "barcode": bar_box, "content": [bar_box]}


def check_digit(s: str) -> str:
    weights, total = (7, 3, 1), 0
    for i, c in enumerate(s):
        v = int(c) if c.isdigit() else (ord(c) - 55 if c.isalpha() else 0)
        total += v * weights[i % 3]
    return str(total % 10)


def td3_mrz(p: dict, country: str) -> tuple[str, str]:
    def name_field():
        s = (p["last"].replace(" ", "<") + "<<" + p["first"] + "<" + ("ANNE" if p["sex"] == "F" else "JAMES"))
        return ("P<" + country.ljust(3, "<") + s)[:44].ljust(44, "<")
    number = ("X" + p["number"][:8])[:9]
    dob = "%02d%02d%02d" % (p["dob"][0] % 100, p["dob"][1], p["dob"][2])
    exp = "%02d%02d%02d" % (p["exp"][0] % 100, p["exp"][1], p["exp"][2])
    personal = p["number"][::-1].ljust(14, "<")
    nat = country.ljust(3, "<")
    line2 = number + check_digit(number) + nat + dob + check_digit(dob) + p["sex"] + exp + check_digit(exp) + personal + check_digit(personal)
    composite = line2[0:10] + line2[13:20] + line2[21:43]
    line2 += check_digit(composite)
    assert len(line2) == 44, line2
    return name_field(), line2


def passport_page(rng: np.random.Generator, p: dict) -> tuple[Image.Image, dict]:
    w, h = int(TD3_MM[0] * PX_MM), int(TD3_MM[1] * PX_MM)
    img, d, ground = printed_ground(rng, w, h, 205, 245, 160, 0.9)
    guilloche(rng, d, w, h, tuple(int(c) for c in ground * rng.uniform(0.82, 0.9)))
    code, cname = COUNTRIES[int(rng.integers(len(COUNTRIES)))]
    head = int(h * rng.uniform(0.07, 0.12))
    band = tuple(int(c) for c in rng.uniform(30, 160, 3))
    if rng.random() < 0.6:
        d.rectangle([0, 0, w, head], fill=band)
        hc = (250, 250, 250)
    else:
        hc = band
    d.text((int(w * 0.04), head * 0.2), "PASSPORT   " + cname, font=font(head * 0.55), fill=hc)
    # MRZ: ICAO 9303 TD3, two lines of 44 at 2.54 mm pitch, the lower one 17 mm above the page's
    # bottom edge plus a margin, OCR-B ~2.3 mm cap height.
    l1, l2 = td3_mrz(p, code)
    pitch = 2.54 * PX_MM
    # OCR-B at its own scale: one advance is one 2.54 mm pitch (its cap height is 0.723 em), +/-3 %.
    f = ocrb(2.54 / 0.723 * PX_MM * rng.uniform(0.97, 1.03))
    x0 = (w - 44 * pitch) / 2
    y2 = h - rng.uniform(5.0, 7.5) * PX_MM
    y1 = y2 - rng.uniform(4.2, 4.8) * PX_MM
    mrz_top = y1 - 2.6 * PX_MM
    d.rectangle([0, mrz_top - 6, w, h], fill=tuple(int(c) for c in ground))
    for line, yb in ((l1, y1), (l2, y2)):
        for i, ch in enumerate(line):
            d.text((x0 + i * pitch + pitch / 2, yb), ch, font=f, fill=(18, 18, 22), anchor="ms")
    ph_w, ph_h = int(w * 0.27), int(h * 0.45)
    ph_x, ph_y = int(w * 0.04), head + int(h * 0.06)
    portrait(rng, img, (ph_x, ph_y, ph_x + ph_w, ph_y + ph_h))
    tx, ty = ph_x + ph_w + int(w * 0.05), head + int(h * 0.05)
    size = rng.uniform(20, 28)
    rows = [("Type / Type", "P"), ("Surname / Nom", p["last"]), ("Given names / Prenoms", p["first"]),
            ("Nationality", cname), ("Date of birth", "%02d %s %04d" % (p["dob"][2], "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC"[3 * p["dob"][1] - 3:3 * p["dob"][1]], p["dob"][0])),
            ("Sex", p["sex"]), ("Date of expiry", "%02d/%02d/%04d" % (p["exp"][2], p["exp"][1], p["exp"][0]))]
    for lab, val in rows:
        if ty + size * 2 > mrz_top - 10:
            break
        d.text((tx, ty), lab, font=font(size * 0.6), fill=(80, 80, 110))
        d.text((tx, ty + size * 0.7), val, font=font(size), fill=(15, 15, 20))
        ty += size * 1.9
    mrz_box = (x0 / w, mrz_top / h, (x0 + 44 * pitch) / w, min(h, y2 + 1.2 * PX_MM) / h)
    return img, {"pitch_tex": pitch, "mrz": mrz_box, "content": [mrz_box, (tx / w, head / h, 0.95, ty / h)]}


# --- Non-documents ---------------------------------------------------------------------------


def paper(rng: np.random.Generator, text: bool) -> Image.Image:
    a4 = rng.random() < 0.6
    w, h = (1050, 1485) if a4 else (1080, 1398)
    g = rng.uniform(225, 250)
    img = Image.fromarray(np.clip(colourise(fractal(rng, h, w, 256), (g - 8,) * 3, (g, g, g - 3)), 0, 255).astype(np.uint8))
    if text:
        d = ImageDraw.Draw(img)
        words = "the of patient record form please sign date address insurance number claim policy visit clinic notes total".split()
        y, size = 110, rng.uniform(20, 28)
        d.text((90, y - 60), "Patient information sheet", font=font(size * 1.6), fill=(20, 20, 20))
        while y < h - 120:
            x = 90
            while x < w - 200:
                wd = words[int(rng.integers(len(words)))]
                d.text((x, y), wd, font=font(size), fill=(25, 25, 25))
                x += d.textlength(wd + " ", font=font(size))
            y += size * 1.5
            if rng.random() < 0.12:
                y += size
    if rng.random() < 0.5:  # landscape on the desk
        img = img.rotate(90, expand=True)
    return img


def plain_card(rng: np.random.Generator) -> Image.Image:
    w, h = int(ID1_MM[0] * PX_MM), int(ID1_MM[1] * PX_MM)
    c0 = rng.uniform(20, 240, 3)
    c1 = np.clip(c0 + rng.uniform(-40, 40, 3), 0, 255)
    x = np.linspace(0, 1, w, dtype=np.float32)[None, :].repeat(h, 0)
    return Image.fromarray(np.clip(colourise(x, c0, c1), 0, 255).astype(np.uint8))


def screen(rng: np.random.Generator) -> Image.Image:
    phone = rng.random() < 0.5
    w, h = (760, 1560) if phone else (1600, 1000)
    img = Image.new("RGB", (w, h), (12, 12, 14))
    d = ImageDraw.Draw(img)
    bz = int(0.04 * min(w, h))
    inner = [bz, bz, w - bz, h - bz]
    top = tuple(int(c) for c in rng.uniform(150, 255, 3))
    d.rectangle(inner, fill=top)
    for _ in range(int(rng.integers(4, 10))):
        x0, y0 = rng.uniform(bz, w - bz - 100), rng.uniform(bz, h - bz - 60)
        d.rectangle([x0, y0, min(w - bz, x0 + rng.uniform(80, 500)), min(h - bz, y0 + rng.uniform(30, 200))], fill=tuple(int(c) for c in rng.uniform(0, 255, 3)))
    for k in range(8):
        d.text((bz + 30, bz + 40 + k * 50), "Inbox  (%d)  Meeting notes" % k, font=font(30), fill=(30, 30, 30))
    if phone and rng.random() < 0.5:
        img = img.rotate(90, expand=True)
    return img


# --- Camera ----------------------------------------------------------------------------------


def pose(rng: np.random.Generator, fw: int, fh: int, aspect: float, width_frac: float,
         roll_deg: float, tilt_deg: float) -> np.ndarray:
    """Corners (TL, TR, BR, BL of the texture) of a rectangle of `aspect` turned by `roll`,
    tilted by up to `tilt` about a random axis, projected through a pinhole camera so its
    projected width is about `width_frac` of the frame. Returns 4 x 2 frame pixels."""
    focal = 0.9 * max(fw, fh)
    w3, h3 = 1.0, 1.0 / aspect
    pts = np.array([[-w3 / 2, -h3 / 2, 0], [w3 / 2, -h3 / 2, 0], [w3 / 2, h3 / 2, 0], [-w3 / 2, h3 / 2, 0]], np.float64)
    r = math.radians(roll_deg)
    rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    axis = rng.uniform(0, math.tau)
    t = math.radians(tilt_deg)
    ax = np.array([math.cos(axis), math.sin(axis), 0.0])
    k = np.array([[0, -ax[2], ax[1]], [ax[2], 0, -ax[0]], [-ax[1], ax[0], 0]])
    rt = np.eye(3) + math.sin(t) * k + (1 - math.cos(t)) * (k @ k)
    p = pts @ rz.T @ rt.T
    z = focal / (width_frac * fw)  # distance giving that width at the centre
    p[:, 2] += z
    proj = np.stack([focal * p[:, 0] / p[:, 2], focal * p[:, 1] / p[:, 2]], 1)
    return proj


def place(proj: np.ndarray, fw: int, fh: int, cx: float, cy: float) -> np.ndarray:
    return proj + np.array([cx, cy])


def homography(src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """The 3x3 H with dst ~ H src (4 point pairs)."""
    a, b = [], []
    for (x, y), (u, v) in zip(src, dst):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y]); b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y]); b.append(v)
    hv = np.linalg.solve(np.array(a, np.float64), np.array(b, np.float64))
    return np.append(hv, 1.0).reshape(3, 3)


SS = 2  # supersampling of the warp (antialiased edges)


def composite(frame: Image.Image, tex: Image.Image, corners: np.ndarray, radius_px: float,
              shade: float = 1.0) -> None:
    """Warps `tex` so its corners land on `corners` (frame pixels) and lays it on `frame`."""
    fw, fh = frame.size
    tw, th = tex.size
    src = np.array([[0, 0], [tw, 0], [tw, th], [0, th]], np.float64)
    dst = corners * SS
    hinv = homography(dst, src)  # output -> input, as PERSPECTIVE wants
    coeffs = tuple((hinv / hinv[2, 2]).flatten()[:8])
    big = (fw * SS, fh * SS)
    warped = tex.transform(big, Image.PERSPECTIVE, coeffs, Image.BICUBIC, fillcolor=(0, 0, 0))
    mask = rounded_mask(tw, th, radius_px).transform(big, Image.PERSPECTIVE, coeffs, Image.BILINEAR, fillcolor=0)
    warped = warped.resize((fw, fh), Image.BOX)
    mask = mask.resize((fw, fh), Image.BOX)
    if shade != 1.0:
        warped = Image.fromarray(np.clip(np.asarray(warped, np.float32) * shade, 0, 255).astype(np.uint8))
    frame.paste(warped, (0, 0), mask)


def drop_shadow(frame: Image.Image, corners: np.ndarray, rng: np.random.Generator) -> None:
    """The card's own soft shadow on the surface."""
    fw, fh = frame.size
    m = Image.new("L", (fw, fh), 0)
    off = rng.uniform(2, 9, 2)
    ImageDraw.Draw(m).polygon([tuple(c + off) for c in corners], fill=int(rng.uniform(60, 130)))
    m = m.filter(ImageFilter.GaussianBlur(rng.uniform(4, 10)))
    dark = Image.new("RGB", (fw, fh), (0, 0, 0))
    frame.paste(Image.composite(dark, frame, m), (0, 0))


def light(arr: np.ndarray, rng: np.random.Generator, gain: float) -> np.ndarray:
    """Gradient lighting, a colour cast, maybe a soft shadow across the frame."""
    h, w = arr.shape[:2]
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = rng.uniform(0, math.tau)
    g = (x - w / 2) * math.cos(ang) + (y - h / 2) * math.sin(ang)
    g /= max(w, h) / 2
    field = gain * (1.0 + rng.uniform(0.05, 0.22) * g)
    if rng.random() < 0.35:  # a soft shadow edge (a hand, the phone)
        a2 = rng.uniform(0, math.tau)
        s = (x - w / 2) * math.cos(a2) + (y - h / 2) * math.sin(a2) - rng.uniform(0.25, 0.5) * max(w, h)
        field *= 1.0 - rng.uniform(0.2, 0.4) / (1.0 + np.exp(-s / rng.uniform(15, 60)))
    cast = np.array([1.0, 1.0, 1.0]) + rng.uniform(-0.07, 0.07, 3)
    return arr * field[..., None] * cast


def glare_blob(arr: np.ndarray, cx: float, cy: float, rx: float, ry: float, ang: float,
               strength: float) -> None:
    """A specular highlight: blends to white with a Gaussian fall-off; the core clips."""
    h, w = arr.shape[:2]
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    u = (x - cx) * math.cos(ang) + (y - cy) * math.sin(ang)
    v = -(x - cx) * math.sin(ang) + (y - cy) * math.cos(ang)
    t = np.exp(-((u / rx) ** 2 + (v / ry) ** 2) * 2.0) * strength
    t = np.clip(t, 0, 1)[..., None]
    arr[:] = arr * (1 - t) + 255.0 * t


def finish(img: Image.Image, rng: np.random.Generator, gain: float, blur: float, noise: float,
           quality: int, glare=None) -> bytes:
    arr = np.asarray(img, np.float32)
    arr = light(arr, rng, gain)
    # The camera's auto-exposure: the brightest 0.5 % of the scene (glare aside) lands at
    # about 236 at most, as a phone meters a scene; a dark room stays dark.
    top = float(np.percentile(arr.mean(axis=2), 99.5))
    if top > 236.0:
        arr *= 236.0 / top
    if glare is not None:
        glare_blob(arr, *glare)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    if blur > 0:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    arr = np.asarray(out, np.float32)
    arr = arr + rng.normal(0, noise, arr.shape[:2])[..., None] + rng.normal(0, noise * 0.4, arr.shape)
    out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=quality, subsampling=2 if quality < 88 else 0)
    return buf.getvalue()


# --- Scenes ----------------------------------------------------------------------------------

SURFACES = ["wood", "fabric", "stone", "dark", "light", "noise"]


def in_frame(c: np.ndarray, fw: int, fh: int, margin: float) -> bool:
    return bool((c[:, 0] >= margin).all() and (c[:, 0] <= fw - margin).all()
                and (c[:, 1] >= margin).all() and (c[:, 1] <= fh - margin).all())


def frame_box(corners: np.ndarray, box) -> tuple[float, float]:
    """A point of a texture-relative box, in frame pixels (the box's centre)."""
    u, v = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    tl, tr, br, bl = corners
    top = tl + (tr - tl) * u
    bot = bl + (br - bl) * u
    p = top + (bot - top) * v
    return float(p[0]), float(p[1])


def scene(index: int, seed: int, what: str, flaw: str | None, quality_override: int | None = None) -> tuple[bytes, dict]:
    rng = np.random.default_rng([seed, index])
    portrait_frame = rng.random() < 0.2 and what not in ("back",)
    fw, fh = (720, 1280) if portrait_frame else (1280, 720)
    kind = SURFACES[int(rng.integers(len(SURFACES)))]
    frame = background(rng, fw, fh, kind)
    n_clutter = int(rng.integers(1, 7)) if rng.random() < 0.5 else 0
    entry: dict = {}
    p = person(rng)
    gain = rng.uniform(0.85, 1.1)
    blur = rng.uniform(0.0, 0.7)
    noise = rng.uniform(1.5, 4.0)
    quality = int(rng.integers(75, 95))
    glare = None
    doc = what in ("front", "back", "passport")
    if doc:
        if what == "front":
            tex, info = card_front(rng, p)
        elif what == "back":
            tex, info = card_back(rng, p)
        else:
            tex, info = passport_page(rng, p)
        aspect = tex.width / tex.height
        radius = 3.18 * PX_MM if what != "passport" else 2.0 * PX_MM
        roll = rng.uniform(-12, 12)
        tilt = rng.uniform(0, 18)
        lo, hi = (0.62, 0.85) if fw > fh else (0.78, 0.92)
        if what == "back":
            lo, hi = 0.72, 0.88
        # Whole in frame with a margin (5 % of the short side, as a person frames a card)
        # unless it is the cut-off flaw; shrink until it fits.
        margin = 0.05 * min(fw, fh)
        wf = rng.uniform(lo, hi)
        for _ in range(200):
            proj = pose(rng, fw, fh, aspect, wf, roll, tilt)
            cx = fw / 2 + rng.uniform(-0.06, 0.06) * fw
            cy = fh / 2 + rng.uniform(-0.06, 0.06) * fh
            c = place(proj, fw, fh, cx, cy)
            if in_frame(c, fw, fh, margin):
                break
            wf *= 0.985
        else:
            raise RuntimeError(f"scene {index}: no pose fits the frame")
        if flaw == "cut_off":
            # Slide it sideways until 12-30 % of its width runs past the frame's edge.
            span = c[:, 0].max() - c[:, 0].min()
            past = rng.uniform(0.12, 0.3) * span
            if rng.random() < 0.5:
                c[:, 0] += -c[:, 0].min() - past
            else:
                c[:, 0] += fw - c[:, 0].max() + past
        if n_clutter:
            clutter(rng, frame, n_clutter, keep_out=c)
        drop_shadow(frame, c, rng)
        composite(frame, tex, c, radius)
        entry["corners"] = [[round(float(x), 2), round(float(y), 2)] for x, y in c]
        # The narrowest horizontal edge sets the scale of codes (perspective shrinks one side).
        top_len = float(np.hypot(*(c[1] - c[0])))
        bot_len = float(np.hypot(*(c[2] - c[3])))
        scale = min(top_len, bot_len) / tex.width
        if flaw == "glare":
            box = info["content"][0]
            gx, gy = frame_box(c, box)
            size = top_len * rng.uniform(0.07, 0.14)
            glare = (gx + rng.uniform(-0.2, 0.2) * size, gy + rng.uniform(-0.2, 0.2) * size,
                     size * rng.uniform(1.2, 2.2), size * rng.uniform(0.5, 1.0), rng.uniform(0, math.pi),
                     rng.uniform(1.6, 2.6))
        elif flaw == "dark":
            gain = rng.uniform(0.12, 0.28)
            noise = rng.uniform(4.0, 8.0)
        elif flaw == "blur":
            blur = rng.uniform(3.5, 6.0)
        elif rng.random() < 0.15:
            # A highlight off the document, on the desk: not over content.
            gx, gy = rng.uniform(0, fw), rng.uniform(0, fh)
            if not near_quad(c, gx, gy, margin=0.25 * top_len):
                glare = (gx, gy, 60.0, 30.0, rng.uniform(0, math.pi), 1.3)
        entry["glare_over_content"] = flaw == "glare"
        # The code is spoiled by glare (placed over it), darkness and blur; cut off only when
        # part of the code itself is outside the frame.
        spoiled = flaw in ("glare", "dark", "blur")
        code_box = info.get("barcode") or info.get("mrz")
        code_known = True
        if flaw == "cut_off" and code_box is not None:
            # Whole in the frame: as legible as any. Partly out: a PDF417's error correction
            # may or may not make up for the rows lost, so the truth does not say (n/a).
            code_known = in_frame(tex_to_frame(c, tex.size, code_box), fw, fh, 1.0)
        if what == "back":
            module_px = info["module_tex"] * scale
            if code_known:
                entry["code_legible"] = bool(module_px >= MIN_MODULE_PX and not spoiled)
            entry["_module_px"] = round(module_px, 2)
        if what == "passport":
            pitch_px = info["pitch_tex"] * scale
            if code_known:
                entry["code_legible"] = bool(pitch_px >= MIN_MRZ_PITCH_PX and not spoiled)
            entry["_mrz_pitch_px"] = round(pitch_px, 2)
        if flaw is None:
            legible = entry.get("code_legible", True)
            entry["class"] = "genuine" if legible else "flawed"
            if not legible:
                entry["flaw"] = "other"
        else:
            entry["class"] = "flawed"
            entry["flaw"] = flaw
        entry["side"] = what
    else:
        # Non-documents, shown to a document step.
        entry["class"] = "non_document"
        entry["side"] = ["front", "back", "passport"][int(rng.integers(3))]
        if what == "desk":
            clutter(rng, frame, int(rng.integers(2, 9)))
        elif n_clutter:
            clutter(rng, frame, n_clutter)
        else:
            if what == "blank":
                tex = paper(rng, False)
            elif what == "page":
                tex = paper(rng, True)
            elif what == "plain_card":
                tex = plain_card(rng)
            else:
                tex = screen(rng)
            aspect = tex.width / tex.height
            wf = rng.uniform(0.55, 0.8) if aspect > 1 else rng.uniform(0.35, 0.5)
            for _ in range(50):
                proj = pose(rng, fw, fh, aspect, wf, rng.uniform(-10, 10), rng.uniform(0, 15))
                c = place(proj, fw, fh, fw / 2 + rng.uniform(-0.05, 0.05) * fw, fh / 2 + rng.uniform(-0.05, 0.05) * fh)
                if in_frame(c, fw, fh, 10):
                    break
                wf *= 0.95
            radius = 3.18 * PX_MM if what == "plain_card" else (40 if what == "screen" else 1)
            drop_shadow(frame, c, rng)
            composite(frame, tex, c, radius)
    data = finish(frame, rng, gain, blur, noise, quality_override or quality, glare)
    name = "%03d-%s%s" % (index, what, "-" + flaw.replace("_", "") if flaw else "")
    entry = {"file": name + ".jpg", **entry}
    if fw < fh:
        entry["_frame"] = "720x1280"
    return data, entry


def tex_to_frame(corners: np.ndarray, size, box) -> np.ndarray:
    """The corners of a texture-relative box (x0, y0, x1, y1 in 0-1) in the frame, through the
    same homography the warp uses."""
    tw, th = size
    src = np.array([[0, 0], [tw, 0], [tw, th], [0, th]], np.float64)
    hm = homography(src, corners)
    pts = np.array([[box[0] * tw, box[1] * th, 1], [box[2] * tw, box[1] * th, 1],
                    [box[2] * tw, box[3] * th, 1], [box[0] * tw, box[3] * th, 1]])
    q = pts @ hm.T
    return q[:, :2] / q[:, 2:3]


def near_quad(c: np.ndarray, x: float, y: float, margin: float) -> bool:
    """Whether (x, y) is inside the quad grown by `margin` (a bounding-box test is enough)."""
    return bool(c[:, 0].min() - margin <= x <= c[:, 0].max() + margin
                and c[:, 1].min() - margin <= y <= c[:, 1].max() + margin)


def plan(total: int) -> list[tuple[str, str | None]]:
    """~60 % genuine (fronts, backs, passports), ~20 % flawed, ~20 % non-documents."""
    genuine = round(total * 0.6)
    flawed = round(total * 0.2)
    other = total - genuine - flawed
    items: list[tuple[str, str | None]] = []
    sides = ["front", "back", "passport"]
    for i in range(genuine):
        items.append((sides[i % 3], None))
    flaws = ["glare", "dark", "blur", "cut_off"]
    for i in range(flawed):
        items.append((sides[(i // 4) % 3], flaws[i % 4]))
    nondocs = ["blank", "page", "plain_card", "screen", "desk"]
    for i in range(other):
        items.append((nondocs[i % len(nondocs)], None))
    return items


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, type=Path, help="folder to write (created)")
    ap.add_argument("--count", type=int, default=130, help="pictures (default 130)")
    ap.add_argument("--seed", type=int, default=20261207, help="seed (default 20261207)")
    ap.add_argument("--only", type=str, default=None, help="comma-separated indices to draw (of the --count plan)")
    ap.add_argument("--quality", type=int, default=None, help="JPEG quality of every picture (default: drawn, 75-94)")
    args = ap.parse_args()
    if not OCRB.is_file():
        print(f"foreign_scenes: {OCRB} missing", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    only = {int(i) for i in args.only.split(",")} if args.only else None
    pictures = []
    for index, (what, flaw) in enumerate(plan(args.count)):
        if only is not None and index not in only:
            continue
        data, entry = scene(index, args.seed, what, flaw, args.quality)
        (args.out / entry["file"]).write_bytes(data)
        pictures.append(entry)
    truth = {
        "_generator": "tools/foreign-scenes/foreign_scenes.py --seed %d --count %d" % (args.seed, args.count)
        + (" --only %s" % args.only if args.only else "") + (" --quality %d" % args.quality if args.quality else ""),
        "_note": "keys starting with _ are comments: _module_px (backs: narrowest PDF417 module, frame px), _mrz_pitch_px (passports)",
        "pictures": pictures,
    }
    # One picture a line: readable, and a diff shows which pictures changed.
    head = json.dumps({k: v for k, v in truth.items() if k != "pictures"})[:-1]
    body = ",\n  ".join(json.dumps(e) for e in pictures)
    (args.out / "truth.json").write_text(head + ',\n "pictures": [\n  ' + body + "\n ]\n}\n")
    counts: dict[str, int] = {}
    for e in pictures:
        counts[e["class"]] = counts.get(e["class"], 0) + 1
    print(f"foreign_scenes: {len(pictures)} pictures in {args.out}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
