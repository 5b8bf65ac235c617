#!/usr/bin/env python3
"""An independent test wallet for ISO/IEC 18013-7 Annex C (`org-iso-mdoc` over the browser's
Digital Credentials API).

It plays the phone: it issues a test mDL (ISO/IEC 18013-5) with pymdoccbor, signs the device
authentication with pycose, seals the DeviceResponse with pyhpke and prints what a browser hands
back as `credential.data.response`. Nothing here comes from the project's Rust code: the CBOR
structures and the session transcript are written out below from the standards.

Subcommands: `anchors`, `respond`, `vectors` (see --help, and README.md beside this file).
Output is JSON on stdout; errors go to stderr with exit status 2.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import hashlib
import json
import secrets
import sys
import time
import types
from pathlib import Path

import cbor2
import pymdoccbor.mso.issuer as mso_issuer_module
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pycose.algorithms import Es256
from pycose.headers import Algorithm
from pycose.keys import CoseKey, EC2Key
from pycose.keys.curves import P256
from pycose.messages import Sign1Message
from pyhpke import AEADId, CipherSuite, KDFId, KEMId
from pymdoccbor.mso.issuer import MsoIssuer

MDL_DOCTYPE = "org.iso.18013.5.1.mDL"
MDL_NAMESPACE = "org.iso.18013.5.1"
# id-mdl-kp-mdlDS (ISO/IEC 18013-5 Annex B)
MDL_DS_EKU = x509.ObjectIdentifier("1.0.18013.5.1.2")
DEFAULT_HOLDER = {"family_name": "Rivera", "given_name": "Ana", "birth_date": "1958-04-12"}
VECTOR_ORIGIN = "https://idv.example.org"
DAY = 86400

# Every way `respond --tamper` can spoil the answer, with the refusal a correct verifier gives.
TAMPERS = {
    "altered_element": ("mdl_digest", "an element's value changed after issuance"),
    "element_not_digested": ("mdl_digest", "an element whose digest is absent from the MSO"),
    "duplicate_element": ("mdl_digest", "the same IssuerSignedItem disclosed twice"),
    "mso_expired": ("mdl_mso_validity", "the MSO's validUntil is in the past"),
    "mso_not_yet_valid": ("mdl_mso_validity", "the MSO is signed and valid only from the future"),
    "untrusted_root": ("mdl_untrusted_signer", "document signer under an IACA nobody trusts"),
    "ds_expired": ("mdl_signer_certificate", "the document signer certificate has expired"),
    "ds_wrong_eku": ("mdl_signer_certificate", "document signer without id-mdl-kp-mdlDS"),
    "issuer_signature": ("mdl_issuer_signature", "issuerAuth signature bytes altered"),
    "other_nonce": ("mdl_device_signature", "DeviceAuthentication over another nonce"),
    "other_origin": ("mdl_device_signature", "DeviceAuthentication over another origin"),
    "wrong_device_key": ("mdl_device_signature", "device signature by a key not in the MSO"),
    "device_mac": ("mdl_device_signature", "deviceMac instead of deviceSignature"),
    "doctype": ("mdl_doc_type", "a document that is not an mDL"),
    "missing_portrait": ("mdl_missing_element", "the portrait is not disclosed"),
    "portrait_not_jpeg": ("mdl_encoding", "the portrait is not a JPEG"),
    "licence_expired": ("mdl_licence_expired", "the licence's expiry_date has passed"),
    "status_error": ("mdl_status", "DeviceResponse status 10 (general error)"),
    "truncated": ("mdl_encoding", "the response's CBOR is cut short"),
    "garbage_plaintext": ("mdl_encoding", "the sealed plaintext is not a DeviceResponse"),
    "wrong_recipient": ("mdl_envelope", "sealed to another recipient key"),
}


class WalletError(Exception):
    """A user-facing error: printed on stderr, exit status 2."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as err:
        raise WalletError(f"not base64url: {err}") from err


