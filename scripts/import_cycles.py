"""Import cycles among the package's modules (function-level imports included).

    .venv/bin/python scripts/import_cycles.py [--top] [--lazy]

Prints each strongly connected component of the import graph (modules that reach each other
through imports, directly or not) with its size, and the number of cyclic components.
``--top`` merges every module into its top-level part (``models``, ``engagement``, ``feeds`` …),
which is what the layers contract in pyproject.toml sees. Imports under ``if TYPE_CHECKING:``
are left out: they never run. ``--lazy`` also lists the imports inside functions (migrations
left out) and counts them.
"""

import ast
import sys
from pathlib import Path

import grimp

PACKAGE = "wagtail_ehrenamt"


def components(edges):
    """Tarjan's strongly connected components of ``edges`` (node -> set of nodes)."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            result.append(sorted(component))

    sys.setrecursionlimit(10000)
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return result


def top_level(module):
    parts = module.split(".")
    return ".".join(parts[:2])


def lazy_imports():
    """(path, line, module) of every import statement inside a function of the package."""
    root = Path(__file__).resolve().parent.parent / PACKAGE
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = (
            n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        )
        for function in functions:
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom):
                    module = "." * node.level + (node.module or "")
                    found.append((path.relative_to(root.parent), node.lineno, module))
                elif isinstance(node, ast.Import):
                    found.append((path.relative_to(root.parent), node.lineno, node.names[0].name))
    return sorted(set(found))


def main(argv):
    graph = grimp.build_graph(PACKAGE, exclude_type_checking_imports=True)
    name = top_level if "--top" in argv else (lambda module: module)
    edges = {}
    for module in graph.modules:
        source = name(module)
        edges.setdefault(source, set())
        for imported in graph.find_modules_directly_imported_by(module):
            target = name(imported)
            if target != source:
                edges[source].add(target)
    cyclic = [c for c in components(edges) if len(c) > 1]
    for component in sorted(cyclic, key=len, reverse=True):
        print(f"{len(component)} modules: {', '.join(component)}")
    print(f"{len(cyclic)} cycles (strongly connected components), {len(edges)} modules")
    if "--lazy" in argv:
        found = lazy_imports()
        for path, line, module in found:
            print(f"{path}:{line} {module}")
        print(f"{len(found)} imports inside functions")


if __name__ == "__main__":
    main(sys.argv[1:])
