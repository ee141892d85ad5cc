from shared_apps.regions.models import Region


def region_get(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def region_ancestry(region: Region) -> dict[str, Region]:
    """The region and its ancestors by level, in one query (codes are prefixes)."""
    parts = region.code.split(".")
    codes = [".".join(parts[: i + 1]) for i in range(len(parts))]
    return {item.level: item for item in Region.objects.filter(code__in=codes)}
