"""The sandbox's own ASGI app served over HTTPS with a freshly made self-signed certificate
(untrusted by the OS store), for the TLS-verification tests."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import socket
import ssl
import threading
import time
from pathlib import Path

import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def make_certificate(folder: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fpv self-signed test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class RecordingApp:
    """ASGI wrapper noting the path of every HTTP request that reaches this server."""

    def __init__(self, app) -> None:
        self.app = app
        self.paths: list[str] = []

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            self.paths.append(scope["path"])
        await self.app(scope, receive, send)


class TlsServer:
    """`app` served on `host` (any loopback alias) with a self-signed certificate, or over
    plain http with `tls=False`; `recorder.paths` lists what was asked of it."""

    def __init__(self, app, folder: Path, host: str = "127.0.0.1", *, tls: bool = True) -> None:
        self.recorder = RecordingApp(app)
        self.sock = socket.socket()
        self.sock.bind((host, 0))
        self.host, self.port = host, self.sock.getsockname()[1]
        self.base = f"{'https' if tls else 'http'}://{host}:{self.port}"
        extra = {}
        if tls:
            self.cert, key = make_certificate(folder, host)
            extra = {"ssl_certfile": str(self.cert), "ssl_keyfile": str(key)}
        config = uvicorn.Config(self.recorder, log_level="warning", lifespan="off", **extra)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=lambda: asyncio.run(self.server.serve([self.sock])), daemon=True)

    def trusted_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(self.cert))
        return context

    def start(self) -> TlsServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the TLS server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(5)
        self.sock.close()
