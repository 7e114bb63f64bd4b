"""The registry of payment gateways, chosen by settings (STYLE.md, "Pluggable providers").

settings.PAYMENT_GATEWAYS maps a key to {"class": dotted path, ...its options}; settings.PAYMENT_GATEWAY names
the one online payments start with. A payment stores its gateway's key, so answers about payments started
with a gateway that is no longer the default are still checked by that gateway.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from dossiers.payments.gateways.base import PaymentGateway


class UnknownGateway(LookupError):
    pass


def get_gateway(key: str | None = None) -> PaymentGateway:
    key = key or settings.PAYMENT_GATEWAY
    config = settings.PAYMENT_GATEWAYS.get(key)
    if config is None:
        raise UnknownGateway(key)
    options = {name: value for name, value in config.items() if name != "class"}
    gateway = import_string(config["class"])(**options)
    gateway.key = key
    return gateway
