"""Builds skiffdemo-1.0-py3-none-any.whl from ./skiffdemo with the standard library only.

No package index is reachable on Skiff's test machines, so examples and tests install this wheel
by path: a requirements line that is the wheel's path.
"""
import base64
import hashlib
import os
import zipfile

NAME, VERSION = "skiffdemo", "1.0"
HERE = os.path.dirname(os.path.abspath(__file__))
DIST_INFO = "%s-%s.dist-info" % (NAME, VERSION)
FILES = {
    NAME + "/__init__.py": open(os.path.join(HERE, NAME, "__init__.py"), "rb").read(),
    DIST_INFO + "/METADATA": ("Metadata-Version: 2.1\nName: %s\nVersion: %s\n" % (NAME, VERSION)).encode(),
    DIST_INFO + "/WHEEL": b"Wheel-Version: 1.0\nGenerator: skiff-build\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}


def record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (path, digest, len(data))


def main():
    target = os.path.join(HERE, "%s-%s-py3-none-any.whl" % (NAME, VERSION))
    record = "\n".join(record_line(p, d) for p, d in FILES.items()) + "\n%s/RECORD,,\n" % DIST_INFO
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in list(FILES.items()) + [(DIST_INFO + "/RECORD", record.encode())]:
            info = zipfile.ZipInfo(path, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            wheel.writestr(info, data)
    print(target)


if __name__ == "__main__":
    main()
