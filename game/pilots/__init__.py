"""Pilots: anything that turns an ``Observation`` into ``Controls`` once per step.

``base.Pilot`` is the protocol; ``human.HumanPilot`` reads the keyboard and joysticks (through
the game's input layer); the autopilot lives in ``autopilot`` and is imported lazily by its
users, because it pulls in the optimisation libraries.
"""
