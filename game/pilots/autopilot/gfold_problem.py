"""The G-FOLD landing-burn problem: a second-order cone program built once, re-solved often.

Model (Acikmese & Ploen 2007, JGCD 30(5); Blackmore, Acikmese & Scharf 2010, JGCD 33(4)):
a point mass in a uniform gravity field (less a known upward acceleration per node: the
drag of the expected descent, when the caller gives one), thrust ``T`` bounded
``rho1 <= |T| <= rho2`` (the lower bound is nonconvex: the engine cannot throttle to zero
once lit), mass flow
``dm/dt = -alpha |T|`` with ``alpha = 1 / (Isp g0)``, thrust pointing within
``pointing_limit`` of the local vertical, and a glide-slope cone around the target. The
lossless convexification changes variables to ``u = T / m``, ``sigma >= |u|`` (a slack that
is tight at the optimum) and ``z = ln m``, so that ``dz/dt = -alpha sigma`` is linear, and
replaces the bounds ``rho e^-z`` by their Taylor expansions about
``z0(t) = ln(m0 - alpha rho2 t)`` (the lightest the vehicle can be at ``t``): a second-order
expansion below (a convex quadratic, a cone) and a first-order one above. Both expansions are
conservative, so the thrust the plan implies lies inside ``[rho1, rho2]``.

Frame ("canonical"): z up (opposite to gravity), origin at the target point, which the
vehicle must reach at the final time with the final velocity ``v_final``. The caller
(``landing_guidance``) rotates into and out of it.

Discretisation: ``N`` nodes over ``[0, tf]``, ``dt = tf / (N - 1)``. The acceleration ``u``
and ``sigma`` are linear between nodes (first-order hold), and the updates are exact for
that: ``v+ = v + dt (u + u+) / 2 + g dt``, ``r+ = r + dt v + dt^2 (2 u + u+) / 6 +
g dt^2 / 2``, ``z+ = z - alpha dt (sigma + sigma+) / 2``.

Landing error: the final position and velocity are slack variables penalised with the weight
``MISS_WEIGHT_PER_M`` (in units of ln(mass) per metre or metre per second, about 10^4 times the
marginal fuel cost of moving the target), an exact penalty: when the target can be reached the
slacks are zero and the solution is the minimum-fuel one; when it cannot (a final time too
short or too long), the problem stays feasible and the slacks measure by how much it misses,
which gives the final-time search a slope to follow (Blackmore et al. 2010 solve the
minimum-landing-error problem for the same reason).

Every number that changes between solves (initial state, mass, final time, gravity) is a cvxpy
``Parameter`` and the problem follows cvxpy's DPP rules, so cvxpy compiles it once; a
re-solve maps the parameters to the solver's data with one sparse product and updates the
Clarabel solver in place (``warm_start=True`` keeps it, with its symbolic factorisation).
cvxpy is imported when the first problem is built, never at module import.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

G0_MPS2 = 9.80665
# Presolve off so that cvxpy may update the solver in place. Tight gaps: the relaxation
# |u| <= sigma is exact only at the optimum, and at Clarabel's default 1e-8 the first node's
# thrust may sit 3e-4 below the minimum; at 1e-10 it is within 1e-5, for 3 more iterations.
_CLARABEL_OPTIONS = {"presolve_enable": False, "max_iter": 100, "tol_gap_abs": 1e-10,
                     "tol_gap_rel": 1e-10, "tol_feas": 1e-9}
MISS_WEIGHT_PER_M = 1.0
_ZERO3 = np.zeros(3)
LANDED_TOLERANCE = 0.05  # metres and metres per second: a smaller miss counts as on target


@dataclass(frozen=True)
class GfoldConfig:
    """What stays fixed for the life of a problem: the vehicle's limits and the grid size."""

    n_nodes: int
    dry_mass_kg: float
    min_thrust_n: float
    max_thrust_n: float
    alpha_s_per_m: float  # mass flow per newton of thrust: 1 / (Isp g0)
    pointing_limit_deg: float  # thrust within this angle of the vertical; >= 180: free
    glide_slope_deg: float  # minimum elevation of the vehicle seen from the target; 0: free
    touchdown_pointing_limit_deg: float  # the same at the last node (an upright touchdown)


@dataclass(frozen=True)
class GfoldSolution:
    """A solved problem in the canonical frame; arrays have one row per node."""

    status: str  # "optimal", "missed", "infeasible", or the solver's word for a failure
    times_s: np.ndarray
    positions_m: np.ndarray
    velocities_mps: np.ndarray
    accelerations_mps2: np.ndarray  # thrust / mass
    masses_kg: np.ndarray
    solve_time_s: float  # wall time of the whole re-solve
    solver_time_s: float  # Clarabel's own solve time
    miss_m: float = math.inf  # distance from the target at the final time
    miss_mps: float = math.inf  # final velocity error
    cost: float = math.inf  # the objective: Isp g0 (ln(m0 / mf) + the miss penalty), m/s

    @property
    def ok(self) -> bool:
        """Solved and on target: a landing plan."""
        return self.status == "optimal"

    @property
    def fuel_kg(self) -> float:
        return float(self.masses_kg[0] - self.masses_kg[-1])


