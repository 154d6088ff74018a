"""Symmetric encryption at rest for tokens and stored secrets (Fernet, key file 0600)."""

from __future__ import annotations

from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from tonearm.kit.files import read_private_file, write_private_file

__all__ = ["SecretBox", "SecretBoxError"]

KEY_FILE = "secret.key"


class SecretBoxError(Exception):
    """A stored secret could not be decrypted (wrong or rotated key)."""


class SecretBox:
    """Encrypts and decrypts short strings with a key kept in the data directory."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    @classmethod
    def from_data_dir(cls, data_dir: Path) -> SecretBox:
        """Load the key from ``data_dir``, creating it (0600) on first use."""
        path = data_dir / KEY_FILE
        key = read_private_file(path)
        if not key:
            key = Fernet.generate_key().decode()
            write_private_file(path, key + "\n")
        return cls(key.encode())

    def encrypt(self, plaintext: str) -> str:
        """Ciphertext of ``plaintext`` as text."""
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, ciphertext: str) -> str:
        """Plaintext of ``ciphertext``."""
        try:
            return self._fernet.decrypt(ciphertext.encode()).decode()
        except InvalidToken as exc:
            raise SecretBoxError(str(SecretBoxError.__doc__)) from exc
