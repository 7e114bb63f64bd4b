"""Ready-made answers of the public dossier API: the JSON body, built once per dossier version and language
and kept in the shared cache byte for byte. The lookup reads it in the same round trip to Redis that
settles the lookup limiter (center.ratelimit.settle), so asking again costs one SQL read and one trip to
Redis, and the answer changes as soon as the dossier does (its version is part of the key)."""

from rest_framework.renderers import JSONRenderer

from center.cache import keep_raw
from dossiers.selectors import PUBLIC_CACHE_SECONDS, PublicMatch, dossier_public_load
from dossiers.serializers import public_dossier_payload


def api_answer_key(match: PublicMatch, language: str) -> str:
    return f"{match.version}:api:{language}"


def api_answer_build(match: PublicMatch, language: str) -> bytes:
    """The API's JSON body for the dossier in the active language (`language`), kept for the next lookup."""
    body = JSONRenderer().render(public_dossier_payload(dossier_public_load(match)))
    keep_raw(api_answer_key(match, language), body, PUBLIC_CACHE_SECONDS)
    return body