def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------- certificates (cryptography)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "UT"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Utopia DMV (test)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_iaca(common_name: str, now: datetime.datetime):
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(common_name)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def make_ds(
    common_name: str,
    iaca_key,
    iaca_cert,
    not_before: datetime.datetime,
    not_after: datetime.datetime,
    eku=MDL_DS_EKU,
):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(iaca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.ExtendedKeyUsage([eku]), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(iaca_key.public_key()), critical=False
        )
        .sign(iaca_key, hashes.SHA256())
    )
    return key, cert


def pem_cert(cert) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def pem_key(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def cmd_anchors(args) -> dict:
    return ensure_anchors(Path(args.dir))


def ensure_anchors(d: Path) -> dict:
    """Creates the test PKI in `d` unless it is already there (idempotent)."""
    private = d / "private"
    files = {
        "iaca": d / "iaca.pem",
        "iaca_key": private / "iaca.key.pem",
        "ds": private / "ds.pem",
        "ds_key": private / "ds.key.pem",
        "untrusted_iaca": private / "untrusted-iaca.pem",
        "untrusted_ds": private / "untrusted-ds.pem",
        "untrusted_ds_key": private / "untrusted-ds.key.pem",
    }
    created = False
    if not all(p.exists() for p in files.values()):
        created = True
        private.mkdir(parents=True, exist_ok=True)
        now = datetime.datetime.now(datetime.timezone.utc)
        iaca_key, iaca = make_iaca("Utopia test IACA", now)
        ds_key, ds = make_ds(
            "Utopia test document signer", iaca_key, iaca, now - datetime.timedelta(days=2),
            now + datetime.timedelta(days=365),
        )
        u_iaca_key, u_iaca = make_iaca("Untrusted test IACA", now)
        u_ds_key, u_ds = make_ds(
            "Untrusted test document signer", u_iaca_key, u_iaca, now - datetime.timedelta(days=2),
            now + datetime.timedelta(days=365),
        )
        for path, data in [
            (files["iaca_key"], pem_key(iaca_key)),
            (files["ds"], pem_cert(ds)),
            (files["ds_key"], pem_key(ds_key)),
            (files["untrusted_iaca"], pem_cert(u_iaca)),
            (files["untrusted_ds"], pem_cert(u_ds)),
            (files["untrusted_ds_key"], pem_key(u_ds_key)),
            (files["iaca"], pem_cert(iaca)),  # last: its presence marks a complete directory
        ]:
            path.write_bytes(data)
            if path.parent == private:
                path.chmod(0o600)
    return {"created": created, "iaca": str(files["iaca"]), "private": str(private)}


def load_pki(d: Path) -> dict:
    if not (d / "iaca.pem").exists():
        raise WalletError(f"no test PKI in {d}: run `wallet.py anchors --dir {d}` first")
    p = d / "private"

    def cert(name):
        return x509.load_pem_x509_certificate((p / name).read_bytes())

    def key(name):
        return serialization.load_pem_private_key((p / name).read_bytes(), password=None)

    return {
        "iaca": x509.load_pem_x509_certificate((d / "iaca.pem").read_bytes()),
        "iaca_key": key("iaca.key.pem"),
        "ds": cert("ds.pem"),
        "ds_key": key("ds.key.pem"),
        "untrusted_ds": cert("untrusted-ds.pem"),
        "untrusted_ds_key": key("untrusted-ds.key.pem"),
    }


# ---------------------------------------------------------------- CBOR glue (ISO 18013-5 / -7)


def cose_ec2_public(key) -> dict:
    numbers = key.public_key().public_numbers() if hasattr(key, "public_key") else key.public_numbers()
    return {1: 2, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")}


def pycose_private(key) -> dict:
    n = key.private_numbers()
    return {
        "KTY": "EC2",
        "CURVE": "P_256",
        "ALG": "ES256",
        "D": n.private_value.to_bytes(32, "big"),
        "X": n.public_numbers.x.to_bytes(32, "big"),
        "Y": n.public_numbers.y.to_bytes(32, "big"),
        # pymdoccbor 1.4.0 sets a str kid when none is given, which pycose 1.1.0 refuses.
        "KID": b"test-key",
    }


def build_device_request(elements: list[str]) -> bytes:
    items_request = {
        "docType": MDL_DOCTYPE,
        "nameSpaces": {MDL_NAMESPACE: {e: False for e in elements}},
    }
    return cbor2.dumps(
        {
            "version": "1.0",
            "docRequests": [{"itemsRequest": cbor2.CBORTag(24, cbor2.dumps(items_request))}],
        }
    )


def build_encryption_info(nonce: bytes, recipient_public) -> bytes:
    return cbor2.dumps(["dcapi", {"nonce": nonce, "recipientPublicKey": cose_ec2_public(recipient_public)}])


def requested_elements(device_request_b64: str) -> list[str]:
    try:
        request = cbor2.loads(b64url_decode(device_request_b64))
        items = cbor2.loads(request["docRequests"][0]["itemsRequest"].value)
        if items["docType"] != MDL_DOCTYPE:
            raise WalletError(f"this wallet only holds an mDL, not {items['docType']}")
        return list(items["nameSpaces"][MDL_NAMESPACE].keys())
    except (KeyError, IndexError, TypeError, AttributeError, cbor2.CBORDecodeError) as err:
        raise WalletError(f"not a DeviceRequest for an mDL: {err!r}") from err


def recipient_key(encryption_info_b64: str):
    try:
        info = cbor2.loads(b64url_decode(encryption_info_b64))
        if info[0] != "dcapi":
            raise WalletError("encryptionInfo is not a dcapi one")
        cose = info[1]["recipientPublicKey"]
        if cose[1] != 2 or cose[-1] != 1:
            raise WalletError("recipientPublicKey is not an EC2 P-256 COSE_Key")
        return b"\x04" + bytes(cose[-2]) + bytes(cose[-3])
    except (KeyError, IndexError, TypeError, cbor2.CBORDecodeError) as err:
        raise WalletError(f"not an encryptionInfo: {err!r}") from err


def session_transcript(encryption_info_b64: str, origin: str) -> list:
    """[null, null, ["dcapi", SHA-256(CBOR([encryptionInfoBase64, origin]))]] (18013-7 Annex C)."""
    handover_info = cbor2.dumps([encryption_info_b64, origin])
    return [None, None, ["dcapi", hashlib.sha256(handover_info).digest()]]


SUITE = CipherSuite.new(KEMId.DHKEM_P256_HKDF_SHA256, KDFId.HKDF_SHA256, AEADId.AES128_GCM)


def seal(recipient_point: bytes, info: bytes, plaintext: bytes) -> bytes:
    pkr = SUITE.kem.deserialize_public_key(recipient_point)
    enc, sender = SUITE.create_sender_context(pkr, info=info)
    cipher_text = sender.seal(plaintext, aad=b"")
    return cbor2.dumps(["dcapi", {"enc": enc, "cipherText": cipher_text}])


class _FrozenClock:
    """pymdoccbor stamps validityInfo.signed with the wall clock; this lets `--now` set it."""

    def __init__(self, at: datetime.datetime):
        naive = at.astimezone(datetime.timezone.utc).replace(tzinfo=None)

        class Frozen(datetime.datetime):
            @classmethod
            def utcnow(cls):
                return cls(naive.year, naive.month, naive.day, naive.hour, naive.minute, naive.second)

        self.module = types.SimpleNamespace(datetime=Frozen, timedelta=datetime.timedelta)

    def __enter__(self):
        self.saved = mso_issuer_module.datetime
        mso_issuer_module.datetime = self.module

    def __exit__(self, *exc):
        mso_issuer_module.datetime = self.saved


def tiny_jpeg() -> bytes:
    """An 8x8 mid-grey baseline JPEG (one DC-only block), small enough for committed vectors."""
    soi, eoi = b"\xff\xd8", b"\xff\xd9"
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    dqt = b"\xff\xdb\x00\x43\x00" + b"\x01" * 64
    sof0 = b"\xff\xc0\x00\x0b\x08\x00\x08\x00\x08\x01\x01\x11\x00"
    # One code of length 1 in each table: DC category 0, AC end-of-block.
    dht_dc = b"\xff\xc4\x00\x14\x00" + b"\x01" + b"\x00" * 15 + b"\x00"
    dht_ac = b"\xff\xc4\x00\x14\x10" + b"\x01" + b"\x00" * 15 + b"\x00"
    sos = b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00"
    scan = b"\x3f"  # bits 0 (DC diff 0), 0 (EOB), padded with ones
    return soi + app0 + dqt + sof0 + dht_dc + dht_ac + sos + scan + eoi


# ---------------------------------------------------------------- the answer


def respond(
    pki_dir: Path,
    device_request_b64: str,
    encryption_info_b64: str,
    origin: str,
    holder: dict,
    portrait: bytes,
    tamper: str | None,
    now: int,
) -> str:
    if tamper is not None and tamper not in TAMPERS:
        raise WalletError(f"unknown tamper {tamper!r}; one of: {', '.join(TAMPERS)}")
    pki = load_pki(pki_dir)
    at = datetime.datetime.fromtimestamp(now, datetime.timezone.utc)
    elements = requested_elements(device_request_b64)
    recipient_point = recipient_key(encryption_info_b64)

    # The licence itself.
    today = at.date()
    expiry = today.replace(year=today.year + 5)
    if tamper == "licence_expired":
        expiry = today - datetime.timedelta(days=10)
    data = {
        "family_name": holder.get("family_name", DEFAULT_HOLDER["family_name"]),
        "given_name": holder.get("given_name", DEFAULT_HOLDER["given_name"]),
        "birth_date": holder.get("birth_date", DEFAULT_HOLDER["birth_date"]),
        "issue_date": (today - datetime.timedelta(days=30)).isoformat(),
        "expiry_date": expiry.isoformat(),
        "issuing_country": "US",
        "issuing_authority": "Utopia DMV",
        "document_number": holder.get("document_number", "UT-" + secrets.token_hex(4).upper()),
        "portrait": portrait,
        "un_distinguishing_sign": "USA",
        "age_over_18": True,
    }
    if tamper == "missing_portrait":
        del data["portrait"]
    if tamper == "portrait_not_jpeg":
        data["portrait"] = b"\x89PNG\r\n\x1a\n" + portrait[2:]
    doctype = "org.iso.23220.photoid.1" if tamper == "doctype" else MDL_DOCTYPE

    # The document signer.
    ds_cert, ds_key = pki["ds"], pki["ds_key"]
    if tamper == "untrusted_root":
        ds_cert, ds_key = pki["untrusted_ds"], pki["untrusted_ds_key"]
    elif tamper == "ds_expired":
        ds_key, ds_cert = make_ds(
            "Utopia expired document signer", pki["iaca_key"], pki["iaca"],
            at - datetime.timedelta(days=400), at - datetime.timedelta(days=35),
        )
    elif tamper == "ds_wrong_eku":
        ds_key, ds_cert = make_ds(
            "Utopia TLS server (not a DS)", pki["iaca_key"], pki["iaca"],
            at - datetime.timedelta(days=2), at + datetime.timedelta(days=365),
            eku=ExtendedKeyUsageOID.SERVER_AUTH,
        )

    # MSO validity (pymdoccbor: signed = its clock, validFrom = max(clock, issuance_date),
    # validUntil = expiry_date at 23:59:59).
    issued_at = at
    mso_until = (today + datetime.timedelta(days=365)).isoformat()
    if tamper == "mso_expired":
        issued_at = at - datetime.timedelta(days=400)
        mso_until = (today - datetime.timedelta(days=35)).isoformat()
    elif tamper == "mso_not_yet_valid":
        issued_at = at + datetime.timedelta(days=2)
    validity = {"issuance_date": issued_at.date().isoformat(), "expiry_date": mso_until}

    device_key = ec.generate_private_key(ec.SECP256R1())
    issuer = MsoIssuer(
        data={MDL_NAMESPACE: data},
        validity=validity,
        x509_chain=[pem_cert(ds_cert)],
        private_key=pycose_private(ds_key),
        alg="ES256",
    )
    ids = {}
    for digest_id, item in issuer.disclosure_map[MDL_NAMESPACE].items():
        ids[cbor2.loads(item.value)["elementIdentifier"]] = digest_id
    if tamper == "element_not_digested":
        del issuer.hash_map[MDL_NAMESPACE][ids["document_number"]]
    with _FrozenClock(issued_at):
        mso = issuer.sign(device_key=cose_ec2_public(device_key), doctype=doctype)
    issuer_auth = list(cbor2.loads(mso.encode(tag=False)))
    if tamper == "issuer_signature":
        sig = bytearray(issuer_auth[3])
        sig[5] ^= 0x01
        issuer_auth[3] = bytes(sig)

    # Disclose exactly what was asked (and held).
    disclosed = [
        issuer.disclosure_map[MDL_NAMESPACE][ids[e]] for e in elements if e in ids
    ]
    if tamper == "altered_element":
        for i, tagged in enumerate(disclosed):
            item = dict(cbor2.loads(tagged.value))
            if item["elementIdentifier"] == "family_name":
                item["elementValue"] = "Riviera"
                disclosed[i] = cbor2.CBORTag(24, cbor2.dumps(item, canonical=True))
    if tamper == "duplicate_element":
        disclosed.append(disclosed[0])

    # Device authentication over the dcapi session transcript.
    signed_info, signed_origin = encryption_info_b64, origin
    if tamper == "other_nonce":
        other = cbor2.loads(b64url_decode(encryption_info_b64))
        params = dict(other[1])
        params["nonce"] = secrets.token_bytes(16)
        signed_info = b64url(cbor2.dumps(["dcapi", params]))
    if tamper == "other_origin":
        signed_origin = "https://evil.example"
    transcript = session_transcript(encryption_info_b64, origin)
    device_namespaces = cbor2.CBORTag(24, cbor2.dumps({}))
    device_authentication = [
        "DeviceAuthentication",
        session_transcript(signed_info, signed_origin),
        doctype,
        device_namespaces,
    ]
    detached = cbor2.dumps(cbor2.CBORTag(24, cbor2.dumps(device_authentication)))
    signing_key = device_key
    if tamper == "wrong_device_key":
        signing_key = ec.generate_private_key(ec.SECP256R1())
    msg = Sign1Message(phdr={Algorithm: Es256}, uhdr={}, payload=None)
    msg.key = CoseKey.from_dict(pycose_private(signing_key))
    device_signature = list(cbor2.loads(msg.encode(tag=False, detached_payload=detached)))
    if tamper == "device_mac":
        device_auth = {"deviceMac": [cbor2.dumps({1: 5}), {}, None, secrets.token_bytes(32)]}
    else:
        device_auth = {"deviceSignature": device_signature}

    device_response = {
        "version": "1.0",
        "documents": [
            {
                "docType": doctype,
                "issuerSigned": {
                    "nameSpaces": {MDL_NAMESPACE: disclosed},
                    "issuerAuth": issuer_auth,
                },
                "deviceSigned": {"nameSpaces": device_namespaces, "deviceAuth": device_auth},
            }
        ],
        "status": 10 if tamper == "status_error" else 0,
    }
    plaintext = cbor2.dumps(device_response)
    if tamper == "garbage_plaintext":
        plaintext = b"\xa1\x63not" + secrets.token_bytes(8)
    if tamper == "wrong_recipient":
        other = ec.generate_private_key(ec.SECP256R1()).public_key()
        recipient_point = other.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    sealed = seal(recipient_point, cbor2.dumps(transcript), plaintext)
    if tamper == "truncated":
        sealed = sealed[: len(sealed) // 2]
    return b64url(sealed)


def cmd_respond(args) -> dict:
    holder = dict(DEFAULT_HOLDER)
    if args.holder:
        try:
            holder.update(json.loads(args.holder))
        except json.JSONDecodeError as err:
            raise WalletError(f"--holder is not JSON: {err}") from err
    portrait_path = Path(args.portrait) if args.portrait else (
        repo_root() / "e2e/fixtures/camera-selfie-astronaut.jpg"
    )
    try:
        portrait = portrait_path.read_bytes()
    except OSError as err:
        raise WalletError(f"cannot read the portrait: {err}") from err
    now = int(args.now) if args.now is not None else int(time.time())
    response = respond(
        Path(args.dir), args.device_request, args.encryption_info, args.origin, holder, portrait,
        args.tamper, now,
    )
    return {"response": response}


# ---------------------------------------------------------------- committed vectors


def cmd_vectors(args) -> dict:
    import tempfile

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # Fixed inputs: the nonce and the recipient secret are derived from labels.
    nonce = hashlib.sha256(b"mdoc-verify vector nonce").digest()[:16]
    secret = hashlib.sha256(b"mdoc-verify vector recipient").digest()
    recipient = ec.derive_private_key(int.from_bytes(secret, "big"), ec.SECP256R1())
    elements = [
        "family_name", "given_name", "birth_date", "issue_date", "expiry_date",
        "issuing_country", "issuing_authority", "document_number", "portrait",
    ]
    device_request = b64url(build_device_request(elements))
    encryption_info = b64url(build_encryption_info(nonce, recipient))
    now = int(args.now) if args.now is not None else int(time.time()) // 3600 * 3600
    holder = dict(DEFAULT_HOLDER, document_number="UT-0001234")
    portrait = tiny_jpeg()
    with tempfile.TemporaryDirectory() as tmp:
        pki_dir = Path(tmp)
        ensure_anchors(pki_dir)
        (out / "iaca.pem").write_bytes((pki_dir / "iaca.pem").read_bytes())
        # A certificate that is no CA, to show anchors refuse it.
        (out / "not-ca.pem").write_bytes((pki_dir / "private/ds.pem").read_bytes())
        (out / "untrusted-iaca.pem").write_bytes(
            (pki_dir / "private/untrusted-iaca.pem").read_bytes()
        )
        cases = {"genuine": {"expect": "ok", "what": "the genuine answer"}}
        cases.update({k: {"expect": v[0], "what": v[1]} for k, v in TAMPERS.items()})
        for case in cases:
            tamper = None if case == "genuine" else case
            response = respond(
                pki_dir, device_request, encryption_info, VECTOR_ORIGIN, holder, portrait, tamper,
                now,
            )
            (out / f"{case}.b64").write_text(response + "\n")
            cases[case]["file"] = f"{case}.b64"
    index = {
        "generator": "tools/test-wallet/wallet.py vectors",
        "origin": VECTOR_ORIGIN,
        "now": now,
        "nonce_hex": nonce.hex(),
        "recipient_secret_hex": secret.hex(),
        "device_request": device_request,
        "encryption_info": encryption_info,
        "holder": holder,
        "portrait_sha256": hashlib.sha256(portrait).hexdigest(),
        "cases": cases,
    }
    (out / "index.json").write_text(json.dumps(index, indent=2) + "\n")
    return {"out": str(out), "cases": len(cases), "now": now}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("anchors", help="create the test IACA, document signer and an untrusted pair")
    p.add_argument("--dir", required=True)
    p.set_defaults(func=cmd_anchors)
    tamper_help = "; ".join(f"{k}: {v[1]} (expect {v[0]})" for k, v in TAMPERS.items())
    p = sub.add_parser(
        "respond",
        help="answer an org-iso-mdoc request like a phone wallet",
        epilog="tamper kinds: " + tamper_help,
    )
    p.add_argument("--dir", required=True, help="the directory `anchors` wrote")
    p.add_argument("--device-request", required=True, help="base64url CBOR DeviceRequest")
    p.add_argument("--encryption-info", required=True, help="base64url CBOR encryptionInfo")
    p.add_argument("--origin", required=True, help="the origin of the page that called the API")
    p.add_argument("--holder", help='JSON, e.g. {"family_name":"Rivera","given_name":"Ana"}')
    p.add_argument("--portrait", help="a JPEG (default: e2e/fixtures/camera-selfie-astronaut.jpg)")
    p.add_argument("--tamper", choices=sorted(TAMPERS), metavar="KIND", help=tamper_help)
    p.add_argument("--now", type=int, help="Unix seconds to issue at (default: the clock)")
    p.set_defaults(func=cmd_respond)
    p = sub.add_parser("vectors", help="write the Rust crate's committed test vectors")
    p.add_argument("--out", required=True)
    p.add_argument("--now", type=int, help="Unix seconds (default: this hour)")
    p.set_defaults(func=cmd_vectors)
    args = parser.parse_args(argv)
    try:
        result = args.func(args)
    except WalletError as err:
        print(f"wallet: {err}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
