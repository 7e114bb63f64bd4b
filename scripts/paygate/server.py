"""A sandbox payment gateway for development and tests: a small stdlib HTTP server, separate from the portal.

It behaves as a payment platform does towards a merchant (the portal):
- POST /api/payments (signed): registers a payment, answers {"transaction", "pay_url"}.
- GET /pay/<transaction>: the gateway's own page, where a tester approves or declines the payment (and may
  simulate a lost notification, or a faulty gateway reporting another amount or currency).
- On a decision it sends a signed server-to-server notification (POST, form-encoded) to the merchant's
  notify_url, then redirects the browser to the merchant's return_url with the same signed parameters.
- GET /api/payments/<reference>?merchant=&signature= : the signed status of a payment (reconciliation).
- GET /api/notifications/<transaction>: what it sent (or tried to send) to the merchant, for testers.
- GET /healthz: "ok".
Signature: HMAC-SHA256 with the shared secret over the other parameters sorted by name, URL-encoded
`name=value` pairs joined with `&` (empty ones left out), lower-case hex, in the parameter `signature`.

Usage: python scripts/paygate/server.py --port 8010 [--merchant ID] [--secret S] (or PAYGATE_* variables).
State is in memory: a restart forgets payments (it is a sandbox).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import html
import json
import os
import secrets
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlencode, urlsplit

DEFAULT_MERCHANT = "TTHCC-DEMO"
DEFAULT_SECRET = "sandbox-shared-secret-change-me"


def canonical(params: dict) -> str:
    return "&".join(
        f"{quote(str(k), safe='')}={quote(str(v), safe='')}"
        for k, v in sorted(params.items())
        if k != "signature" and v not in ("", None)
    )


def sign(params: dict, secret: str) -> str:
    return hmac.new(secret.encode(), canonical(params).encode(), hashlib.sha256).hexdigest()


class Gateway:
    def __init__(self, merchants: dict[str, str], public_url: str):
        self.merchants = merchants  # merchant id -> shared secret
        self.public_url = public_url.rstrip("/")
        self.payments: dict[str, dict] = {}  # transaction -> payment
        self.by_reference: dict[tuple[str, str], str] = {}
        self.sent: dict[str, list[dict]] = {}  # transaction -> notifications
        self.lock = threading.Lock()

    def verified(self, params: dict) -> str | None:
        """The merchant's secret when the parameters are signed with it."""
        secret = self.merchants.get(params.get("merchant", ""))
        given = params.get("signature", "")
        if secret and given and hmac.compare_digest(given.encode(), sign(params, secret).encode()):
            return secret
        return None

    def answer(self, payment: dict, *, amount=None, currency=None) -> dict:
        params = {
            "merchant": payment["merchant"],
            "reference": payment["reference"],
            "transaction": payment["transaction"],
            "amount": str(amount if amount not in (None, "") else payment["amount"]),
            "currency": currency or payment["currency"],
            "status": payment["status"],
            "paid_at": payment.get("paid_at", ""),
            "message": payment.get("message", ""),
        }
        params["signature"] = sign(params, self.merchants[payment["merchant"]])
        return params

    def notify(self, payment: dict, params: dict) -> dict:
        record = {"params": params, "delivered": False, "http_status": None, "at": now_iso()}
        try:
            request = urllib.request.Request(payment["notify_url"], data=urlencode(params).encode(), method="POST")
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (the merchant's URL)
                record.update(delivered=200 <= response.status < 300, http_status=response.status)
        except urllib.error.HTTPError as error:
            record["http_status"] = error.code
        except OSError as error:
            record["error"] = str(error)
        return record


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thanh toán thử nghiệm</title>
<style>body{{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}}.box{{border:1px solid #999;
padding:1rem;border-radius:6px}}button{{font-size:1.1rem;padding:.5rem 1.2rem;margin:.3rem}}fieldset{{margin-top:1rem}}
</style></head><body><h1>Cổng thanh toán thử nghiệm (sandbox)</h1>{body}</body></html>"""


class Handler(BaseHTTPRequestHandler):
    gateway: Gateway

    def log_message(self, fmt, *args):
        sys.stderr.write("paygate %s\n" % (fmt % args))

    def _send(self, status: int, body: str | bytes, content_type="application/json", headers=None):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _json(self, status: int, value) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False))

    def _form(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        return {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}

    def do_GET(self):  # noqa: N802 (http.server's name)
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        parts = [p for p in url.path.split("/") if p]
        g = self.gateway
        if parts == ["healthz"]:
            return self._send(200, "ok", "text/plain")
        if len(parts) == 2 and parts[0] == "pay":
            return self._pay_page(parts[1])
        if len(parts) == 3 and parts[:2] == ["api", "payments"]:
            params = {
                "merchant": query.get("merchant", ""),
                "reference": parts[2],
                "signature": query.get("signature", ""),
            }
            if not g.verified(params):
                return self._json(403, {"error": "bad signature"})
            with g.lock:
                transaction = g.by_reference.get((params["merchant"], parts[2]))
                payment = g.payments.get(transaction) if transaction else None
                if payment is None:
                    return self._json(404, {"error": "unknown payment"})
                return self._json(200, g.answer(payment))
        if len(parts) == 3 and parts[:2] == ["api", "notifications"]:
            return self._json(200, g.sent.get(parts[2], []))
        return self._json(404, {"error": "not found"})

    def do_POST(self):  # noqa: N802
        parts = [p for p in urlsplit(self.path).path.split("/") if p]
        form = self._form()
        if parts == ["api", "payments"]:
            return self._create(form)
        if len(parts) == 2 and parts[0] == "pay":
            return self._decide(parts[1], form)
        return self._json(404, {"error": "not found"})

    def _create(self, form: dict):
        g = self.gateway
        if not g.verified(form):
            return self._json(403, {"error": "bad signature"})
        try:
            amount = int(form.get("amount", ""))
        except ValueError:
            return self._json(400, {"error": "bad amount"})
        if amount <= 0 or not form.get("reference") or not form.get("notify_url") or not form.get("return_url"):
            return self._json(400, {"error": "missing or bad parameters"})
        with g.lock:
            key = (form["merchant"], form["reference"])
            if key in g.by_reference:
                return self._json(409, {"error": "reference already used"})
            transaction = secrets.token_hex(8).upper()
            g.payments[transaction] = {
                "transaction": transaction,
                "merchant": form["merchant"],
                "reference": form["reference"],
                "amount": amount,
                "currency": form.get("currency", "VND"),
                "description": form.get("description", ""),
                "return_url": form["return_url"],
                "notify_url": form["notify_url"],
                "status": "pending",
                "created_at": now_iso(),
            }
            g.by_reference[key] = transaction
        return self._json(201, {"transaction": transaction, "pay_url": f"{g.public_url}/pay/{transaction}"})

    def _pay_page(self, transaction: str):
        payment = self.gateway.payments.get(transaction)
        if payment is None:
            return self._send(404, PAGE.format(body="<p>Không có giao dịch này.</p>"), "text/html; charset=utf-8")
        e = html.escape
        if payment["status"] != "pending":
            body = f"<p id='done'>Giao dịch {e(transaction)} đã xử lý: {e(payment['status'])}.</p>"
            return self._send(200, PAGE.format(body=body), "text/html; charset=utf-8")
        amount = f"{payment['amount']:,}".replace(",", ".")
        body = f"""<div class="box"><p>Đơn vị thụ hưởng: <b>{e(payment["merchant"])}</b></p>
<p>Nội dung: {e(payment["description"])}</p><p>Mã tham chiếu: <code>{e(payment["reference"])}</code></p>
<p>Số tiền: <b id="amount">{amount} {e(payment["currency"])}</b></p>
<form method="post"><button name="decision" value="approve" id="approve">Thanh toán (approve)</button>
<button name="decision" value="decline" id="decline">Từ chối (decline)</button>
<fieldset><legend>Giả lập cho người kiểm thử (tester)</legend>
<label><input type="checkbox" name="notify" value="0" id="no-notify">
 Không gửi thông báo máy chủ (lost notification)</label><br>
<label>Số tiền báo về (report another amount) <input name="report_amount" id="report-amount"></label><br>
<label>Loại tiền báo về (report another currency) <input name="report_currency" id="report-currency"></label>
</fieldset></form></div>"""
        return self._send(200, PAGE.format(body=body), "text/html; charset=utf-8")

    def _decide(self, transaction: str, form: dict):
        g = self.gateway
        with g.lock:
            payment = g.payments.get(transaction)
            if payment is None or payment["status"] != "pending":
                return self._send(
                    409, PAGE.format(body="<p>Giao dịch đã xử lý hoặc không tồn tại.</p>"), "text/html; charset=utf-8"
                )
            if form.get("decision") == "approve":
                payment.update(status="paid", paid_at=now_iso(), message="")
            else:
                payment.update(status="failed", message="declined by the payer")
            params = g.answer(payment, amount=form.get("report_amount"), currency=form.get("report_currency"))
        record = {"params": params, "delivered": False, "skipped": True, "at": now_iso()}
        if form.get("notify") != "0":  # the notification first, as real gateways do (the browser may be slow)
            record = g.notify(payment, params)
        g.sent.setdefault(transaction, []).append(record)
        separator = "&" if urlsplit(payment["return_url"]).query else "?"
        return self._send(302, "", "text/plain", {"Location": payment["return_url"] + separator + urlencode(params)})


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("PAYGATE_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PAYGATE_PORT", "8010")))
    parser.add_argument("--merchant", default=os.environ.get("PAYGATE_MERCHANT", DEFAULT_MERCHANT))
    parser.add_argument("--secret", default=os.environ.get("PAYGATE_SECRET", DEFAULT_SECRET))
    args = parser.parse_args(argv)
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    port = server.server_address[1]
    Handler.gateway = Gateway({args.merchant: args.secret}, f"http://{args.host}:{port}")
    print(f"paygate listening on http://{args.host}:{port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
