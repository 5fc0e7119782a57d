"""The returning officer's signing key: Ed25519, kept in the election file sealed under the
RO's passphrase, so that only someone who knows the passphrase can sign.

Nothing here is home-made: the key is an Ed25519 key from `cryptography`; the passphrase is
stretched by scrypt (hashlib) with a random salt into a 256-bit key that seals the private
key with AES-GCM (`cryptography`), the public key bound in as associated data. The file
holds only the public key, the salt, scrypt's parameters and the sealed private key: never
the passphrase, nor anything that would let it be checked faster than by scrypt itself.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from countdesk.errors import CountDeskError

# scrypt at 2^15 × 8 × 128 bytes = 32 MiB and about a tenth of a second here: slow enough
# that guessing passphrases from a stolen file is costly, quick enough for the RO.
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
SCRYPT_MEMORY = 64 * 1024 * 1024
SHORTEST_PASSPHRASE = 10


class WrongPassphrase(CountDeskError):
    """The passphrase does not unlock the returning officer's key."""


def passphrase_problem(passphrase: str) -> str:
    """Why a new passphrase is refused, in words; "" when it will do."""
    if len(passphrase) < SHORTEST_PASSPHRASE:
        return (f"the passphrase needs at least {SHORTEST_PASSPHRASE} characters (a few words "
                "are easier to remember than symbols)")
    return ""


@dataclass(frozen=True)
class SealedKey:
    """The RO's key as the file keeps it."""

    public_key: str  # hex of the 32 raw bytes
    kdf: str  # JSON: scrypt's salt (hex) and parameters
    sealed: str  # hex: AES-GCM nonce (12 bytes), then the sealed 32-byte private key

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_key)

    def unlock(self, passphrase: str) -> Signer:
        """The key, for signing; `WrongPassphrase` when the passphrase is not the RO's."""
        try:
            settings = json.loads(self.kdf)
            box = AESGCM(_stretch(passphrase, bytes.fromhex(settings["salt"]),
                                  settings["n"], settings["r"], settings["p"]))
            sealed = bytes.fromhex(self.sealed)
            private = box.decrypt(sealed[:12], sealed[12:], bytes.fromhex(self.public_key))
        except InvalidTag:
            raise WrongPassphrase("that is not the returning officer's passphrase") from None
        except (ValueError, KeyError, TypeError) as error:
            raise CountDeskError(f"the returning officer's key cannot be read ({error})") \
                from None
        signer = Signer(Ed25519PrivateKey.from_private_bytes(private))
        if signer.public_key != self.public_key:
            raise CountDeskError("the returning officer's key does not match its public key")
        return signer


class Signer:
    """The RO's unlocked key. It lives only in memory, for one sitting."""

    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        self.public_key = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_key)

    def sign(self, data: bytes) -> str:
        return self._key.sign(data).hex()

    def seal(self, passphrase: str) -> SealedKey:
        """This key as the file keeps it, sealed under ``passphrase``."""
        problem = passphrase_problem(passphrase)
        if problem:
            raise CountDeskError(problem)
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        box = AESGCM(_stretch(passphrase, salt, **SCRYPT))
        sealed = nonce + box.encrypt(nonce, self._key.private_bytes_raw(),
                                     bytes.fromhex(self.public_key))
        kdf = json.dumps({"salt": salt.hex(), **SCRYPT}, sort_keys=True)
        return SealedKey(self.public_key, kdf, sealed.hex())


def new_key(passphrase: str) -> tuple[SealedKey, Signer]:
    """A new RO key sealed under ``passphrase``, and the key itself, unlocked."""
    signer = Signer(Ed25519PrivateKey.generate())
    return signer.seal(passphrase), signer


def signature_holds(public_key: str, data: bytes, signature: str) -> bool:
    """Whether ``signature`` is the holder of ``public_key`` signing ``data``."""
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key)).verify(
            bytes.fromhex(signature), data)
    except (InvalidSignature, ValueError):
        return False
    return True


def key_fingerprint(public_key: str) -> str:
    """What the sheet prints of the RO's public key: SHA-256 of its raw bytes, in groups
    of four, so a scrutineer can read it out and compare."""
    digest = hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:32]
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def _stretch(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=SCRYPT_MEMORY, dklen=32)