def _cos_limit(angle_deg: float) -> float:
    return -1.0 if angle_deg >= 180.0 else math.cos(math.radians(angle_deg))


class GfoldProblem:
    """One parametrised cvxpy problem for a fixed vehicle and node count."""

    def __init__(self, config: GfoldConfig) -> None:
        if config.n_nodes < 3:
            raise ValueError(f"n_nodes must be at least 3, got {config.n_nodes}")
        if not 0.0 < config.min_thrust_n <= config.max_thrust_n:
            raise ValueError("need 0 < min_thrust_n <= max_thrust_n")
        self.config = config
        self._cp = _import_cvxpy()
        self._build()

    # -- building --------------------------------------------------------------------------

    def _build(self) -> None:
        cp, cfg, n = self._cp, self.config, self.config.n_nodes
        self.p = {
            "r0": cp.Parameter(3), "v0": cp.Parameter(3), "v_final": cp.Parameter(3),
            "z_init": cp.Parameter(),
            "dt": cp.Parameter(nonneg=True), "dt2_3": cp.Parameter(nonneg=True),
            "dt2_6": cp.Parameter(nonneg=True), "alpha_dt_2": cp.Parameter(nonneg=True),
            "g_dt": cp.Parameter((n - 1, 3)), "g_dt2_2": cp.Parameter((n - 1, 3)),
            "z_lo": cp.Parameter(n), "z_hi": cp.Parameter(n),
            "mu1": cp.Parameter(n, nonneg=True), "mu2": cp.Parameter(n, nonneg=True),
        }
        self.r, self.v, self.u = (cp.Variable((n, 3)) for _ in range(3))
        self.z, self.sigma = cp.Variable(n), cp.Variable(n)
        self.miss_r, self.miss_v = cp.Variable(3), cp.Variable(3)
        dz = cp.Variable(n)  # z - z_lo, a variable so the bounds below stay DPP
        cons = self._dynamics() + self._thrust_bounds(dz) + self._geometry()
        cons += [dz == self.z - self.p["z_lo"], self.z[-1] >= math.log(cfg.dry_mass_kg)]
        penalty = MISS_WEIGHT_PER_M * (cp.norm(self.miss_r, 1) + cp.norm(self.miss_v, 1))
        # The ideal velocity change Isp g0 ln(m0 / mf), plus the penalty in the same units. In
        # these units the duals of |u| <= sigma are of order dt and, without the constant
        # ln m0, the relative duality gap measures the fuel: the interior-point solution then
        # has |u| = sigma closely (in bare ln-mass units it is only tight to about 1e-4).
        scale = 1.0 / cfg.alpha_s_per_m
        fuel = self.p["z_init"] - self.z[-1]
        self.problem = cp.Problem(cp.Minimize(scale * (fuel + penalty)), cons)
        if not self.problem.is_dpp():
            raise RuntimeError("the G-FOLD problem is not DPP")

    def _dynamics(self) -> list:
        p, r, v, u, z, s = self.p, self.r, self.v, self.u, self.z, self.sigma
        return [
            r[0] == p["r0"], v[0] == p["v0"], z[0] == p["z_init"],
            r[-1] == self.miss_r, v[-1] == p["v_final"] + self.miss_v,
            v[1:] == v[:-1] + p["dt"] / 2 * (u[:-1] + u[1:]) + p["g_dt"],
            r[1:] == r[:-1] + p["dt"] * v[:-1] + p["dt2_3"] * u[:-1] + p["dt2_6"] * u[1:]
            + p["g_dt2_2"],
            z[1:] == z[:-1] - p["alpha_dt_2"] * (s[:-1] + s[1:]),
        ]

    def _thrust_bounds(self, dz: Any) -> list:
        cp, p, s = self._cp, self.p, self.sigma
        return [
            cp.norm(self.u, 2, axis=1) <= s,
            cp.multiply(p["mu1"], 1 - dz + cp.square(dz) / 2) <= s,
            s <= cp.multiply(p["mu2"], 1 - dz),
            self.z >= p["z_lo"], self.z <= p["z_hi"],
        ]

    def _geometry(self) -> list:
        cp, cfg, u, s, r = self._cp, self.config, self.u, self.sigma, self.r
        cons = []
        cos_point = _cos_limit(cfg.pointing_limit_deg)
        if cos_point > -1.0:
            cons.append(u[:-1, 2] >= cos_point * s[:-1])
        cos_final = _cos_limit(min(cfg.pointing_limit_deg, cfg.touchdown_pointing_limit_deg))
        if cos_final > -1.0:
            cons.append(u[-1, 2] >= cos_final * s[-1])
        if cfg.glide_slope_deg > 0.0:
            cot = 1.0 / math.tan(math.radians(min(cfg.glide_slope_deg, 89.9)))
            cons.append(cp.norm(r[1:-1, :2], 2, axis=1) <= cot * r[1:-1, 2])
        return cons

    # -- solving ---------------------------------------------------------------------------

    def set_parameters(self, final_time_s: float, r0_m: np.ndarray, v0_mps: np.ndarray,
                       mass_kg: float, gravity_mps2: float, v_final_mps: np.ndarray,
                       max_thrust_n: float | None = None,
                       lift_mps2: np.ndarray | None = None,
                       min_thrust_n: float | None = None) -> None:
        """Fill every parameter for a solve from the canonical initial state.

        ``max_thrust_n`` overrides the configured ceiling for this solve (a thrust reserve),
        ``min_thrust_n`` the floor (a floor relief).
        ``lift_mps2`` (one value per node): a known upward acceleration besides the thrust
        (the drag of a falling stage along its expected descent), taken off gravity and held
        first-order between nodes like the thrust.
        """
        cfg, p, n = self.config, self.p, self.config.n_nodes
        ceiling = cfg.max_thrust_n if max_thrust_n is None else max_thrust_n
        floor = cfg.min_thrust_n if min_thrust_n is None else min_thrust_n
        dt = final_time_s / (n - 1)
        t = np.arange(n) * dt
        g_nodes = np.zeros((n, 3))
        g_nodes[:, 2] = -gravity_mps2
        if lift_mps2 is not None:
            g_nodes[:, 2] += np.asarray(lift_mps2, dtype=float).reshape(n)
        g_dt = dt * (g_nodes[:-1] + g_nodes[1:]) / 2.0
        g_dt2_2 = dt * dt * (2.0 * g_nodes[:-1] + g_nodes[1:]) / 6.0
        m_floor = 1e-6 * cfg.dry_mass_kg
        lightest = np.maximum(mass_kg - cfg.alpha_s_per_m * ceiling * t, m_floor)
        heaviest = np.maximum(mass_kg - cfg.alpha_s_per_m * floor * t, m_floor)
        z_lo = np.log(lightest)
        values = {
            "r0": r0_m, "v0": v0_mps, "v_final": v_final_mps, "z_init": math.log(mass_kg),
            "dt": dt,
            "dt2_3": dt * dt / 3.0, "dt2_6": dt * dt / 6.0,
            "alpha_dt_2": cfg.alpha_s_per_m * dt / 2.0,
            "g_dt": g_dt, "g_dt2_2": g_dt2_2,
            "z_lo": z_lo, "z_hi": np.log(heaviest),
            "mu1": floor * np.exp(-z_lo), "mu2": ceiling * np.exp(-z_lo),
        }
        for name, value in values.items():
            p[name].value = value

    def solve(self, final_time_s: float, r0_m: np.ndarray, v0_mps: np.ndarray,
              mass_kg: float, gravity_mps2: float, v_final_mps: np.ndarray = _ZERO3,
              max_thrust_n: float | None = None,
              lift_mps2: np.ndarray | None = None,
              min_thrust_n: float | None = None) -> GfoldSolution:
        """Solve for one final time; never raises for a solver failure (status says it)."""
        start = time.perf_counter()
        self.set_parameters(final_time_s, r0_m, v0_mps, mass_kg, gravity_mps2, v_final_mps,
                            max_thrust_n, lift_mps2, min_thrust_n)
        status, solver_time = self._run_solver()
        wall = time.perf_counter() - start
        n = self.config.n_nodes
        times = np.linspace(0.0, final_time_s, n)
        if status != "optimal":
            empty = np.full((n, 3), np.nan)
            return GfoldSolution(status, times, empty, empty, empty, np.full(n, np.nan),
                                 wall, solver_time)
        miss_m = float(np.linalg.norm(self.miss_r.value))
        miss_mps = float(np.linalg.norm(self.miss_v.value))
        if max(miss_m, miss_mps) > LANDED_TOLERANCE:
            status = "missed"
        return GfoldSolution(status, times, np.array(self.r.value), np.array(self.v.value),
                             np.array(self.u.value), np.exp(np.array(self.z.value)),
                             wall, solver_time, miss_m, miss_mps, float(self.problem.value))

    def _run_solver(self) -> tuple[str, float]:
        cp = self._cp
        try:
            with warnings.catch_warnings():  # an inaccurate solution shows in the status
                warnings.simplefilter("ignore", UserWarning)
                self.problem.solve(solver=cp.CLARABEL, warm_start=True, **_CLARABEL_OPTIONS)
        except (cp.error.SolverError, ValueError, ArithmeticError) as exc:
            return f"solver error: {exc}".splitlines()[0], float("nan")
        status = self.problem.status
        solver_time = float(self.problem.solver_stats.solve_time or float("nan"))
        if status in (cp.OPTIMAL, cp.OPTIMAL_INACCURATE):
            return "optimal", solver_time
        if status in (cp.INFEASIBLE, cp.INFEASIBLE_INACCURATE):
            return "infeasible", solver_time
        return str(status), solver_time


def _import_cvxpy() -> Any:
    """cvxpy, imported on first use so that the game starts without it (about 1 s)."""
    import cvxpy

    if "CLARABEL" not in cvxpy.installed_solvers():
        raise RuntimeError("cvxpy has no Clarabel solver: pip install clarabel")
    return cvxpy
