"""A fresh database of its own for each benchmark, beside the one in DATABASE_URL."""
import os
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
