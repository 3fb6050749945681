"""The bottom layer of Maillage: what every app may import, and which imports none of them.

Roles of the network, the on-commit event sender of the workspace socket, text folding, the
serving of private files, and the small helpers that used to be copied from app to app. The
import arrows of the project point one way: workspace modules → workspace.spaces → core;
``directory`` and ``home`` import core, never a workspace module (CONTRIBUTING: "Layers").
"""
