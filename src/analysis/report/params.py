"""A notebook's parameters: read them from its ``parameters`` cell and check values against them.

Papermill injects parameters as a new cell after the one tagged ``parameters``
and only warns about names the notebook does not declare. Here an unknown,
missing or wrongly typed parameter is an error, found before any kernel starts.

The ``parameters`` cell is read as Python source (``ast``): every top-level
assignment ``name = default`` or ``name: type = default`` is a parameter; a
trailing ``# comment`` is its help (papermill's own inspection supplies it).
Papermill's inspection alone misses annotations written ``str | None``, so the
syntax tree is the authority for names, annotations and defaults.

Type rules
----------
- The annotation decides when there is one (``str``, ``int``, ``float``,
  ``bool``, ``list``, ``dict``, ``Path``, unions ``str | None`` or
  ``Optional[str]``); an ``int`` is accepted for ``float`` and a
  :class:`pathlib.Path` for ``str``; a ``bool`` is never an ``int``.
- Without an annotation the default's type decides; a ``None`` default without
  annotation accepts anything.
- A parameter is **required** when its default is ``None`` but its annotation
  does not admit ``None`` (``period: str = None``), or its default is ``...``.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.data.paths import NOTEBOOKS_DIR
from analysis.report.errors import ParameterError

if TYPE_CHECKING:
    import nbformat

_SIMPLE_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str, os.PathLike),
    "Path": (str, os.PathLike),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list, tuple),
    "List": (list, tuple),
    "tuple": (list, tuple),
    "dict": (dict,),
    "Dict": (dict,),
    "None": (type(None),),
}

_MISSING = object()


@dataclass(frozen=True)
class NotebookParameter:
    """One parameter of a notebook's ``parameters`` cell.

    ``type`` is the annotation as written (or the default's type name, or ``any``);
    ``default`` the default's source text; ``required`` per the module's rule.
    """

    name: str
    type: str
    default: str
    help: str = ""
    required: bool = False
    allowed: tuple[str, ...] | None = None  # type names accepted; None = anything

    def accepts(self, value: object) -> bool:
        """Whether ``value`` has a type this parameter allows."""
        if self.allowed is None:
            return True
        for name in self.allowed:
            types = _SIMPLE_TYPES[name]
            if isinstance(value, bool) and name in ("int", "float"):
                continue
            if isinstance(value, types):
                return True
        return False


def _type_names(node: ast.expr | None) -> tuple[str, ...] | None:
    """Type names an annotation admits, or None when it is not one we understand."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and node.value is None:
        return ("None",)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):  # "str" as a string
        try:
            return _type_names(ast.parse(node.value, mode="eval").body)
        except SyntaxError:
            return None
    if isinstance(node, ast.Name) and node.id in _SIMPLE_TYPES:
        return (node.id,)
    if isinstance(node, ast.Attribute) and node.attr in _SIMPLE_TYPES:  # pathlib.Path
        return (node.attr,)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = _type_names(node.left), _type_names(node.right)
        if left is None or right is None:
            return None
        return left + right
    if isinstance(node, ast.Subscript):
        base = node.value.id if isinstance(node.value, ast.Name) else getattr(node.value, "attr", "")
        inner = node.slice
        if base == "Optional":
            names = _type_names(inner)
            return None if names is None else names + ("None",)
        if base == "Union" and isinstance(inner, ast.Tuple):
            out: tuple[str, ...] = ()
            for elt in inner.elts:
                names = _type_names(elt)
                if names is None:
                    return None
                out += names
            return out
        if base in _SIMPLE_TYPES:  # list[str], dict[str, int]: the container is checked
            return (base,)
    return None


def _default_type(value: object) -> tuple[str, ...] | None:
    if value is None or value is _MISSING:
        return None
    names = {bool: "bool", int: "int", float: "float", str: "str", list: "list", tuple: "tuple", dict: "dict"}
    name = names.get(type(value))
    return (name,) if name else None


def _parameters_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode | None:
    for cell in nb.cells:
        if "parameters" in (cell.get("metadata", {}).get("tags") or []):
            return cell
    return None


def _help_texts(source: str) -> dict[str, str]:
    """Trailing ``# comment`` of each ``name ... = ...`` line (papermill's convention)."""
    out: dict[str, str] = {}
    for line in source.splitlines():
        if "#" not in line or "=" not in line:
            continue
        head, _, comment = line.partition("#")
        name = head.split("=")[0].split(":")[0].strip()
        if name.isidentifier():
            out[name] = comment.strip()
    return out


