"""The game's screens, each an object with its own events, update and drawing: main menu,
level select, flight, pause, debrief, controls, options and help (arcade's "views" pattern)."""
