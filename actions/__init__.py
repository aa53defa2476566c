"""Vejviser's action server package: Rasa custom actions and the unit catalogue."""
