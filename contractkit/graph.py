"""The contract graph: pipeline -> contract -> consumer pipeline, across a folder of contracts.

Each contract names the pipeline that produces it (`contract.producer_pipeline`) and the
pipelines that consume it (`consumers[].pipeline`); a consumer that produces a contract of its
own chains on. From that graph this module answers what the seed guide's multi-pipeline
operations ask (sections 4.3, 4.4, 9.2): is there a dependency cycle, in which order can the
pipelines deploy (and which in parallel), and which pipelines are downstream of a contract or
of one of its fields.

A field's `references: contract.field` is a data dependency between two contracts: it is an
edge of the graph (`ContractNode.references`) and `impact` names the contracts whose fields
reference the changed one, but it does not order pipelines (the referenced data must be
readable when the reference is checked, not produced first).

Pure: contracts in, values out; rendering lives in `contractkit.report.graph`. Every list is
sorted, so output is deterministic.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from contractkit.errors import CycleError, GraphError
from contractkit.model import Consumer, Contract
from contractkit.references import declared_references, split_reference

__all__ = [
    "ConsumerLink",
    "ContractGraph",
    "ContractNode",
    "CycleError",
    "GraphError",
    "Impact",
    "ImpactReport",
    "Pipeline",
    "ReferenceLink",
    "ReferencedBy",
    "build_graph",
]


@dataclass(frozen=True)
class ConsumerLink:
    """One `consumers[]` entry: the pipeline and the fields it declares it uses (None: all)."""

    pipeline: str
    uses: tuple[str, ...] | None
    consumer: Consumer = field(compare=False, repr=False)

    def reads(self, column: str) -> bool:
        return self.consumer.uses_path(column)


@dataclass(frozen=True)
class ReferenceLink:
    """A field's `references`, resolved among the graph's contracts: a data dependency from
    the referencing contract (`field`) to `contract`'s `target_field`."""

    field: str
    contract: str
    target_field: str


@dataclass(frozen=True)
class ContractNode:
    name: str
    version: str
    producer: str | None
    """None for a source: a dataset written outside the pipelines these contracts name."""
    consumers: tuple[ConsumerLink, ...]
    file: str | None
    references: tuple[ReferenceLink, ...] = ()
    """Its fields' references to contracts of the graph (to others: lint warns of those)."""


@dataclass(frozen=True)
class Pipeline:
    """A pipeline named by the contracts: what it produces and what it consumes."""

    name: str
    produces: tuple[str, ...]
    consumes: tuple[str, ...]

    @property
    def leaf(self) -> bool:
        """A consumer that produces no contract we know: a dashboard, a report, an export."""
        return not self.produces


@dataclass(frozen=True)
class Impact:
    """A pipeline downstream of the change: how far, and the chain that reaches it.

    `path` alternates contract and pipeline names from the changed contract to this pipeline
    (`silver_orders, gold-sales-pipeline, gold_sales_metrics, sales-kpi-dashboard`); `uses` is
    what a direct consumer declared (None: every field).
    """

    pipeline: str
    depth: int
    path: tuple[str, ...]
    uses: tuple[str, ...] | None
    consumer: Consumer = field(compare=False, repr=False)

    @property
    def direct(self) -> bool:
        return self.depth == 1


@dataclass(frozen=True)
class ReferencedBy:
    """A contract whose field references the changed contract (or field): its reference
    check reads the changed data, so a change there can make its values orphans."""

    contract: str
    field: str
    target_field: str
    producer: str | None


@dataclass(frozen=True)
class ImpactReport:
    contract: str
    field: str | None
    affected: tuple[Impact, ...]
    unaffected: tuple[ConsumerLink, ...]
    referenced_by: tuple[ReferencedBy, ...] = ()


