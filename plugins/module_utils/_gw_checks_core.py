# -*- coding: utf-8 -*-
# Copyright: contributors to cowork3p.fleet
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The checks every gateway must pass: tls, models, messages. Each is a function of a ``_gw_session.Session``
that returns a result (``_gw_result.result``) or raises ``Failed``; ``_gw_plan`` runs them in order."""

from __future__ import annotations

import fnmatch
import time
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_answers import looks_like_claude, message_problems, short
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_probes import message_body
from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_result import (
    FAIL, PASS, WARN, Failed as _Failed, plural, result as _result)
from ansible_collections.cowork3p.fleet.plugins.module_utils._mask import MASK

if TYPE_CHECKING:     # (for annotations only)
    from ansible_collections.cowork3p.fleet.plugins.module_utils._gw_session import Session

MAX_MODEL_PAGES = 10
EXPIRY_WARN_DAYS = 14


def _cert_expiry(text):
    if not text:
        return None
    try:
        import ssl  # pylint: disable=import-outside-toplevel
        return ssl.cert_time_to_seconds(text)
    except (ValueError, ImportError):
        return None


def _dn_text(dn):
    try:
        return ", ".join("%s=%s" % (k, v) for rdn in dn for k, v in rdn)
    except (TypeError, ValueError):
        return None


def check_tls(session: Session) -> dict:
    url, response = session.send("GET", "")
    session.body(url, response, 65536)
    details = {"http_status": response.status, "verified": bool(session.validate_certs)}
    if not session.validate_certs:
        return _result("tls", WARN, "TLS works but the certificate was not verified (validate_certs: false); "
                                    "laptops will verify it against their trust store", details=details)
    trust = "the CA bundle %s" % session.ca_path if session.ca_path else "this machine's trust store"
    cert = response.peer_cert or {}
    expiry = _cert_expiry(cert.get("notAfter"))
    if expiry is not None:
        days = (expiry - time.time()) / 86400.0
        details.update({"not_after": cert.get("notAfter"), "days_left": int(days)})
        details["issuer"] = _dn_text(cert.get("issuer"))
        if days < EXPIRY_WARN_DAYS:
            reason = "the certificate of %s verifies against %s but expires in %s (%s): renew it before the rollout" % (
                urlsplit(url).hostname, trust, plural(int(days), "day"), cert.get("notAfter"))
            return _result("tls", WARN, reason, details=details)
        return _result("tls", PASS, "the certificate verifies against %s (expires %s)" % (trust, cert.get("notAfter")),
                       details=details)
    return _result("tls", PASS, "the certificate verifies against %s" % trust, details=details)


def check_models(session: Session) -> dict:
    configured = list(session.config["models"])
    ids, shape, pages = [], None, 0
    path = "/v1/models"
    try:
        while True:
            pages += 1
            _url, _response, _raw, payload = session.json_answer("GET", path)
            if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
                keys = ", ".join(short(k, 40) for k in sorted(payload)[:6]) if isinstance(payload, dict) \
                    else type(payload).__name__
                raise _Failed("GET /v1/models did not answer a model list ({\"data\": [...]}; got %s)" % keys)
            shape = shape or ("anthropic" if "has_more" in payload or any(
                isinstance(m, dict) and m.get("type") == "model" for m in payload["data"]) else "openai")
            ids.extend(short(m.get("id"), 200) for m in payload["data"] if isinstance(m, dict) and m.get("id"))
            if not (payload.get("has_more") and payload.get("last_id")) or pages >= MAX_MODEL_PAGES:
                break
            path = "/v1/models?limit=1000&after_id=" + quote(str(payload["last_id"]), safe="")
    except _Failed as exc:
        if configured:
            return _result("models", WARN, "no usable model list (%s); the app shows the %d inferenceModels "
                                           "entries instead, so discovery is optional here" % (exc.reason, len(configured)),
                           required=False, details=dict(exc.details, configured=configured))
        raise _Failed("%s; inferenceModels is empty too, so the app would have no model to offer: set "
                      "inferenceModels" % exc.reason, exc.details)
    claude = [i for i in ids if looks_like_claude(i)]
    other = [i for i in ids if not looks_like_claude(i)]
    details = {"shape": shape, "count": len(ids), "claude_count": len(claude), "ids": ids[:50],
               "not_shown": other[:50], "configured": configured}
    if not session.model and not configured:
        session.model = (claude or ids or [None])[0]
        session.model_source = "discovery" if session.model else None
    listed = "%s listed, %d look%s like Claude (the app shows only those)" % (
        plural(len(ids), "model"), len(claude), "s" if len(claude) == 1 else "")
    if configured:
        wildcards = [i for i in ids if "*" in i and MASK not in i]     # a masked id is no wildcard
        missing = [m for m in configured if m not in ids and not any(fnmatch.fnmatchcase(m, w) for w in wildcards)]
        details["missing"] = missing
        if missing:
            return _result("models", FAIL, "%s; inferenceModels ids not offered by the gateway: %s (use ids exactly as "
                                           "/v1/models returns them)" % (listed, ", ".join(missing)),
                           required=True, details=details)
        return _result("models", PASS, "%s; every inferenceModels id is offered (%d)" % (listed, len(configured)),
                       required=True, details=details)
    if not ids:
        return _result("models", FAIL, "the model list is empty and inferenceModels is not set: the app would have "
                                       "no model to offer", details=details)
    if not claude:
        return _result("models", FAIL, "%s: ids such as %s are not recognisably Claude, so the picker would be empty; "
                                       "list the gateway's ids in inferenceModels" % (listed, ", ".join(other[:3])),
                       details=details)
    if other:
        return _result("models", PASS, "%s; hidden: %s" % (listed, ", ".join(other[:5])), details=details)
    return _result("models", PASS, listed, details=details)


def check_messages(session: Session) -> dict:
    session.need_model()
    try:
        _url, _response, _raw, payload = session.json_answer("POST", "/v1/messages", message_body(session.model, "messages"))
    except _Failed as exc:
        raise _Failed(exc.reason, dict(exc.details, blocks_others=True, model=session.model))
    problems = message_problems(payload)
    details = {"model": session.model,
               "stop_reason": short(payload.get("stop_reason"), 40) if isinstance(payload, dict) else None}
    if problems:
        return _result("messages", FAIL, "POST /v1/messages answered 200 but not a Messages API message: %s"
                       % "; ".join(problems), details=dict(details, blocks_others=True))
    blocks = [short(b.get("type"), 40) for b in payload["content"][:20] if isinstance(b, dict)]
    details["content_types"] = blocks
    return _result("messages", PASS, "%s answered a valid message (stop_reason %s, blocks: %s)"
                   % (session.model, details["stop_reason"], ", ".join(blocks) or "none"), details=details)
