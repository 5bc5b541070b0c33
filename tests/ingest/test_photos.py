"""Profile photos given as files get a perceptual hash at ingest (pictures drawn here, no fixtures)."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path
from typing import Any

import imagehash
import pytest
from PIL import Image, ImageDraw

from tests.bundles import Rows, worker, write_bundle
from unmask.ingest import ingest_bundle, photos
from unmask.store import Workspace

HEX16 = set("0123456789abcdef")


def picture(seed: int, size: int = 256) -> Image.Image:
    """A seeded picture of overlapping shapes: different seeds give unrelated pictures."""
    rnd = random.Random(seed)
    image = Image.new("RGB", (size, size), (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(14):
        x0, y0 = rnd.randrange(size), rnd.randrange(size)
        box = (x0, y0, x0 + rnd.randrange(20, size // 2), y0 + rnd.randrange(20, size // 2))
        fill = (rnd.randrange(256), rnd.randrange(256), rnd.randrange(256))
        if rnd.random() < 0.5:
            draw.ellipse(box, fill=fill)
        else:
            draw.rectangle(box, fill=fill)
    return image


def profile(worker_id: str, **fields: Any) -> dict[str, Any]:
    return {"worker_id": worker_id, "source": "linkedin", "name": f"Person {worker_id}", **fields}


def bundle_with(folder: Path, profiles: Rows, images: dict[str, Image.Image] | None = None) -> Path:
    workers = [worker(w) for w in sorted({str(p["worker_id"]) for p in profiles})]
    write_bundle(folder, {"workers": workers, "profiles": profiles})
    for name, image in (images or {}).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        image.save(folder / name)
    return folder


def stored_hashes(ws: Workspace) -> dict[str, str | None]:
    rows = ws.engine.rows("SELECT worker_id, photo_hash FROM profiles ORDER BY worker_id")
    return {r["worker_id"]: r["photo_hash"] for r in rows}


def bits_apart(a: str, b: str) -> int:
    return int(imagehash.hex_to_hash(a) - imagehash.hex_to_hash(b))


def test_reencoded_photo_hashes_close_and_another_far(tmp_path: Path, ws: Workspace) -> None:
    original = picture(1)
    folder = bundle_with(
        tmp_path / "b",
        [
            profile("w1", photo="photos/ann.png"),
            profile("w2", photo="photos/ann-small.jpg"),
            profile("w3", photo="photos/bob.png"),
        ],
        {"photos/ann.png": original, "photos/bob.png": picture(2)},
    )
    original.resize((230, 230)).save(folder / "photos/ann-small.jpg", "JPEG", quality=35)
    report = ingest_bundle(ws, folder)
    assert report.error_count == 0, [str(e) for e in report.errors]
    hashes = stored_hashes(ws)
    for value in hashes.values():
        assert value is not None and len(value) == 16 and set(value) <= HEX16
    assert hashes["w1"] == str(imagehash.phash(original))
    assert hashes["w1"] is not None and hashes["w2"] is not None and hashes["w3"] is not None
    assert bits_apart(hashes["w1"], hashes["w2"]) <= 4
    assert bits_apart(hashes["w1"], hashes["w3"]) > 20


def test_given_photo_hash_is_left_alone(tmp_path: Path, ws: Workspace) -> None:
    folder = bundle_with(
        tmp_path / "b",
        [profile("w1", photo="ann.png", photo_hash="a1b2c3d4e5f60718")],
        {"ann.png": picture(1)},
    )
    report = ingest_bundle(ws, folder)
    assert report.error_count == 0
    assert stored_hashes(ws) == {"w1": "a1b2c3d4e5f60718"}


def test_missing_photo_is_a_row_error_and_the_row_is_kept(tmp_path: Path, ws: Workspace) -> None:
    folder = bundle_with(
        tmp_path / "b",
        [profile("w1", photo="photos/gone.png"), profile("w2", photo="photos/bob.png")],
        {"photos/bob.png": picture(2)},
    )
    report = ingest_bundle(ws, folder)
    assert [str(e) for e in report.errors] == [
        "profiles.csv:2 [photo]: no such image file in the bundle; row stored without a photo hash "
        "(value 'photos/gone.png')"
    ]
    hashes = stored_hashes(ws)
    assert hashes["w1"] is None
    assert hashes["w2"] == str(imagehash.phash(picture(2)))


def test_unreadable_image_is_a_row_error(tmp_path: Path, ws: Workspace) -> None:
    folder = bundle_with(tmp_path / "b", [profile("w1", photo="ann.png")])
    (folder / "ann.png").write_text("not an image")
    report = ingest_bundle(ws, folder)
    assert len(report.errors) == 1
    error = report.errors[0]
    assert (error.file, error.line, error.column) == ("profiles.csv", 2, "photo")
    assert error.reason.startswith("not a readable image")
    assert stored_hashes(ws) == {"w1": None}


def test_photo_found_later_is_stored_with_its_hash(tmp_path: Path, ws: Workspace) -> None:
    folder = bundle_with(tmp_path / "b", [profile("w1", photo="ann.png")])
    ingest_bundle(ws, folder)
    picture(1).save(folder / "ann.png")
    report = ingest_bundle(ws, folder)
    assert report.error_count == 0
    assert report.tables[1].added == 1
    rows = ws.engine.rows("SELECT photo_hash FROM profiles WHERE photo_hash IS NOT NULL")
    assert [r["photo_hash"] for r in rows] == [str(imagehash.phash(picture(1)))]
    again = ingest_bundle(ws, folder)  # and the same export again adds nothing
    assert sum(t.added + t.updated for t in again.tables) == 0


@pytest.mark.parametrize(
    "value",
    ["../outside.png", "photos/../../outside.png", "..\\outside.png", "ABSOLUTE", "C:\\outside.png"],
)
def test_paths_leaving_the_bundle_are_refused(tmp_path: Path, ws: Workspace, value: str) -> None:
    outside = tmp_path / "outside.png"
    picture(1).save(outside)
    value = str(outside) if value == "ABSOLUTE" else value
    folder = bundle_with(tmp_path / "b", [profile("w1", photo=value)], {"photos/x.png": picture(2)})
    report = ingest_bundle(ws, folder)
    assert len(report.errors) == 1
    error = report.errors[0]
    assert (error.file, error.line, error.column, error.value) == ("profiles.csv", 2, "photo", value)
    assert "bundle" in error.reason
    assert stored_hashes(ws) == {"w1": None}


def test_symbolic_link_out_of_the_bundle_is_refused(tmp_path: Path, ws: Workspace) -> None:
    picture(1).save(tmp_path / "secret.png")
    folder = bundle_with(tmp_path / "b", [profile("w1", photo="photos/ann.png")])
    (folder / "photos").mkdir()
    (folder / "photos/ann.png").symlink_to(tmp_path / "secret.png")
    report = ingest_bundle(ws, folder)
    assert [e.reason for e in report.errors] == [
        "photo path leads out of the bundle (symbolic link); row stored without a photo hash"
    ]


def test_each_distinct_file_is_opened_once(
    tmp_path: Path, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []
    real = photos.perceptual_hash

    def counting(path: Path) -> str:
        opened.append(path)
        return real(path)

    monkeypatch.setattr(photos, "perceptual_hash", counting)
    folder = bundle_with(
        tmp_path / "b",
        [
            profile("w1", photo="photos/ann.png"),
            profile("w2", photo="photos/ann.png"),
            profile("w3", photo="./photos//ann.png"),
            profile("w4", photo="photos\\ann.png"),
            profile("w5", photo="photos/bob.png"),
        ],
        {"photos/ann.png": picture(1), "photos/bob.png": picture(2)},
    )
    report = ingest_bundle(ws, folder)
    assert report.error_count == 0
    assert sorted(p.name for p in opened) == ["ann.png", "bob.png"]
    hashes = stored_hashes(ws)
    assert hashes["w1"] == hashes["w2"] == hashes["w3"] == hashes["w4"] != hashes["w5"]


@pytest.mark.parametrize("inner_folder", [True, False])
def test_zipped_bundle_hashes_its_photos(tmp_path: Path, ws: Workspace, inner_folder: bool) -> None:
    folder = bundle_with(
        tmp_path / "b", [profile("w1", photo="photos/ann.png")], {"photos/ann.png": picture(1)}
    )
    target = tmp_path / "b.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                relative = path.relative_to(folder)
                archive.write(path, Path("b") / relative if inner_folder else relative)
    report = ingest_bundle(ws, target)
    assert report.error_count == 0, [str(e) for e in report.errors]
    assert stored_hashes(ws) == {"w1": str(imagehash.phash(picture(1)))}


def test_exif_rotation_is_applied_before_hashing(tmp_path: Path) -> None:
    upright = picture(3)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: the viewer rotates the stored pixels 90° clockwise
    upright.rotate(90, expand=True).save(tmp_path / "tagged.jpg", "JPEG", quality=95, exif=exif)
    upright.save(tmp_path / "plain.jpg", "JPEG", quality=95)
    tagged = photos.perceptual_hash(tmp_path / "tagged.jpg")
    assert bits_apart(tagged, photos.perceptual_hash(tmp_path / "plain.jpg")) <= 4
