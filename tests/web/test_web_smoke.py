"""The world builds and the main pages answer."""

from __future__ import annotations

from webworld import World


def test_dashboard(world: World) -> None:
    response = world.client("sekretariat").get(f"/p/{world.mapping}/")
    assert response.status_code == 200
    assert b"Pemetaan Uji Rahasia" in response.content
