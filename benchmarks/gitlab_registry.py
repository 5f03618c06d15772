#!/usr/bin/env python3
"""The benchmarks' registry as GitLab's is: HTTPS with a certificate from a CA, and token auth (the realm below).

    gitlab_registry.py certs FOLDER HOST [KEPT_CA_FOLDER]
        Writes FOLDER/ca.crt (the TLS CA: KEPT_CA_FOLDER's ca.crt and ca.key when it holds them, as a long-lived BuildKit
        daemon must trust it; else a new one, written there when KEPT_CA_FOLDER is given), FOLDER/server.crt and .key (for 127.0.0.1, localhost and HOST),
        FOLDER/token-ca.crt (the registry's rootcertbundle) and FOLDER/token-signer.crt and .key (signs the tokens).
    gitlab_registry.py realm FOLDER PORT USER
        Serves the token realm on https://127.0.0.1:PORT/jwt/auth, as GitLab's /jwt/auth does: USER with the password in
        REALM_PASSWORD (an environment variable, never an argument) by basic authentication, or 401; an RS256 JWT with
        the signing certificate in its x5c header, granting pull and push on whatever repository it asks for. GET only
        (a POST gets 404).
"""
import base64
import datetime
import http.server
import ipaddress
import json
import os
import ssl
import sys
import time
import urllib.parse
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ISSUER = "gitlab-docker-bench"
SERVICE = "container_registry"
LIFETIME = 300


def write(path, data):
    with open(path, "wb") as file:
        file.write(data)


def pem(certificate):
    return certificate.public_bytes(serialization.Encoding.PEM)


def private_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def authority(name):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (x509.CertificateBuilder()
                   .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
                   .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                   .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
                   .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                   .sign(key, hashes.SHA256()))
    return key, certificate


def issue(ca_key, ca_certificate, name, key, server_names=None):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
               .issuer_name(ca_certificate.subject)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
               .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True))
    if server_names is not None:
        names = [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
        names += [x509.DNSName(host) for host in server_names if host not in ("127.0.0.1", "localhost")]
        builder = (builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
                   .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False))
    return builder.sign(ca_key, hashes.SHA256())


def certs(folder, host, kept=None):
    os.makedirs(folder, mode=0o700, exist_ok=True)
    if kept and os.path.isfile(os.path.join(kept, "ca.crt")) and os.path.isfile(os.path.join(kept, "ca.key")):
        with open(os.path.join(kept, "ca.key"), "rb") as file:
            ca_key = serialization.load_pem_private_key(file.read(), password=None)
        with open(os.path.join(kept, "ca.crt"), "rb") as file:
            ca_certificate = x509.load_pem_x509_certificate(file.read())
    else:
        ca_key, ca_certificate = authority("Cake.GitLabDocker benchmark CA")
        if kept:  # kept for a daemon to trust from now on, as the tests keep theirs
            os.makedirs(kept, exist_ok=True)
            write(os.path.join(kept, "ca.key"), private_pem(ca_key))
            write(os.path.join(kept, "ca.crt"), pem(ca_certificate))
    server_key = ec.generate_private_key(ec.SECP256R1())
    write(os.path.join(folder, "ca.crt"), pem(ca_certificate))
    write(os.path.join(folder, "server.crt"), pem(issue(ca_key, ca_certificate, host, server_key, [host])))
    write(os.path.join(folder, "server.key"), private_pem(server_key))
    token_ca_key, token_ca_certificate = authority("Cake.GitLabDocker benchmark token CA")
    signer_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    write(os.path.join(folder, "token-ca.crt"), pem(token_ca_certificate))
    write(os.path.join(folder, "token-signer.crt"), pem(issue(token_ca_key, token_ca_certificate, "token signer", signer_key)))
    write(os.path.join(folder, "token-signer.key"), private_pem(signer_key))


def base64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def realm(folder, port, user):
    password = os.environ["REALM_PASSWORD"]
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    with open(os.path.join(folder, "token-signer.key"), "rb") as file:
        signer = serialization.load_pem_private_key(file.read(), password=None)
    with open(os.path.join(folder, "token-signer.crt"), "rb") as file:
        x5c = base64.b64encode(x509.load_pem_x509_certificate(file.read()).public_bytes(serialization.Encoding.DER)).decode()

    def token(scopes):
        now = int(time.time())
        access = []
        for scope in scopes:
            kind, _, rest = scope.partition(":")
            name, _, actions = rest.rpartition(":")
            if kind == "repository" and name:
                granted = sorted(set(actions.split(",")) & {"pull", "push"})
                if granted:
                    access.append({"type": kind, "name": name, "actions": granted})
        header = {"typ": "JWT", "alg": "RS256", "x5c": [x5c]}
        claims = {"iss": ISSUER, "sub": user, "aud": SERVICE, "exp": now + LIFETIME, "nbf": now - 1, "iat": now,
                  "jti": uuid.uuid4().hex, "access": access}
        signed = base64url(json.dumps(header).encode()) + "." + base64url(json.dumps(claims).encode())
        signature = signer.sign(signed.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
        return signed + "." + base64url(signature)

    class Realm(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # The headers and the body go out in two writes: with Nagle's algorithm the body would wait for the client's
        # delayed ACK (40 ms on Linux), a stall no real realm has, on every token.
        disable_nagle_algorithm = True

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            if url.path != "/jwt/auth":
                self.answer(404, b"")
            elif self.headers.get("Authorization") != expected or query.get("service") != [SERVICE]:
                self.answer(401, b'{"errors":[{"code":"UNAUTHORIZED","message":"HTTP Basic: Access denied"}]}')
            else:
                scopes = [part for value in query.get("scope", []) for part in value.split(" ") if part]
                self.answer(200, json.dumps({"token": token(scopes), "expires_in": LIFETIME}).encode())

        def do_POST(self):
            # As GitLab's realm: GET only. containerd (BuildKit) tries an OAuth2 POST first and falls back to GET on a 404.
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.answer(404, b"")

        def answer(self, status, body):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Realm)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(os.path.join(folder, "server.crt"), os.path.join(folder, "server.key"))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) in (4, 5) and sys.argv[1] == "certs":
        certs(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "realm":
        realm(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit(__doc__)
