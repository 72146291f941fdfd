"""Revision 1 of the image converter: the uploaded image, in black and white, as a PNG."""
import io

from PIL import Image


def handler(event, context):
    body = event['extensions']['request'].body
    if not body:
        return {"error": "NoImage", "message": "POST an image (PNG, JPEG, GIF...) as the request body"}, 400
    try:
        image = Image.open(io.BytesIO(body))
        image.load()
    except Exception as e:  # Pillow raises several types for bytes that are no image
        return {"error": "NotAnImage", "message": "the body is not an image Pillow can read: %s" % e}, 400
    out = io.BytesIO()
    image.convert("L").save(out, format="PNG")
    print("converted %dx%d image to black and white" % image.size)
    return out.getvalue(), 200, {"Content-Type": "image/png", "X-Converter": "bw"}
