"""``python -m analysis.report.kernel_launcher -f CONNECTION_FILE``: the project kernel.

The same as ``python -m ipykernel_launcher``, except that the kernel first ties
itself to the worker that started it (:func:`analysis.report.lifeline.die_with_parent`
with the worker's process id from the environment), so a killed report run leaves
no kernel behind.
"""

from __future__ import annotations

from analysis.report.lifeline import die_with_parent, parent_from_env


def main() -> None:
    parent = parent_from_env()
    if parent is not None:
        die_with_parent(parent)
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
