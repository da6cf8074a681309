"""Every message the code can show has a one-line sentence in French and English.

Codes are found by reading the source with `ast`, including codes built at run
time: `UserError(f"{kind}.not_found")` inside `read_user_file(..., kind="file")`
expands to every `kind` a caller passes (and the default), and a code handed
through a parameter (`read_user_file(too_big="roster.too_big")`,
`checker.problem("activity.grid_size")`) is followed to every call site.
A code the reader cannot work out fails the test, so a new run-time code must
stay traceable to literal strings.
"""

from __future__ import annotations

import ast
import itertools
import string
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from generator.resources import layouts_dir

ROOT = Path(__file__).resolve().parent.parent
# The functions whose argument is a message code: (function name, position of the code, keyword).
SINKS = {"UserError": (0, "code"), "message": (1, "code")}
# Codes handed on from an error object, already checked where the error was made.
PASS_THROUGH = {("errors.py", "self.code")}


def catalogue(lang):
    return tomllib.loads((layouts_dir() / lang / "messages.toml").read_text(encoding="utf-8"))


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Function:
    file: str
    node: ast.FunctionDef

    @property
    def params(self) -> list[str]:
        a = self.node.args
        return [p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs)]

    def default(self, param: str) -> ast.expr | None:
        a = self.node.args
        positional = [*a.posonlyargs, *a.args]
        for p, d in zip(positional[len(positional) - len(a.defaults) :], a.defaults):
            if p.arg == param:
                return d
        for p, d in zip(a.kwonlyargs, a.kw_defaults):
            if p.arg == param:
                return d
        return None


@cache
def source():
    """(file, {call node: enclosing function}, {imported name: module}) for every module of the package."""
    modules = []
    for path in sorted((ROOT / "generator").rglob("*.py")):
        file = path.relative_to(ROOT / "generator").as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        enclosing: dict[ast.Call, Function | None] = {}

        def visit(node, function):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    visit(child, Function(file, child))
                    continue
                if isinstance(child, ast.Call):
                    enclosing[child] = function
                visit(child, function)

        visit(tree, None)
        imports = {alias.asname or alias.name: (node.module or "").rsplit(".", 1)[-1]
                   for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}  # fmt: skip
        modules.append((file, enclosing, imports))
    return modules


def may_call(call: ast.Call, file: str, imports: dict[str, str], function: Function) -> bool:
    """Whether a call can reach `function`: same name, and a method, its own module's, or imported from it."""
    if called_name(call) != function.node.name:
        return False
    module = Path(function.file).stem
    if function.params[:1] == ["self"]:
        return isinstance(call.func, ast.Attribute)
    if isinstance(call.func, ast.Attribute):
        return isinstance(call.func.value, ast.Name) and call.func.value.id == module
    return file == function.file or imports.get(function.node.name) == module


def called_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def argument(call: ast.Call, function: Function | None, position: int, keyword: str) -> ast.expr | None:
    """The expression a call passes for a parameter (by keyword or by position)."""
    for kw in call.keywords:
        if kw.arg == keyword:
            return kw.value
    if function is not None and function.params[:1] == ["self"] and isinstance(call.func, ast.Attribute):
        position -= 1  # a method called on an object: `self` is not written
    if 0 <= position < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: position + 1]):
        return call.args[position]
    return None


def parameter_values(function: Function, param: str, seen: frozenset) -> set[str]:
    """Every string a parameter can hold: its default and what each call site passes."""
    key = (function.file, function.node.name, param)
    if key in seen:
        return set()
    seen = seen | {key}
    values = set()
    default = function.default(param)
    if isinstance(default, ast.Constant) and isinstance(default.value, str) and default.value:
        values.add(default.value)
    position = function.params.index(param)
    for file, enclosing, imports in source():
        for call, caller in enclosing.items():
            if not may_call(call, file, imports, function):
                continue
            expression = argument(call, function, position, param)
            if expression is not None:
                values |= evaluate(expression, file, caller, seen)
    return values


class Unresolved(Exception):
    pass


def name_values(name: ast.Name, file: str, function: Function, seen: frozenset) -> set[str]:
    """A variable: what its parameter receives, and whatever the function assigns to it."""
    key = (file, function.node.name, "=" + name.id)
    if key in seen:
        return set()
    seen = seen | {key}
    assigned = []
    for node in ast.walk(function.node):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        if node_value := getattr(node, "value", None):
            if any(isinstance(t, ast.Name) and t.id == name.id for t in targets):
                assigned.append(node_value)
    if name.id not in function.params and not assigned:
        raise Unresolved(f"{file}:{name.lineno}: cannot tell which code {name.id!r} is")
    values = parameter_values(function, name.id, seen) if name.id in function.params else set()
    for value in assigned:
        values |= evaluate(value, file, function, seen)
    return values