def parameters_of(nb: nbformat.NotebookNode, *, label: str = "notebook") -> tuple[NotebookParameter, ...]:
    """The parameters declared in a notebook's cell tagged ``parameters``.

    Raises :class:`ParameterError` when there is no such cell or it is not valid Python.
    """
    cell = _parameters_cell(nb)
    if cell is None:
        raise ParameterError(label, ["the notebook has no cell tagged `parameters`"])
    source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(label, [f"the parameters cell is not valid Python: {exc}"]) from None
    helps = _help_texts(source)
    params: dict[str, NotebookParameter] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            name, annotation, value_node = stmt.target.id, stmt.annotation, stmt.value
        elif (
            isinstance(stmt, ast.Assign)
            and len(stmt.targets) == 1
            and isinstance(stmt.targets[0], ast.Name)
        ):
            name, annotation, value_node = stmt.targets[0].id, None, stmt.value
        else:
            continue
        default_src = ast.get_source_segment(source, value_node) if value_node is not None else ""
        try:
            value = ast.literal_eval(value_node) if value_node is not None else _MISSING
        except ValueError:
            value = _MISSING  # an expression; its type is unknown
        allowed = _type_names(annotation)
        if annotation is not None:
            type_text = ast.get_source_segment(source, annotation) or ast.unparse(annotation)
        else:
            allowed = _default_type(value)
            type_text = allowed[0] if allowed else "any"
        required = value is Ellipsis or value_node is None or (
            value is None and annotation is not None and allowed is not None and "None" not in allowed
        )
        params[name] = NotebookParameter(
            name=name,
            type=type_text,
            default=default_src or "",
            help=helps.get(name, ""),
            required=bool(required),
            allowed=allowed,
        )
    return tuple(params.values())


def notebook_parameters(path: str | Path) -> tuple[NotebookParameter, ...]:
    """The parameters of the notebook file at ``path`` (see :func:`parameters_of`)."""
    import nbformat

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    return parameters_of(nb, label=path.name)


def check_parameters(
    declared: tuple[NotebookParameter, ...], values: Mapping[str, object], *, label: str
) -> dict[str, object]:
    """Check ``values`` against a notebook's parameters; return them as plain, injectable values.

    Every problem is collected: a name the notebook does not declare, a required
    parameter not given, a value of the wrong type. Path values become strings.

    Raises
    ------
    ParameterError
        Listing every problem, before any kernel starts.
    """
    by_name = {p.name: p for p in declared}
    problems: list[str] = []
    for name in values:
        if name not in by_name:
            known = ", ".join(by_name) or "none"
            problems.append(f"unknown parameter {name!r} (the notebook declares: {known})")
    for param in declared:
        if param.name not in values:
            if param.required:
                problems.append(f"missing required parameter {param.name!r} ({param.type})")
            continue
        value = values[param.name]
        if not param.accepts(value):
            problems.append(
                f"parameter {param.name!r} should be {param.type}, got "
                f"{type(value).__name__} {value!r}"
            )
    if problems:
        raise ParameterError(label, problems)
    return {k: (os.fspath(v) if isinstance(v, os.PathLike) else v) for k, v in values.items()}


def resolve_notebook(name: str | Path, notebooks_dir: str | Path | None = None) -> Path:
    """A notebook path from a path, a file name or a stem (``10_training_outcomes`` or ``10``)."""

    folder = Path(notebooks_dir) if notebooks_dir is not None else NOTEBOOKS_DIR
    candidate = Path(name)
    if candidate.is_file():
        return candidate
    for option in (folder / candidate, folder / f"{candidate}.ipynb"):
        if option.is_file():
            return option
    simple = len(candidate.parts) == 1 and not candidate.suffix
    matches = sorted(folder.glob(f"{candidate}_*.ipynb")) if simple and folder.is_dir() else []
    if len(matches) == 1:
        return matches[0]
    available = ", ".join(p.stem for p in sorted(folder.glob("*.ipynb"))) or "none"
    raise FileNotFoundError(f"no notebook {str(name)!r} (in {folder}: {available})")


def format_parameters(params: tuple[NotebookParameter, ...]) -> str:
    """A plain-text table: name, type, default, (required), help."""
    with_required = any(p.required for p in params)
    header = ["parameter", "type", "default", *(["required"] if with_required else []), "help"]
    rows = [
        [p.name, p.type, p.default or "-", *(["yes" if p.required else ""] if with_required else []), p.help]
        for p in params
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def cli_params(args) -> int:
    """``kompetensi params NOTEBOOK``: print the notebook's parameters with types and defaults."""
    import sys

    try:
        path = resolve_notebook(args.notebook)
        params = notebook_parameters(path)
    except (FileNotFoundError, ParameterError) as exc:
        print(f"kompetensi params: {exc}", file=sys.stderr)
        return 1
    print(f"{path.name}: {len(params)} parameters")
    print(format_parameters(params))
    return 0