@dataclass(frozen=True)
class ContractGraph:
    contracts: dict[str, ContractNode]
    pipelines: dict[str, Pipeline]

    # ------------------------------------------------------------------ structure

    def upstream(self, pipeline: str) -> tuple[str, ...]:
        """Pipelines producing a contract that `pipeline` consumes."""
        found = {
            producer
            for name in self.pipelines[pipeline].consumes
            if (producer := self.contracts[name].producer) in self.pipelines
            and producer is not None
        }
        return tuple(sorted(found))

    @property
    def sources(self) -> tuple[str, ...]:
        """Contracts no pipeline here produces (no `producer_pipeline`): where data enters."""
        return tuple(name for name, node in self.contracts.items() if node.producer is None)

    def downstream(self, pipeline: str) -> tuple[str, ...]:
        """Pipelines consuming a contract that `pipeline` produces."""
        found = {
            link.pipeline
            for name in self.pipelines[pipeline].produces
            for link in self.contracts[name].consumers
        }
        return tuple(sorted(found))

    @property
    def leaves(self) -> tuple[str, ...]:
        return tuple(name for name, p in sorted(self.pipelines.items()) if p.leaf)

    # --------------------------------------------------------------------- cycles

    def cycles(self) -> list[tuple[str, ...]]:
        """One cycle per group of pipelines that depend on each other, as alternating
        pipeline and contract names starting at the group's first pipeline (sorted)."""
        found: list[tuple[str, ...]] = []
        for component in self._strong_components():
            start = min(component)
            if len(component) == 1 and start not in self.upstream(start):
                continue
            found.append(self._cycle_from(start, component))
        return sorted(found)

    def _strong_components(self) -> list[set[str]]:
        """Tarjan's algorithm, iteratively (a long chain of pipelines must not recurse)."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        components: list[set[str]] = []
        counter = 0
        for root in sorted(self.pipelines):
            if root in index:
                continue
            work: list[tuple[str, Iterator[str]]] = [(root, iter(self.downstream(root)))]
            index[root] = low[root] = counter
            counter += 1
            stack.append(root)
            on_stack.add(root)
            while work:
                node, children = work[-1]
                child = next(children, None)
                if child is not None:
                    if child not in index:
                        index[child] = low[child] = counter
                        counter += 1
                        stack.append(child)
                        on_stack.add(child)
                        work.append((child, iter(self.downstream(child))))
                    elif child in on_stack:
                        low[node] = min(low[node], index[child])
                    continue
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: set[str] = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    components.append(component)
        return components

    def _cycle_from(self, start: str, component: set[str]) -> tuple[str, ...]:
        """The shortest way from `start` back to itself inside its component (BFS)."""
        previous: dict[str, tuple[str, str]] = {}
        queue = deque([start])
        seen = {start}
        while queue:
            pipeline = queue.popleft()
            for contract in self.pipelines[pipeline].produces:
                for link in sorted(self.contracts[contract].consumers, key=lambda c: c.pipeline):
                    nxt = link.pipeline
                    if nxt not in component:
                        continue
                    if nxt == start:
                        return self._chain(start, pipeline, contract, previous)
                    if nxt not in seen:
                        seen.add(nxt)
                        previous[nxt] = (pipeline, contract)
                        queue.append(nxt)
        raise AssertionError(f"no cycle through {start!r} in its own component")

    @staticmethod
    def _chain(
        start: str, last: str, closing: str, previous: dict[str, tuple[str, str]]
    ) -> tuple[str, ...]:
        steps: list[tuple[str, str]] = []
        step = last
        while step != start:
            before, via = previous[step]
            steps.append((via, step))
            step = before
        chain = [start]
        for via, pipeline in reversed(steps):
            chain += [via, pipeline]
        return (*chain, closing)

    # ---------------------------------------------------------------------- order

    def order(self) -> list[tuple[str, ...]]:
        """Deployment levels: every pipeline after all the pipelines it consumes from;
        the pipelines of one level can deploy in parallel. Raises CycleError."""
        cycles = self.cycles()
        if cycles:
            raise CycleError(cycles)
        level: dict[str, int] = {}
        remaining = {name: len(self.upstream(name)) for name in self.pipelines}
        ready = sorted(name for name, count in remaining.items() if count == 0)
        for name in ready:
            level[name] = 0
        queue = deque(ready)
        while queue:
            name = queue.popleft()
            for nxt in self.downstream(name):
                level[nxt] = max(level.get(nxt, 0), level[name] + 1)
                remaining[nxt] -= 1
                if remaining[nxt] == 0:
                    queue.append(nxt)
        depth = max(level.values(), default=-1) + 1
        return [tuple(sorted(n for n, lv in level.items() if lv == i)) for i in range(depth)]

    # --------------------------------------------------------------------- impact

    def impact(self, contract: str, field: str | None = None) -> ImpactReport:
        """Every pipeline downstream of `contract` (or of one of its fields), transitively.

        With a field, a direct consumer is affected when its `uses` names the field, a
        subfield of it or a struct containing it, or when it declares no `uses`. Past the
        first hop the walk follows every contract an affected pipeline produces, whole:
        contracts do not say which output field comes from which input field.
        """
        node = self.contracts[contract]
        affected: dict[str, Impact] = {}
        unaffected: list[ConsumerLink] = []
        queue: deque[Impact] = deque()
        for link in sorted(node.consumers, key=lambda c: c.pipeline):
            if field is not None and not link.reads(field):
                unaffected.append(link)
                continue
            hit = Impact(link.pipeline, 1, (contract, link.pipeline), link.uses, link.consumer)
            affected[link.pipeline] = hit
            queue.append(hit)
        while queue:
            current = queue.popleft()
            pipeline = self.pipelines[current.pipeline]
            for produced in pipeline.produces:
                for link in sorted(self.contracts[produced].consumers, key=lambda c: c.pipeline):
                    if link.pipeline in affected:
                        continue
                    hit = Impact(
                        link.pipeline,
                        current.depth + 1,
                        (*current.path, produced, link.pipeline),
                        link.uses,
                        link.consumer,
                    )
                    affected[link.pipeline] = hit
                    queue.append(hit)
        ordered = sorted(affected.values(), key=lambda i: (i.depth, i.pipeline))
        return ImpactReport(
            contract, field, tuple(ordered), tuple(unaffected), self.referenced_by(contract, field)
        )

    def referenced_by(self, contract: str, field: str | None = None) -> tuple[ReferencedBy, ...]:
        """The references to `contract` (to `field`, a struct holding it or a subfield of
        it, when given), sorted by referencing contract and field."""
        found = [
            ReferencedBy(name, link.field, link.target_field, node.producer)
            for name, node in self.contracts.items()
            for link in node.references
            if link.contract == contract and (field is None or _touches(link.target_field, field))
        ]
        return tuple(sorted(found, key=lambda r: (r.contract, r.field)))

    def split_target(self, target: str) -> tuple[str, str | None]:
        """`silver_orders.amount` -> (`silver_orders`, `amount`). Contract names may hold
        dots, so the longest known contract name that prefixes the target wins."""
        if target in self.contracts:
            return target, None
        for name in sorted(self.contracts, key=len, reverse=True):
            if target.startswith(name + ".") and len(target) > len(name) + 1:
                return name, target[len(name) + 1 :]
        raise KeyError(target)


def _touches(path: str, field: str) -> bool:
    a, b = path.casefold(), field.casefold()
    return a == b or a.startswith(f"{b}.") or b.startswith(f"{a}.")


def build_graph(contracts: Iterable[Contract]) -> ContractGraph:
    """The graph of these contracts; GraphError when two files define one contract name."""
    nodes: dict[str, ContractNode] = {}
    contracts = list(contracts)
    known = {c.name: c for c in contracts}
    for contract in contracts:
        previous = nodes.get(contract.name)
        if previous is not None:
            raise GraphError(
                f"contract {contract.name!r} is defined twice: in {previous.file} and in "
                f"{contract.source_file}; give each dataset one contract file"
            )
        links = tuple(
            ConsumerLink(c.pipeline, tuple(c.uses) if c.uses is not None else None, c)
            for c in sorted(contract.consumers, key=lambda c: c.pipeline)
        )
        nodes[contract.name] = ContractNode(
            contract.name,
            contract.version,
            contract.info.producer_pipeline,
            links,
            contract.source_file,
            _references(contract, known),
        )
    produces: dict[str, list[str]] = {}
    consumes: dict[str, list[str]] = {}
    for node in nodes.values():
        if node.producer is not None:
            produces.setdefault(node.producer, []).append(node.name)
            consumes.setdefault(node.producer, [])
        for link in node.consumers:
            consumes.setdefault(link.pipeline, []).append(node.name)
            produces.setdefault(link.pipeline, [])
    pipelines = {
        name: Pipeline(name, tuple(sorted(produces[name])), tuple(sorted(set(consumes[name]))))
        for name in sorted(produces)
    }
    return ContractGraph(dict(sorted(nodes.items())), pipelines)


def _references(contract: Contract, known: dict[str, Contract]) -> tuple[ReferenceLink, ...]:
    links = []
    for reference in declared_references(contract):
        found = split_reference(reference.text, known)
        if found is not None:
            links.append(ReferenceLink(reference.path, *found))
    return tuple(links)


def format_cycle(cycle: tuple[str, ...]) -> str:
    """`a -> silver_orders -> b -> gold -> a`."""
    return " -> ".join([*cycle, cycle[0]])
