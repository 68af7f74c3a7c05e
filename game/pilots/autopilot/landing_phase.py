"""The landing-burn phase and the stage standing on the deck.

*Landing burn*: ``landing.LandingBurn`` decides the ignition (already asked by the descent),
re-plans the burn several times a second, flies the terminal descent, deploys the legs and
cuts the engine at touchdown; this phase sends its commands to the engine switch (centre
engine only) and its thrust direction to the attitude loop with all actuators (gimbal, fins,
RCS). Hand-off to *landed* when the feet are on the deck.

*Landed*: engine off, controls neutral, legs out: the stage stands (or the touchdown model
says otherwise).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.pilots.autopilot.phase import Context, Phase, engine_controls, retrograde

if TYPE_CHECKING:
    from game.sim.controls import Controls
    from game.sim.observation import Observation


class LandingBurnPhase(Phase):
    name = "landing_burn"

    def step(self, ctx: Context, obs: Observation, controls: Controls,
             dt_s: float) -> str | None:
        burn = ctx.landing
        if obs.engine_state == "off" and burn.lit_at_s is None:
            # Not lit yet (the switch was just thrown, or a start failed): keep trying.
            engine_controls(ctx, obs, controls, True, 1, 1.0)
            ctx.attitude.command(obs, retrograde(obs), controls, dt_s,
                                 gains=ctx.settings.landing_gains)
            return None
        cmd = burn.command(obs)
        engine_controls(ctx, obs, controls, cmd.engine_on, 1, cmd.throttle_norm)
        controls.legs_deploy = cmd.legs_deploy
        ctx.attitude.command(obs, cmd.direction_local, controls, dt_s,
                             gains=ctx.settings.landing_gains)
        if burn.touched:
            return "landed"
        return None


class Landed(Phase):
    name = "landed"

    def step(self, ctx: Context, obs: Observation, controls: Controls,
             dt_s: float) -> str | None:
        engine_controls(ctx, obs, controls, False)
        controls.legs_deploy = True
        controls.throttle_norm = 0.0
        return None
