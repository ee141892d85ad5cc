"""Reads of the wilayah tree (dusun → RW → RT) with its counts."""
from dataclasses import dataclass, field

from django.db.models import Count

from tenant_apps.population import codes
from tenant_apps.population.models import Dusun, Family, Resident, Rt, Rw

UNIT_MODELS = {"dusun": Dusun, "rw": Rw, "rt": Rt}


@dataclass
class Node:
    unit: Dusun | Rw | Rt
    kind: str
    residents: int = 0
    families: int = 0
    children: list["Node"] = field(default_factory=list)


def wilayah_tree() -> tuple[list[Node], dict[str, int]]:
    """Every dusun with its RWs and RTs, each with its living residents and
    its families; and the residents and families registered in no RT.

    Five queries whatever the size: the units, then one grouped count each.
    """
    living = Resident.objects.filter(basic_status=codes.BasicStatus.HIDUP)
    residents = dict(living.values_list("rt").annotate(n=Count("id")).order_by())
    families = dict(Family.objects.values_list("rt").annotate(n=Count("id")).order_by())
    rws: dict[int, list[Node]] = {}
    for rt in Rt.objects.select_related("head").order_by("number"):
        node = Node(rt, "rt", residents.get(rt.pk, 0), families.get(rt.pk, 0))
        rws.setdefault(rt.rw_id, []).append(node)
    dusuns: dict[int, list[Node]] = {}
    for rw in Rw.objects.select_related("head").order_by("number"):
        dusuns.setdefault(rw.dusun_id, []).append(_parent(Node(rw, "rw"), rws.get(rw.pk, [])))
    tree = [_parent(Node(dusun, "dusun"), dusuns.get(dusun.pk, []))
            for dusun in Dusun.objects.select_related("head").order_by("name")]
    return tree, {"residents": residents.get(None, 0), "families": families.get(None, 0)}


def _parent(node: Node, children: list[Node]) -> Node:
    node.children = children
    node.residents = sum(child.residents for child in children)
    node.families = sum(child.families for child in children)
    return node


def unit_counts(unit: Dusun | Rw | Rt) -> dict[str, int]:
    """Living residents and families of one unit (all its RTs)."""
    area = {Dusun: "rt__rw__dusun", Rw: "rt__rw", Rt: "rt"}[type(unit)]
    return {
        "residents": Resident.objects.filter(basic_status=codes.BasicStatus.HIDUP, **{area: unit}).count(),
        "families": Family.objects.filter(**{area: unit}).count(),
    }


def area_choices() -> list[tuple[str, str]]:
    """Every unit as one choice for a filter: ``d<id>``, ``w<id>`` (RW), ``t<id>`` (RT)."""
    choices = []
    rts: dict[int, list[Rt]] = {}
    for rt in Rt.objects.order_by("number"):
        rts.setdefault(rt.rw_id, []).append(rt)
    rws: dict[int, list[Rw]] = {}
    for rw in Rw.objects.order_by("number"):
        rws.setdefault(rw.dusun_id, []).append(rw)
    for dusun in Dusun.objects.order_by("name"):
        choices.append((f"d{dusun.pk}", dusun.name))
        for rw in rws.get(dusun.pk, []):
            choices.append((f"w{rw.pk}", f"{dusun.name} / RW {rw.number}"))
            choices.extend((f"t{rt.pk}", f"{dusun.name} / RW {rw.number} / RT {rt.number}")
                           for rt in rts.get(rw.pk, []))
    return choices


def area_filter(value: str) -> dict[str, int]:
    """``area_choices`` value → the ``dusun``/``rw``/``rt`` keyword of the search selectors."""
    keyword = {"d": "dusun", "w": "rw", "t": "rt"}.get(value[:1])
    return {keyword: int(value[1:])} if keyword and value[1:].isdigit() else {}

