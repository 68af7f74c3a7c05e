"""The stage as one model of parts placed on the GPU: its meshes wind outward (back faces
are culled), and each group is re-posed only when its key changes."""

from __future__ import annotations

import numpy as np
import pytest

from game.render import stage_model
from tests.render.scenes import scene


def _meshes():
    sc = scene()
    return {"body": stage_model.body_mesh(sc), "engine": stage_model.engine_mesh(sc),
            "fin": stage_model.fin_mesh(), "leg": stage_model.leg_mesh(sc),
            "strut": stage_model.strut_mesh(0.1, stage_model.METAL)}


@pytest.mark.parametrize("name", ["body", "engine", "fin", "leg", "strut"])
def test_every_triangle_winds_counter_clockwise_seen_from_its_normal(name):
    mesh = _meshes()[name]
    tri = mesh[:, 0:3].reshape(-1, 3, 3).astype(float)
    normal = mesh[:, 3:6].reshape(-1, 3, 3).astype(float).mean(axis=1)
    face = np.cross(tri[:, 1] - tri[:, 0], tri[:, 2] - tri[:, 0])
    real = np.linalg.norm(face, axis=1) > 1e-9
    assert real.sum() > 10
    assert np.all(np.einsum("ij,ij->i", face[real], normal[real]) > 0.0)


def test_part_matrices_are_placed_by_group_and_only_when_their_key_changes(gl_window):
    from game.render.batch import PartModel

    box = _meshes()["strut"]
    model = PartModel([("a", [box]), ("b", [box, box])])
    try:
        assert model.count == 3 and np.array_equal(model.rows[1, :, :3], np.eye(3))
        mats = np.stack([np.eye(4), np.eye(4)])
        mats[1, :3, 3] = (1.0, 2.0, 3.0)
        assert model.stale("b", 0.5)
        model.place("b", mats, key=0.5)
        assert not model.stale("b", 0.5) and model.stale("b", 0.6)
        assert np.array_equal(model.rows[2, :, 3], (1.0, 2.0, 3.0))
        with pytest.raises(ValueError, match="2 matrices expected"):
            model.place("b", mats[:1])
        model.set_glow("b", [0.0, 1.0])
        assert model.glow.tolist() == [1.0, 0.0, 1.0]
    finally:
        model.delete()
