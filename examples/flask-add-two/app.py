"""add_two as a whole Flask app: GET /add_two?x=3 answers 5, the form at / posts to it, and every
result is appended to results.txt on a volume, which GET /history lists.

Deploy it (see README.md):
    skiff volume create add-two-data
    skiff deploy add-two --runtime http --command "python3 app.py" \
        --from-file examples/flask-add-two/ --volume add-two-data:/data
"""
import os

from flask import Flask, jsonify, request

app = Flask(__name__)
# Skiff names each mounted volume's directory in SKIFF_VOLUME_<NAME>: its mount path in the
# sandbox, or its real directory when the server runs without one.
DATA_DIR = os.environ.get("SKIFF_VOLUME_ADD_TWO_DATA", "/data")
RESULTS = os.path.join(DATA_DIR, "results.txt")

FORM = """<!doctype html>
<title>add_two</title>
<form method="post" action="add_two">
  <input name="x" value="3"> <button>add two</button>
</form>
"""


def number(text):
    value = float(text)
    return int(value) if value.is_integer() else value


@app.get("/")
def form():
    return FORM


@app.route("/add_two", methods=["GET", "POST"])
def add_two():
    raw = request.values.get("x")
    if raw is None and request.is_json:
        raw = str((request.get_json(silent=True) or {}).get("x"))
    try:
        x = number(raw)
    except (TypeError, ValueError):
        return jsonify(error="BadInput", message="x must be a number, e.g. /add_two?x=3"), 400
    result = x + 2
    with open(RESULTS, "a", encoding="utf-8") as out:
        out.write("%s + 2 = %s\n" % (x, result))
    return str(result)


@app.get("/history")
def history():
    if not os.path.exists(RESULTS):
        return jsonify(results=[])
    with open(RESULTS, encoding="utf-8") as lines:
        return jsonify(results=[line.rstrip("\n") for line in lines])


if __name__ == "__main__":
    app.run(host=os.environ.get("SKIFF_HOST", "127.0.0.1"), port=int(os.environ["PORT"]))
