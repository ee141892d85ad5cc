"""What the benchmarks share: a fresh database of their own, and percentiles."""
import os
import statistics
from urllib.parse import urlparse

import psycopg
from psycopg import sql


def fresh_database(suffix: str) -> str:
    """Drop and create ``<DATABASE_URL's name>_<suffix>``; return its URL."""
    parsed = urlparse(os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/balai"))
    name = f"{parsed.path.lstrip('/')}_{suffix}"
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return parsed._replace(path=f"/{name}").geturl()


def drop_database(url: str) -> None:
    """Drop a database made by ``fresh_database`` (its connections are closed first)."""
    parsed = urlparse(url)
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(parsed.path.lstrip("/"))))


def percentiles(samples: list[float]) -> str:
    """``p50 … ms  p95 … ms  (n=…)`` of durations in seconds."""
    if not samples:
        return "n/a"
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  (n={len(ordered)})"


def drop_database(url: str) -> None:
    """Drop the database a benchmark made with ``fresh_database``."""
    parsed = urlparse(url)
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(parsed.path.lstrip("/"))))