def evaluate(expression: ast.expr, file: str, function: Function | None, seen: frozenset) -> set[str]:
    """The strings an expression can be: a literal, an f-string over parameters, a parameter, a choice of those."""
    if isinstance(expression, ast.Constant) and isinstance(expression.value, str):
        return {expression.value}
    if isinstance(expression, ast.Name) and function is not None:
        return name_values(expression, file, function, seen)
    if isinstance(expression, ast.IfExp):
        return evaluate(expression.body, file, function, seen) | evaluate(expression.orelse, file, function, seen)
    if isinstance(expression, ast.BoolOp):  # `code or f"{kind}.too_big"`
        return set().union(*(evaluate(value, file, function, seen) for value in expression.values))
    if isinstance(expression, ast.JoinedStr):
        parts = []
        for value in expression.values:
            if isinstance(value, ast.Constant):
                parts.append({value.value})
            else:
                parts.append(evaluate(value.value, file, function, seen))
        return {"".join(p) for p in itertools.product(*parts)}
    if (file, ast.unparse(expression)) in PASS_THROUGH:
        return set()
    raise Unresolved(f"{file}:{expression.lineno}: cannot tell which code {ast.unparse(expression)!r} is")


def sinks() -> dict[str, tuple[int, str]]:
    """SINKS, and every subclass of UserError whose constructor takes a `code` (e.g. WebError(status, code))."""
    found = dict(SINKS)
    for path in sorted((ROOT / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(isinstance(b, ast.Name) and b.id == "UserError" for b in node.bases):
                init = next((f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
                params = Function(path.name, init).params if init is not None else []
                if "code" in params:
                    found[node.name] = (params.index("code") - 1, "code")  # without `self`
    return found


def codes_in_source() -> set[str]:
    codes = set()
    all_sinks = sinks()
    for file, enclosing, _ in source():
        for call, function in enclosing.items():
            sink = all_sinks.get(called_name(call) or "")
            if sink is None:
                continue
            expression = argument(call, None, *sink)
            if expression is not None:
                codes |= evaluate(expression, file, function, frozenset())
    return codes


def test_codes_built_at_run_time_are_found():
    """The reader follows f-strings and parameters (else the next test could pass by missing codes)."""
    codes = codes_in_source()
    for code in ("file.not_found", "activity.not_found", "activity.is_directory", "file.unreadable",
                 "roster.too_big", "digit.text_too_big", "activity.grid_size", "activity.more_problems",
                 "cli.written", "where.line"):  # fmt: skip
        assert code in codes, code
    assert not any("{" in c or c == "" for c in codes)


@pytest.mark.parametrize("body", ["raise UserError(x.upper())", "raise UserError(y)", "raise UserError(x + 'a')"])
def test_an_untraceable_code_fails(body):
    tree = ast.parse(f"def f(x):\n    {body}\n")
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and called_name(n) == "UserError")
    with pytest.raises(Unresolved):
        evaluate(call.args[0], "example.py", Function("example.py", tree.body[0]), frozenset())


def test_a_code_reassigned_inside_its_function_is_followed():
    tree = ast.parse("def f(too_big='', kind='file'):\n    too_big = too_big or f'{kind}.too_big'\n"
                     "    raise UserError(too_big)\n")  # fmt: skip
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call) and called_name(n) == "UserError")
    assert evaluate(call.args[0], "example.py", Function("example.py", tree.body[0]), frozenset()) >= {"file.too_big"}


def test_every_code_has_both_messages():
    codes = codes_in_source()
    assert len(codes) > 20
    for lang in ("fr", "en"):
        missing = codes - set(catalogue(lang))
        assert not missing, f"layouts/{lang}/messages.toml lacks {sorted(missing)}"


def test_both_languages_have_the_same_codes_and_placeholders():
    fr, en = catalogue("fr"), catalogue("en")
    assert set(fr) == set(en)
    for code in fr:
        assert placeholders(fr[code]) == placeholders(en[code]), code


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_messages_are_one_line(lang):
    for code, text in catalogue(lang).items():
        assert "\n" not in text, code
